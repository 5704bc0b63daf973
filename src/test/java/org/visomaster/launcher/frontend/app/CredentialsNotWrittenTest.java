package org.visomaster.launcher.frontend.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
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
 * (provision.log, provision.jsonl, state.json, launcher.log) and not on stdout or stderr; the user name and host
 * still are, so the sentence says where it tried. A clone that succeeds (git's dumb HTTP protocol behind Basic
 * authentication) keeps the password out of the clone's .git/config as well.
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

    @Test
    void aCloneOverHttpWithAPasswordKeepsItOutOfGitConfig() throws Exception {
        Path bare = tmp.resolve("srv/VisoMaster.git");
        Path upstream = Files.createDirectories(tmp.resolve("upstream"));
        Files.writeString(upstream.resolve("main.py"), "print('fixture')\n");
        git(upstream, "init", "-q", "-b", "main");
        git(upstream, "add", ".");
        git(upstream, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "fixture");
        git(tmp, "clone", "-q", "--bare", upstream.toString(), bare.toString());
        git(bare, "update-server-info"); // git's "dumb" HTTP protocol: plain files, which JGit reads
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(("mirror-user:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        server.removeContext("/");
        server.createContext("/", ex -> {
            Path f = tmp.resolve("srv").resolve(ex.getRequestURI().getPath().substring(1)).normalize();
            if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                ex.sendResponseHeaders(401, -1);
            } else if (f.startsWith(tmp.resolve("srv")) && Files.isRegularFile(f)) {
                byte[] body = Files.readAllBytes(f);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            } else {
                ex.sendResponseHeaders(404, -1);
            }
            ex.close();
        });
        Path ws = tmp.resolve("ws");
        Files.createDirectories(ws);
        String url = "http://mirror-user:" + PASSWORD + "@127.0.0.1:" + server.getAddress().getPort()
                + "/VisoMaster.git";
        Files.writeString(ws.resolve("launcher.json"), "{\"repoUrl\": \"" + url + "\", \"ref\": \"main\"}");

        // a git on PATH that notes what it was given: JGit runs none (it would see the launcher's secrets)
        Path fakeBin = Files.createDirectories(tmp.resolve("fakebin"));
        Path fakeGit = fakeBin.resolve("git");
        Files.writeString(fakeGit, "#!/bin/sh\nenv >> " + tmp.resolve("git-children.txt") + "\nexec /usr/bin/git \"$@\"\n");
        fakeGit.toFile().setExecutable(true);

        Run run = provisionSource(ws, java.util.Map.of("PATH", fakeBin + ":" + System.getenv("PATH"),
                "OPEN_BUTTON_TOKEN", "obt-Secret-5555"));

        assertEquals(0, run.code(), run.stdout());
        assertFalse(Files.exists(tmp.resolve("git-children.txt")), "JGit ran git as a child");
        assertTrue(Files.exists(ws.resolve("VisoMaster/main.py")), run.stdout());
        String config = Files.readString(ws.resolve("VisoMaster/.git/config"));
        assertTrue(config.contains("url = http://127.0.0.1:"), config);
        assertNoFileHoldsThePassword(ws);
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, cmd + ": " + out);
    }

    private record Run(int code, String stdout) {
    }

    private Run provisionSource(Path ws, java.util.Map<String, String> env) throws Exception {
        Path out = tmp.resolve("stdout-" + System.nanoTime() + ".txt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--workspace", ws.toString(),
                "provision", "--only", "source"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().clear();
        pb.environment().putAll(NoEnvManagers.host().childVars());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the provision ended");
        return new Run(p.exitValue(), Files.readString(out));
    }

    private void assertNoFileHoldsThePassword(Path ws) throws IOException {
        List<Path> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> f.startsWith(ws) || f.getFileName()
                    .toString().startsWith("stdout-")).filter(f -> !f.equals(ws.resolve("launcher.json"))).toList()) {
                if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(PASSWORD)) {
                    leaks.add(tmp.relativize(f));
                }
            }
        }
        assertTrue(leaks.isEmpty(), "the password is in " + leaks);
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
        pb.environment().putAll(NoEnvManagers.host().childVars());
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
