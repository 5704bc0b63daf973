package org.visomaster.launcher.frontend.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.testing.InProcessLauncher;
import org.visomaster.launcher.infra.util.Json;

/** {@code doctor --bundle} as a user runs it: the archive's entries, no secret in any of them, never a replaced file. */
class DoctorBundleTest {
    private static final Map<String, String> SECRETS = Map.of("OPEN_BUTTON_TOKEN", "b7c1e0f3a9d24c55token",
            "WEB_PASSWORD", "correct horse battery", "VNC_PW", "vnc-pass-123", "HF_TOKEN", "hf_abcdefghijklmnop");

    @TempDir
    Path tmp;
    private InProcessLauncher.Run last;

    private int run(String... args) {
        Map<String, String> env = new LinkedHashMap<>(Map.of("HOME", tmp.toString(), "PATH", "/usr/bin:/bin",
                "VISO_WORKSPACE", tmp.resolve("ws").toString()));
        env.putAll(SECRETS);
        last = InProcessLauncher.run(env, args);
        return last.code();
    }

    private static Map<String, String> entries(Path archive) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(archive);
             ArchiveInputStream<?> a = archive.toString().endsWith(".zip") ? new ZipArchiveInputStream(in)
                     : new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (ArchiveEntry e = a.getNextEntry(); e != null; e = a.getNextEntry()) {
                out.put(e.getName(), new String(a.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** A workspace after a provision that logged the portal token in its output (a URL with it, a pip index). */
    private Path workspaceThatLoggedSecrets() throws IOException {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Path logs = Files.createDirectories(ws.resolve("logs"));
        String token = SECRETS.get("OPEN_BUTTON_TOKEN");
        Files.writeString(logs.resolve("provision.log"), "[requirements] Looking in indexes: https://user:"
                + SECRETS.get("WEB_PASSWORD").replace(" ", "%20") + "@pypi.example/simple\n[models] GET "
                + "https://mirror.example/m.onnx?token=" + token + "\n");
        Files.writeString(logs.resolve("provision.jsonl"), "{\"type\":\"LogLine\",\"line\":\"HF_TOKEN is "
                + SECRETS.get("HF_TOKEN") + "\"}\n");
        Files.writeString(logs.resolve("visomaster-20250301-101500.log"), "VNC password " + SECRETS.get("VNC_PW")
                + "\nTraceback (most recent call last):\n");
        Files.createDirectories(ws.resolve(".launcher"));
        Files.writeString(ws.resolve(".launcher/state.json"), "{\"steps\":{\"source\":{\"status\":\"DONE\"}}}\n");
        Files.writeString(ws.resolve(".launcher/requirements.derived.txt"), "onnxruntime-gpu==1.22.0\n");
        Files.writeString(ws.resolve("launcher.json"), "{\"profile\": \"upstream\"}\n");
        return ws;
    }

    @Test
    void theArchiveHoldsTheLogsStateSettingsAndReportAndNoSecret() throws Exception {
        Path ws = workspaceThatLoggedSecrets();
        Path target = tmp.resolve("bug.zip");
        int code = run("doctor", "--bundle", target.toString());
        assertTrue(code == 0 || code == 1, err().toString());
        assertTrue(out().contains("Bug report: " + target + " (tokens and passwords masked)"), out());
        Map<String, String> e = entries(target);
        assertEquals(List.of("bug/README.txt", "bug/doctor.txt", "bug/doctor.json", "bug/environment.txt",
                "bug/logs/launcher.log", "bug/logs/provision.log", "bug/logs/provision.jsonl",
                "bug/logs/visomaster-20250301-101500.log", "bug/.launcher/state.json",
                "bug/.launcher/requirements.derived.txt", "bug/launcher.json"), List.copyOf(e.keySet()));
        assertTrue(e.get("bug/doctor.txt").startsWith("Config:\n  ok       profile upstream"), e.get("bug/doctor.txt"));
        assertTrue(Json.MAPPER.readTree(e.get("bug/doctor.json")).get("checks").size() > 5);
        assertTrue(e.get("bug/logs/launcher.log").contains("doctor started: pid"), "this very run's log is in it");
        assertTrue(e.get("bug/logs/provision.log").contains("?token=***"), e.get("bug/logs/provision.log"));
        assertEquals("onnxruntime-gpu==1.22.0\n", e.get("bug/.launcher/requirements.derived.txt"));
        for (Map.Entry<String, String> entry : e.entrySet()) {
            for (String secret : SECRETS.values()) {
                assertFalse(entry.getValue().contains(secret), "a secret in " + entry.getKey());
                assertFalse(entry.getValue().contains(secret.replace(" ", "%20")), "a secret in " + entry.getKey());
            }
        }
        for (String name : SECRETS.keySet()) {
            assertTrue(e.get("bug/environment.txt").contains(name + " (set, not included)"), e.get("bug/environment.txt"));
        }
        // nothing else was left in the folder (the temporary name is gone) and the workspace's own files are intact
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("bug.zip", "ws"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.readString(ws.resolve("logs/provision.log")).contains(SECRETS.get("OPEN_BUTTON_TOKEN")));
    }

    @Test
    void withoutAFileItGoesToTheOutputFolderAndJsonNamesIt() throws Exception {
        workspaceThatLoggedSecrets();
        run("--json", "doctor", "--bundle");
        JsonNode report = Json.MAPPER.readTree(out());
        Path bundle = Path.of(report.get("bundle").asText());
        assertEquals(tmp.resolve("ws/output"), bundle.getParent());
        assertTrue(bundle.getFileName().toString().matches("launcher-report-\\d{8}-\\d{6}\\.tar\\.gz"), bundle.toString());
        assertTrue(entries(bundle).containsKey(bundle.getFileName().toString().replace(".tar.gz", "")
                + "/doctor.json"));
    }

    @Test
    void anExistingFileIsNeverReplaced() throws Exception {
        Path mine = Files.writeString(tmp.resolve("mine.tar.gz"), "mine");
        assertEquals(2, run("doctor", "--bundle", mine.toString()));
        assertEquals("visomaster-launcher doctor: " + mine + " already exists, and the bug report never replaces a"
                + " file: name another one or move that one away.", err().lines().findFirst().orElse(""));
        assertEquals("mine", Files.readString(mine));
        assertEquals("", out(), "no report either: nothing ran");
        assertEquals(2, run("doctor", "--bundle", tmp.resolve("nowhere/r.tgz").toString()));
        assertTrue(err().startsWith("visomaster-launcher doctor: the folder " + tmp.resolve("nowhere")
                + " does not exist"), err());
    }

    private String out() {
        return last.out();
    }

    private String err() {
        return last.err();
    }
}
