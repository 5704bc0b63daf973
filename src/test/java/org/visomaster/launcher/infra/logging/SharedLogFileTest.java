package org.visomaster.launcher.infra.logging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes (window, drop page, provision, CLI) write one launcher.log: three JVMs write at once into a
 * small log that rotates dozens of times, then each writes a few last lines. Every line survives whole, each
 * process's lines are in order and only the oldest are dropped (the last ones are all there), and no file outgrows
 * the limit by more than a few lines.
 */
class SharedLogFileTest {
    private static final int LINES = 1500;
    private static final long MAX = 32 * 1024;
    private static final Pattern LINE = Pattern.compile("^\\S+ \\S+ INFO  \\[\\d+ (w\\d)\\] \\[main\\] "
            + "\\S+: (w\\d) line (\\d+) p{100}$");

    @TempDir
    Path tmp;

    @Test
    void threeProcessesRotateOneLogTogetherWithoutLosingOrReorderingLines() throws Exception {
        List<String> names = List.of("w1", "w2", "w3");
        List<Process> writers = new ArrayList<>();
        for (String name : names) {
            writers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), SharedLogWriter.class.getName(), tmp.toString(), name,
                    String.valueOf(LINES), String.valueOf(MAX)).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve(name + ".out").toFile()).start());
        }
        // all three write at once (dozens of rotations), then each writes a few last lines once all are done
        awaitMarkers(names, ".ready", writers);
        Files.createFile(tmp.resolve("go"));
        awaitMarkers(names, ".stormed", writers);
        Files.createFile(tmp.resolve("last"));
        for (Process p : writers) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        }
        Map<String, List<Integer>> seen = new HashMap<>();
        for (String file : List.of("launcher.3.log", "launcher.2.log", "launcher.1.log", "launcher.log")) {
            Path f = tmp.resolve(file);
            assertTrue(Files.size(f) < MAX + 64 * 1024, file + " is " + Files.size(f) + " bytes");
            for (String line : Files.readAllLines(f)) {
                if (line.contains(" started: pid ")) {
                    continue;
                }
                Matcher m = LINE.matcher(line);
                assertTrue(m.matches(), "a whole line in " + file + ": " + line);
                seen.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(Integer.parseInt(m.group(3)));
            }
        }
        assertEquals(Set.copyOf(names), seen.keySet(), "every process's last lines are there");
        for (Map.Entry<String, List<Integer>> e : seen.entrySet()) {
            List<Integer> n = e.getValue();
            assertEquals(LINES + SharedLogWriter.LAST - 1, n.get(n.size() - 1), e.getKey() + "'s newest line is last");
            assertTrue(n.size() >= SharedLogWriter.LAST, e.getKey() + " kept its last lines: " + n.size());
            for (int i = 1; i < n.size(); i++) {
                assertEquals(n.get(i - 1) + 1, n.get(i), e.getKey() + ": only the oldest lines are dropped, and in"
                        + " order (" + n.get(i - 1) + " then " + n.get(i) + ")");
            }
        }
        long total;
        try (var s = Files.list(tmp)) {
            total = s.filter(p -> p.getFileName().toString().endsWith(".log")).mapToLong(p -> p.toFile().length())
                    .sum();
        }
        assertTrue(total < 4 * (MAX + 64 * 1024), "bounded: " + total);
    }

    private void awaitMarkers(List<String> names, String suffix, List<Process> writers) {
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            for (Process p : writers) {
                assertTrue(p.isAlive() || p.exitValue() == 0, "a writer died");
            }
            return names.stream().allMatch(n -> Files.exists(tmp.resolve(n + suffix)));
        });
    }
}
