package org.visomaster.launcher.engine;

import java.time.Instant;
import java.util.List;

/**
 * Everything the engine tells the outside world. Listeners (CLI printer, JSONL log, view-models, the upload page's
 * event stream) receive these on the engine's threads and must not block. Steps run at the same time, so events of
 * different steps interleave: each one names its step.
 */
public sealed interface ProvisionEvent {
    Instant time();

    /** The runner is about to run these steps (graph order), each after the steps it lists. */
    record RunStarted(Instant time, List<PlannedStep> steps, boolean dryRun) implements ProvisionEvent {
        public RunStarted {
            steps = steps == null ? List.of() : List.copyOf(steps);
        }

        public List<StepId> stepIds() {
            return steps.stream().map(PlannedStep::id).toList();
        }
    }

    /** A step of a run and the steps of the same run it waits for. */
    record PlannedStep(StepId id, String title, List<StepId> after) {
        public PlannedStep {
            after = after == null ? List.of() : List.copyOf(after);
        }
    }

    record StepStarted(Instant time, StepId stepId, String title) implements ProvisionEvent {
    }

    /**
     * Progress of a running step. {@code total} is -1 when unknown; speed in bytes per second, 0 when not
     * meaningful; {@code etaSeconds} -1 when unknown.
     */
    record StepProgress(Instant time, StepId stepId, long done, long total, double speed, long etaSeconds,
                        String detail) implements ProvisionEvent {
    }

    /** One line of output (pip, git, the engine's own remarks); {@code stepId} null for the run's own lines. */
    record LogLine(Instant time, StepId stepId, String line) implements ProvisionEvent {
    }

    /** A finding a person should read: a warning or a failure sentence, with what to do. */
    record Finding(Instant time, StepId stepId, Severity severity, String message) implements ProvisionEvent {
    }

    /** Per-item download state (one model file) of a step that fetches files. */
    record ModelProgress(Instant time, StepId stepId, String name, String relativePath, long done, long total,
                         double speed, ModelState state, String detail) implements ProvisionEvent {
    }

    /**
     * The step ended. {@code detail} is the one-line summary; on failure it is the sentence saying what happened and
     * what to do, and {@code lastLines} holds the end of the output that led to it. A BLOCKED step never started.
     */
    record StepFinished(Instant time, StepId stepId, StepStatus status, String detail, List<String> lastLines)
            implements ProvisionEvent {
        public StepFinished {
            lastLines = lastLines == null ? List.of() : List.copyOf(lastLines);
        }
    }

    /** The run ended: {@code failed} steps, and the {@code blocked} ones that waited on them. */
    record RunFinished(Instant time, boolean success, boolean cancelled, String summary, List<StepId> failed,
                       List<StepId> blocked) implements ProvisionEvent {
        public RunFinished {
            failed = failed == null ? List.of() : List.copyOf(failed);
            blocked = blocked == null ? List.of() : List.copyOf(blocked);
        }
    }

    enum Severity {
        INFO, WARNING, ERROR
    }

    /**
     * A model file's one state vocabulary, for a run's events and for listings of the disk alike. It sits in the
     * engine's event API because events carry it and the engine sees no step; the models step alone decides which
     * state a file is in (see the package notes).
     */
    enum ModelState {
        /** Waiting for a download slot. */
        QUEUED,
        /** Its hash is being checked. */
        VERIFYING,
        DOWNLOADING,
        /** A transfer or hash check failed and is being tried again. */
        RETRYING,
        /** On disk and its hash matched (now, or earlier with the same size and mtime). */
        VERIFIED,
        /** The run gave up on it; the detail says why and what to do. */
        FAILED,
        /** Not on disk and no partial download. */
        MISSING,
        /** A {@code .part} from an interrupted download is waiting to be resumed. */
        PARTIAL,
        /** On disk but not checked since it appeared or changed. */
        UNVERIFIED,
        /** On disk with the wrong hash. */
        MISMATCH
    }
}
