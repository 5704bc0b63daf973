package org.visomaster.launcher.infra.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.workspace.Workspace;

class ReportBundleTest {
    static final String TOKEN = "portal-token-4f9c2a77e1";
    /** A password with characters that URL-encoding and JSON escape differently. */
    static final String PASSWORD = "p@ss w\"rd\\7!";

    @TempDir
    Path tmp;
    Workspace ws;
    final Map<String, String> env = new LinkedHashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        ws = new Workspace(tmp.resolve("ws"));
        ws.ensureLayout();
        env.put("OPEN_BUTTON_TOKEN", TOKEN);
        env.put("WEB_PASSWORD", PASSWORD);
        env.put("VISO_PROFILE", "upstream");
    }

    /** Every entry of a .tar.gz or .zip, name to content. */
    static Map<String, byte[]> entries(Path archive) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(archive);
             ArchiveInputStream<?> a = archive.toString().endsWith(".zip") ? new ZipArchiveInputStream(in)
                     : new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (ArchiveEntry e = a.getNextEntry(); e != null; e = a.getNextEntry()) {
                out.put(e.getName(), a.readAllBytes());
            }
        }
        return out;
    }

    static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(
                new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    private void workspaceFiles() throws IOException {
        Path logs = ws.logs();
        Files.writeString(logs.resolve("launcher.log"), "INFO serve started\nWARN token=" + TOKEN + " refused\n");
        Files.writeString(logs.resolve("launcher.1.log"), "older lines\n");
        Files.writeString(logs.resolve("provision.log"), "[source]       cloned with " + TOKEN + "\n");
        Files.writeString(logs.resolve("provision.jsonl"), "{\"type\":\"LogLine\",\"line\":\""
                + PASSWORD.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n");
        Files.writeString(logs.resolve("visomaster-provisioning.log"), "entry point: Authorization: Bearer "
                + "abc.def.ghi\n");
        for (int i = 1; i <= 5; i++) {
            Path run = Files.writeString(logs.resolve("visomaster-2025010" + i + "-120000.log"), "run " + i + "\n");
            Files.setLastModifiedTime(run, FileTime.fromMillis(1_700_000_000_000L + i * 1000L));
        }
        Files.writeString(logs.resolve("notes.txt"), "not a log the bundle takes\n");
        Files.writeString(ws.stateFile(), "{\"steps\":{}}\n");
        Files.writeString(ws.stateDir().resolve("requirements.derived.txt"), "torch==2.4.1\n");
        Files.writeString(ws.configFile(), "{\"modelsBaseUrl\": \"https://me:"
                + java.net.URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "@mirror.example/models\"}\n");
    }

    @Test
    void holdsTheLogsStateAndSettingsWithEverySecretMasked() throws Exception {
        workspaceFiles();
        Path target = tmp.resolve("report.tar.gz");
        ReportBundle.Written w = ReportBundle.write(ws, env, target, List.of(ReportBundle.Item.text("doctor.txt",
                "Config:\n  ok  " + TOKEN + "\n")));
        assertEquals(target, w.file());
        Map<String, byte[]> e = entries(target);
        assertEquals(List.of("report/README.txt", "report/doctor.txt", "report/environment.txt",
                "report/logs/launcher.1.log", "report/logs/launcher.log", "report/logs/provision.log",
                "report/logs/provision.jsonl", "report/logs/visomaster-provisioning.log",
                "report/logs/visomaster-20250105-120000.log", "report/logs/visomaster-20250104-120000.log",
                "report/logs/visomaster-20250103-120000.log", "report/.launcher/state.json",
                "report/.launcher/requirements.derived.txt", "report/launcher.json"), List.copyOf(e.keySet()));
        assertEquals(e.size(), w.entries());
        for (Map.Entry<String, byte[]> entry : e.entrySet()) {
            for (String secret : List.of(TOKEN, PASSWORD, "abc.def.ghi",
                    java.net.URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8), "p@ss w\\\"rd\\\\7!")) {
                assertFalse(contains(entry.getValue(), secret), secret + " in " + entry.getKey());
            }
        }
        assertEquals("INFO serve started\nWARN token=*** refused\n",
                new String(e.get("report/logs/launcher.log"), StandardCharsets.UTF_8));
        assertEquals("[source]       cloned with ***\n",
                new String(e.get("report/logs/provision.log"), StandardCharsets.UTF_8));
        assertTrue(contains(e.get("report/launcher.json"), "https://me:***@mirror.example/models"));
        assertArrayEquals("torch==2.4.1\n".getBytes(StandardCharsets.UTF_8),
                e.get("report/.launcher/requirements.derived.txt"), "files without secrets are copied as they are");
        String environment = new String(e.get("report/environment.txt"), StandardCharsets.UTF_8);
        assertTrue(environment.contains("OPEN_BUTTON_TOKEN (set, not included)"), environment);
        assertTrue(environment.contains("VISO_PROFILE=upstream"), environment);
        String readme = new String(e.get("report/README.txt"), StandardCharsets.UTF_8);
        assertTrue(readme.contains("the values of OPEN_BUTTON_TOKEN, WEB_PASSWORD,"), readme);
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("report.tar.gz", "ws"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file is left beside it");
        }
    }

    @Test
    void aLargeLogKeepsItsLastLinesAndSaysSo() throws Exception {
        StringBuilder b = new StringBuilder();
        int lines = 0;
        while (b.length() <= ReportBundle.LOG_LIMIT + 100_000) {
            b.append("line ").append(lines++).append(' ').append("x".repeat(90)).append('\n');
        }
        Files.writeString(ws.logs().resolve("provision.log"), b);
        ReportBundle.Written w = ReportBundle.write(ws, Map.of(), tmp.resolve("big.zip"), List.of());
        byte[] kept = entries(tmp.resolve("big.zip")).get("big/logs/provision.log");
        assertTrue(kept.length <= ReportBundle.LOG_LIMIT + 100, "bounded: " + kept.length);
        String text = new String(kept, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("[the first "), text.substring(0, 80));
        assertTrue(text.lines().skip(1).allMatch(l -> l.startsWith("line ")), "whole lines only");
        assertTrue(text.endsWith("line " + (lines - 1) + " " + "x".repeat(90) + "\n"), "the end is kept");
        assertEquals(1, w.shortened().size(), w.shortened().toString());
    }

    @Test
    void neverReplacesAFileAndNeedsAnExistingFolder() throws Exception {
        Path taken = Files.writeString(tmp.resolve("mine.tar.gz"), "the user's own file");
        assertThrows(FileAlreadyExistsException.class, () -> ReportBundle.write(ws, env, taken, List.of()));
        assertEquals("the user's own file", Files.readString(taken));
        assertThrows(NoSuchFileException.class, () -> ReportBundle.write(ws, env,
                tmp.resolve("no/such/folder/r.tgz"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> ReportBundle.write(ws, env, tmp.resolve("r.rar"),
                List.of()));
    }

    @Test
    void secretNamesAndShortValues() {
        for (String name : List.of("OPEN_BUTTON_TOKEN", "WEB_PASSWORD", "VNC_PW", "GITHUB_TOKEN", "CONTAINER_API_KEY",
                "db_passwd", "MY_SECRET")) {
            assertTrue(SecretMask.isSecretName(name), name);
        }
        for (String name : List.of("PATH", "VISO_PROFILE", "DISPLAY", "PWD")) {
            assertFalse(SecretMask.isSecretName(name), name);
        }
        SecretMask mask = SecretMask.of(Map.of("VNC_PW", "ab", "X_TOKEN", "abc", "PATH", "/usr/bin"));
        assertEquals("ab *** /usr/bin", mask.apply("ab abc /usr/bin"), "two characters cannot be told from text");
    }
}
