package org.visomaster.launcher.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.visomaster.launcher.imports.ArchiveFixtures.write;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * A launcher started without a UTF-8 locale (LANG=C, common in containers) cannot create files whose names have
 * non-ASCII characters. Imports must still work: the child JVM here runs with LANG=C and imports such files.
 */
class AsciiLocaleImportTest {
    @TempDir
    Path tmp;

    /** Runs inside the LANG=C child: imports every file in args[1] into the workspace args[0]. */
    public static void main(String[] args) throws Exception {
        Workspace ws = new Workspace(Path.of(args[0]));
        Files.createDirectories(ws.source());
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[1]))) {
            files = s.sorted().toList();
        }
        System.out.println("encoding=" + System.getProperty("sun.jnu.encoding"));
        for (ImportResult r : new ImportService(ws).importAll(files)) {
            boolean there = r.destination() != null && Files.exists(r.destination());
            System.out.println("RESULT " + r.kind() + " " + r.accepted() + " " + there + " " + r.message());
        }
    }

    @Test
    void importsNonAsciiNamesUnderACLocale() throws Exception {
        Path drops = Files.createDirectories(tmp.resolve("drops"));
        write(drops.resolve("modèle_ß.onnx"), "model");
        write(drops.resolve("требования.txt"), "notes");
        write(tmp.resolve("t/модуль/файл.txt"), "inside");
        ArchiveFixtures.tar(tmp.resolve("t"), "--format=pax", "-cf", drops.resolve("deps.tar").toString(), "модуль");
        Path ws = tmp.resolve("ws");

        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AsciiLocaleImportTest.class.getName(),
                ws.toString(), drops.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("LC_"));
        env.put("LANG", "C");
        env.put("LC_ALL", "C");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("encoding=ANSI_X3.4-1968"), "the child really has a non-UTF-8 file-name encoding: " + out);

        List<String> results = new ArrayList<>(out.lines().filter(l -> l.startsWith("RESULT ")).toList());
        assertEquals(3, results.size(), out);
        assertTrue(results.stream().allMatch(l -> l.contains(" true true ")), out);
        assertTrue(results.stream().anyMatch(l -> l.startsWith("RESULT MODEL ") && l.contains("LANG=C.UTF-8")), out);

        try (Stream<Path> s = Files.list(ws.resolve("VisoMaster/model_assets"))) {
            Path model = s.filter(f -> f.getFileName().toString().endsWith(".onnx")).findFirst().orElseThrow();
            assertEquals("model", Files.readString(model));
        }
        try (Stream<Path> s = Files.walk(ws.resolve("dependencies"))) {
            assertTrue(s.anyMatch(f -> f.toString().endsWith(".txt") && read(f).equals("inside")), "tar entry extracted");
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
