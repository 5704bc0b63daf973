package org.visomaster.launcher.provision;

import java.util.List;
import java.util.Map;

/** How a run ended. {@code message} is the failing step's sentence, or a one-line summary on success. */
public record RunResult(boolean success, boolean cancelled, String failedStep, String message,
                        List<String> lastLines, Map<String, StepStatus> statuses) {
}
