package org.visomaster.launcher.engine;

import java.util.List;

/**
 * A snapshot of where provisioning stands, for views that poll or render on demand (the upload page's status
 * endpoint, the window when it opens). Several steps may be running: {@code runningSteps} names them (graph order),
 * each {@link StepView} carries its own progress, and {@code progress} is the run's overall figure over them.
 *
 * @param currentStep the first running step (null when none): for views that show one line
 * @param failure     the first failed step, or null; {@code failures} has them all
 */
public record ProvisionStatus(boolean running, StepId currentStep, List<StepId> runningSteps, List<StepView> steps,
                              Progress progress, StepFailure failure, List<StepFailure> failures, String summary) {

    /** One step; {@code progress} is null unless it is running and has reported some. */
    public record StepView(StepId id, String title, StepStatus status, String detail, Progress progress) {
    }

    /** Bytes done of total (-1 when unknown), speed in bytes/s, seconds left (-1 when unknown), a detail line. */
    public record Progress(long done, long total, double speed, long etaSeconds, String detail) {
        public static final Progress NONE = new Progress(0, -1, 0, -1, "");

        /** 0..1, or -1 when the total is unknown. */
        public double fraction() {
            return total > 0 ? Math.min(1, (double) done / total) : -1;
        }

        /**
         * The figure over steps running at the same time: bytes and speeds add up, and the time left is the longest
         * of the known ones (they run side by side); {@code detail} names what is still unknown.
         */
        public static Progress overall(List<Progress> parts, String detail) {
            long done = 0;
            long total = 0;
            double speed = 0;
            long eta = -1;
            boolean anyTotal = false;
            for (Progress p : parts) {
                if (p.total() > 0) {
                    anyTotal = true;
                    done += p.done();
                    total += p.total();
                }
                speed += p.speed();
                eta = Math.max(eta, p.etaSeconds());
            }
            return new Progress(done, anyTotal ? total : -1, speed, eta, detail);
        }
    }
}
