package org.visomaster.launcher.provision;

import java.util.List;

/**
 * A snapshot of where provisioning stands, for views that poll or render on demand (the upload page's status
 * endpoint, the window when it opens).
 */
public record ProvisionStatus(boolean running, String currentStep, List<StepView> steps, Progress progress,
                              Failure failure, String summary) {

    public record StepView(String id, String title, StepStatus status, String detail) {
    }

    /** Progress of the current step; total -1 when unknown. */
    public record Progress(long done, long total, double speed, long etaSeconds, String detail) {
        public static final Progress NONE = new Progress(0, -1, 0, -1, "");
    }

    public record Failure(String stepId, String message, List<String> lastLines) {
    }
}
