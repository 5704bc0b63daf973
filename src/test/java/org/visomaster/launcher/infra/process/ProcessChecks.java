package org.visomaster.launcher.infra.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Process checks shared by tests. */
public final class ProcessChecks {
    private ProcessChecks() {
    }

    /** Dead, or a zombie nobody reaped yet (it runs nothing any more; a container's pid 1 may never reap it). */
    public static boolean isGone(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return true;
        }
        try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/status"))) {
            return lines.anyMatch(l -> l.startsWith("State:") && l.contains("Z"));
        } catch (IOException | UncheckedIOException e) {
            return true;
        }
    }
}
