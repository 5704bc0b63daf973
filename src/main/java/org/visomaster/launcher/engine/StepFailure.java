package org.visomaster.launcher.engine;

import java.util.List;

/** A step that failed: its sentence (what happened, what to do) and the last lines of output that led to it. */
public record StepFailure(StepId stepId, String title, String message, List<String> lastLines) {
    public StepFailure {
        lastLines = lastLines == null ? List.of() : List.copyOf(lastLines);
    }
}
