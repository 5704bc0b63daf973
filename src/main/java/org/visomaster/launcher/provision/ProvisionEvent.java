package org.visomaster.launcher.provision;

import java.time.Instant;
import java.util.List;

/**
 * Everything the engine tells the outside world. Listeners (CLI printer, JSONL log, view-models, the
 * upload page's event stream) receive these on the engine's threads and must not block.
 */
public sealed interface ProvisionEvent {
    Instant time();

    /** The runner is about to run these steps (ids in order). */
    record RunStarted(Instant time, List<String> stepIds) implements ProvisionEvent {
    }

    record StepStarted(Instant time, String stepId, String title) implements ProvisionEvent {
    }

    /**
     * Progress of the current step. {@code total} is -1 when unknown; speed in bytes per second, 0 when not
     * meaningful; {@code etaSeconds} -1 when unknown.
     */
    record StepProgress(Instant time, String stepId, long done, long total, double speed, long etaSeconds,
                        String detail) implements ProvisionEvent {
    }

    /** One line of output (pip, git, the engine's own remarks). */
    record LogLine(Instant time, String stepId, String line) implements ProvisionEvent {
    }

    /** A finding a person should read: a warning or a failure sentence, with what to do. */
    record Finding(Instant time, String stepId, Severity severity, String message) implements ProvisionEvent {
    }

    /** Per-model download state for the models step. */
    record ModelProgress(Instant time, String name, String relativePath, long done, long total, double speed,
                         ModelState state, String detail) implements ProvisionEvent {
    }

    /**
     * The step ended. {@code detail} is the one-line summary; on failure it is the sentence saying what happened and
     * what to do, and {@code lastLines} holds the end of the output that led to it.
     */
    record StepFinished(Instant time, String stepId, StepStatus status, String detail, List<String> lastLines)
            implements ProvisionEvent {
    }

    record RunFinished(Instant time, boolean success, boolean cancelled, String summary) implements ProvisionEvent {
    }

    enum Severity {
        INFO, WARNING, ERROR
    }

    enum ModelState {
        QUEUED, VERIFYING, DOWNLOADING, RETRYING, VERIFIED, FAILED
    }
}
