package org.visomaster.launcher.guard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.testing.InProcessLauncher;

/** A bug report of a box with the guard set up holds neither the instance's key nor the webhook's token. */
class GuardSecretsInReportTest {
    private static final String WEBHOOK_TOKEN = "wh-token-Zq81xYbL0p";
    @TempDir
    Path dir;

    @Test
    void theBundleMasksTheKeyAndTheNotificationUrl() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("workspace"));
        Files.writeString(ws.resolve("launcher.json"), "{\"idleStopMinutes\": 30, \"notifyUrl\":"
                + " \"https://discord.com/api/webhooks/77/" + WEBHOOK_TOKEN + "-json\"}");
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", dir.toString());
        env.put("CONTAINER_ID", "4242");
        env.put("CONTAINER_API_KEY", GuardServiceTest.KEY);
        env.put("VISO_NOTIFY_URL", "https://discord.com/api/webhooks/77/" + WEBHOOK_TOKEN);
        Path bundle = dir.resolve("report.tar.gz");
        InProcessLauncher.run(env, "--workspace", ws.toString(), "doctor", "--bundle", bundle.toString());
        assertTrue(Files.exists(bundle));
        StringBuilder all = new StringBuilder();
        try (InputStream in = Files.newInputStream(bundle);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                tar.transferTo(b);
                all.append("== ").append(e.getName()).append('\n').append(b.toString(StandardCharsets.UTF_8));
            }
        }
        String text = all.toString();
        assertTrue(text.contains("launcher.json"), "the bundle has launcher.json");
        assertFalse(text.contains(GuardServiceTest.KEY), "the instance's key is in the report");
        assertFalse(text.contains(WEBHOOK_TOKEN), "the webhook's token is in the report:\n" + text);
    }
}
