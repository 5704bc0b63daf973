package org.visomaster.launcher.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a run ended. {@code message} is the run's one summary (what failed and what waits on it, or that all is done);
 * {@code failures} the failed steps in graph order, {@code waiting} each blocked step with the failed step it waited
 * on; {@code statuses} every step of the run.
 */
public record RunResult(boolean success, boolean cancelled, String message, List<StepFailure> failures,
                        Map<StepId, StepId> waiting, Map<StepId, StepStatus> statuses) {
    public RunResult {
        failures = List.copyOf(failures);
        waiting = Collections.unmodifiableMap(new LinkedHashMap<>(waiting));
        statuses = Collections.unmodifiableMap(new LinkedHashMap<>(statuses));
    }

    /** A run that could not start (the workspace is locked, the state cannot be written). */
    public static RunResult notStarted(String message) {
        return new RunResult(false, false, message, List.of(), Map.of(), Map.of());
    }

    /** The first failed step, or null. */
    public StepId failedStep() {
        return failures.isEmpty() ? null : failures.get(0).stepId();
    }

    /** The first failure's last lines of output (empty when none). */
    public List<String> lastLines() {
        return failures.isEmpty() ? List.of() : failures.get(0).lastLines();
    }
}
