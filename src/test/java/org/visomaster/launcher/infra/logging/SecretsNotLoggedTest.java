package org.visomaster.launcher.infra.logging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.frontend.app.Main;
import org.visomaster.launcher.testing.FixtureVisoMaster;
import org.visomaster.launcher.frontend.upload.UploadToken;

/**
 * The portal's token never reaches a log: a real provision and the drop page (serve), each in its own JVM as a
 * user runs them, at debug and trace level, with OPEN_BUTTON_TOKEN set; the page is opened with ?token= and with
 * a Bearer header; then every file under logs/ and the commands' stdout and stderr are searched for the token and
 * for the cookie derived from it.
 */
class SecretsNotLoggedTest {
    private static final String TOKEN = "vast-Open-Button-7f3c9d81e2a4";

    @TempDir
    Path tmp;
    FixtureVisoMaster fixture;
    final List<Path> outputs = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fixture = FixtureVisoMaster.create(tmp, "print('fixture VisoMaster')\n", 2, 64 << 10);
        fixture.writeLauncherJson();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private Process start(String level, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--workspace", fixture.ws.root().toString()));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("stdout-" + outputs.size() + ".txt");
        Path err = tmp.resolve("stderr-" + outputs.size() + ".txt");
        outputs.addAll(List.of(out, err));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(fixture.host().childVars());
        pb.environment().putAll(Map.of("OPEN_BUTTON_TOKEN", TOKEN, "VISO_LOG_LEVEL", level));
        return pb.start();
    }

    @Test
    void neitherAProvisionNorTheDropPageLogTheToken() throws Exception {
        Process provision = start("debug", "provision");
        assertTrue(provision.waitFor(180, TimeUnit.SECONDS), "the provision finished");
        assertEquals(0, provision.exitValue(), Files.readString(outputs.get(0)) + Files.readString(outputs.get(1)));

        for (String level : List.of("debug", "trace")) {
            Process serve = start(level, "serve", "--port", "0");
            Path stdout = outputs.get(outputs.size() - 2);
            Matcher m = Pattern.compile("Upload page: (http://127\\.0\\.0\\.1:\\d+/)").matcher("");
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                assertTrue(serve.isAlive(), "serve runs: " + Files.readString(outputs.get(outputs.size() - 1)));
                return m.reset(Files.readString(stdout)).find();
            });
            String page = m.group(1);
            OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).build();
            try (Response r = http.newCall(new Request.Builder().url(page + "?token=" + TOKEN).build()).execute()) {
                assertEquals(303, r.code(), "the token opens the page");
            }
            try (Response r = http.newCall(new Request.Builder().url(page + "api/status")
                    .header("Authorization", "Bearer " + TOKEN).build()).execute()) {
                assertEquals(200, r.code());
            }
            try (Response r = http.newCall(new Request.Builder().url(page + "api/status?token=" + TOKEN + "x")
                    .build()).execute()) {
                assertEquals(401, r.code(), "a wrong token is refused");
            }
            http.connectionPool().evictAll();
            serve.destroy();
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS));
        }

        String log = Files.readString(fixture.ws.logs().resolve("launcher.log"));
        assertTrue(log.contains("log level DEBUG") && log.contains("log level TRACE") && log.contains("DEBUG ["),
                "the logs were written at debug and trace: " + log);
        List<Path> searched = new ArrayList<>(outputs);
        try (Stream<Path> logs = Files.walk(fixture.ws.logs())) {
            logs.filter(Files::isRegularFile).forEach(searched::add);
        }
        String cookie = UploadToken.of(TOKEN).cookieValue();
        for (Path f : searched) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
            assertFalse(text.contains(TOKEN), "the token is in " + f + ":\n" + text);
            assertFalse(text.contains(cookie), "the page's cookie is in " + f);
        }
        assertTrue(searched.stream().anyMatch(p -> p.getFileName().toString().equals("provision.log")),
                searched.toString());
    }
}
