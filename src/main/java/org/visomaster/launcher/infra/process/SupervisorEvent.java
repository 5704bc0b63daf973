package org.visomaster.launcher.infra.process;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the VisoMaster supervisor tells its listener, in order, on its one event thread ("visomaster-events"). */
public sealed interface SupervisorEvent {
    /**
     * A new state. {@code pid} is the run's process id (also on EXITED/CRASHED/STOPPED, for the log);
     * {@code exitCode} is set on EXITED, CRASHED and STOPPED, null otherwise; {@code since} is when the state began.
     */
    record StateChanged(VisoState state, long pid, Integer exitCode, Instant since) implements SupervisorEvent {
    }

    /** One line of VisoMaster's output (stdout and stderr merged), or a note from the supervisor itself. */
    record Output(String line) implements SupervisorEvent {
    }

    /** VisoMaster ended on its own with a non-zero code (or a signal); its last lines and a cause when known. */
    record Crashed(int exitCode, List<String> lastLines, Optional<Diagnosis> diagnosis) implements SupervisorEvent {
        public Crashed {
            lastLines = List.copyOf(lastLines);
        }
    }
}
