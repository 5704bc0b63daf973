package org.visomaster.launcher.infra.logging;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process writing the shared launcher.log for {@link SharedLogFileTest}; args: folder, name, lines, max bytes.
 * Steps in time with the others through marker files in the folder: "NAME.ready" then waits for "go", writes its
 * lines, "NAME.stormed" then waits for "last", writes {@link #LAST} more.
 */
public final class SharedLogWriter {
    static final int LAST = 20;

    private SharedLogWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String name = args[1];
        int lines = Integer.parseInt(args[2]);
        String problem = LauncherLogging.start(dir, LogLevel.INFO, name, Long.parseLong(args[3]), 1);
        if (problem != null) {
            System.err.println(problem);
            System.exit(2);
        }
        Logger log = LoggerFactory.getLogger("org.visomaster.launcher.SharedLogWriter");
        String padding = "p".repeat(100);
        step(dir, name + ".ready", "go");
        for (int i = 0; i < lines; i++) {
            log.info("{} line {} {}", name, i, padding);
        }
        step(dir, name + ".stormed", "last");
        for (int i = lines; i < lines + LAST; i++) {
            log.info("{} line {} {}", name, i, padding);
        }
        System.exit(0);
    }

    private static void step(Path dir, String done, String awaited) throws Exception {
        Files.createFile(dir.resolve(done));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(dir.resolve(awaited))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + awaited + " within a minute");
            }
            Thread.sleep(5);
        }
    }
}
