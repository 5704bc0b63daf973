package org.visomaster.launcher.infra.process;

import java.util.List;

/** How a command ended: its exit code (-1 when it was killed for a timeout or cancel) and its last lines. */
public record CommandResult(int exitCode, List<String> lastLines, boolean timedOut, boolean cancelled) {
    public boolean ok() {
        return exitCode == 0 && !timedOut && !cancelled;
    }
}
