package org.visomaster.launcher.infra.process;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log file of one VisoMaster run, {@code logs/visomaster-<yyyyMMdd-HHmmss>.log}. The writer flushes whenever the
 * child has nothing more buffered, so a burst is written in one go and the last lines before a crash are on disk.
 */
final class RunLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path path;
    private final BufferedWriter out;
    private boolean broken;

    private RunLog(Path path, BufferedWriter out) {
        this.path = path;
        this.out = out;
    }

    /** Creates a new log file in {@code dir}; a second run in the same second gets a "-2" suffix, never an overwrite. */
    static RunLog create(Path dir, LocalDateTime now) throws IOException {
        Files.createDirectories(dir);
        String base = "visomaster-" + STAMP.format(now);
        for (int n = 1; ; n++) {
            Path p = dir.resolve(n == 1 ? base + ".log" : base + "-" + n + ".log");
            try {
                BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return new RunLog(p, w);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (n > 100) {
                    throw e;
                }
            }
        }
    }

    Path path() {
        return path;
    }

    /** Appends a line; a full disk must not stop VisoMaster, so write errors only stop the logging. */
    synchronized void line(String line, boolean flush) {
        if (broken) {
            return;
        }
        try {
            out.write(line);
            out.newLine();
            if (flush) {
                out.flush();
            }
        } catch (IOException e) {
            broken = true;
            LOG.warn("VisoMaster's log cannot be written any more (a full disk?); VisoMaster keeps running and its"
                    + " console still shows everything", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            broken = true;
            LOG.warn("VisoMaster's log could not be closed; its last lines may be missing", e);
        }
    }
}
