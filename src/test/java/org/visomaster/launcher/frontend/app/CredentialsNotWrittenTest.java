package org.visomaster.launcher.frontend.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.testing.NoEnvManagers;

/**
 * A repo URL with a password (https://user:pw@host/…), as a user configures a private mirror: a real provision in
 * its own JVM against a git server on 127.0.0.1 that refuses it. The password is in no file of the workspace
 * (provision.log, provision.jsonl, state.json, launcher.log, the clone's own .git/config) and not on stdout or
 * stderr; the user name and host still are, so the sentence says where it tried.
 */
class CredentialsNotWrittenTest {
    private static final String PASSWORD = "Pw-9c41e7f0d2b3";

    @TempDir
    Path tmp;
    HttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            ex.sendResponseHeaders(401, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void aRepoPasswordIsWrittenNowhere() throws Exception {
        Path ws = tmp.resolve("ws");
        Files.createDirectories(ws);
        String url = "http://mirror-user:" + PASSWORD + "@127.0.0.1:" + server.getAddress().getPort()
                + "/VisoMaster.git";
        Files.writeString(ws.resolve("launcher.json"), "{\"repoUrl\": \"" + url + "\"}");
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--workspace", ws.toString(),
                "provision", "--only", "source"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(NoEnvManagers.host().vars());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the provision ended");
        String stdout = Files.readString(out);
        assertNotEquals(0, p.exitValue(), stdout);
        assertTrue(stdout.contains("mirror-user:***@127.0.0.1"), stdout);

        List<Path> leaks = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.equals(ws.resolve("launcher.json")))
                    .toList()) {
                written.add(tmp.relativize(f));
                if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(PASSWORD)) {
                    leaks.add(tmp.relativize(f));
                }
            }
        }
        for (String f : List.of("ws/logs/provision.log", "ws/logs/provision.jsonl", "ws/logs/launcher.log",
                "ws/.launcher/state.json")) {
            assertTrue(written.contains(Path.of(f)), f + " was written: " + written);
        }
        assertTrue(leaks.isEmpty(), "the password is in " + leaks);
        assertFalse(Files.readString(err).contains(PASSWORD));
    }
}
