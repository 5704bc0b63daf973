package org.visomaster.launcher.infra.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A crash report VisoMaster-Fusion writes itself: {@code main.py} catches what escapes the app, writes the traceback
 * to {@value #DIR}{@code /crash_<yyyyMMdd_HHmmss>.log} beside itself and exits 1. Only a report written during the
 * run counts (an older one is another crash), and only its last {@value #MAX_BYTES} bytes are read.
 *
 * @param path  the report
 * @param lines its last lines
 */
record CrashLog(Path path, List<String> lines) {
    static final String DIR = "crash_logs";
    static final int MAX_BYTES = 64 * 1024;
    /** File times can be a second coarse: a report this much older than the start still counts. */
    private static final long CLOCK_SLACK_MS = 2000;

    /** The newest {@code crash_*.log} in {@code source/crash_logs} modified since {@code startedAt}. */
    static Optional<CrashLog> newestSince(Path source, Instant startedAt) {
        Path dir = source.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        long since = startedAt.toEpochMilli() - CLOCK_SLACK_MS;
        try (Stream<Path> s = Files.list(dir)) {
            Optional<Path> newest = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("crash_") && n.endsWith(".log") && Files.isRegularFile(p);
            }).filter(p -> modified(p) >= since).max(Comparator.comparingLong(CrashLog::modified));
            if (newest.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new CrashLog(newest.get(), tail(newest.get())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * What the report says in one line: the exception line ending the traceback ("RuntimeError: ..."), else its
     * last non-blank line; empty for an empty report.
     */
    String error() {
        String lastText = "";
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.chars().allMatch(c -> c == '=' || c == '-')) {
                continue;
            }
            if (lastText.isEmpty()) {
                lastText = l;
            }
            if (!Character.isWhitespace(lines.get(i).charAt(0)) && l.matches("[A-Za-z_][\\w.]*(: .*)?")) {
                return l;
            }
        }
        return lastText;
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    private static List<String> tail(Path p) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            long start = Math.max(0, f.length() - MAX_BYTES);
            byte[] buf = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(buf);
            List<String> lines = new String(buf, StandardCharsets.UTF_8).lines().toList();
            // a read that starts mid-line drops that partial first line
            return start > 0 && lines.size() > 1 ? lines.subList(1, lines.size()) : lines;
        }
    }
}
