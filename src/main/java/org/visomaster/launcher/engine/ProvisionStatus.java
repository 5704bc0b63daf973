package org.visomaster.launcher.engine;

import java.util.List;

/**
 * An immutable snapshot of a run, folded from its events by {@link StatusTracker} (the one fold): the window, the
 * upload page and the command line read these, never the events, for state. Several steps may be running:
 * {@code runningSteps} names them (graph order), each {@link StepView} carries its own progress, and
 * {@code progress} is the figure over them; {@code overall} is the bar over the whole run.
 *
 * @param currentStep the first running step (null when none): for views that show one line
 * @param failure     the first failed step, or null; {@code failures} has them all
 * @param phase       where the latest run stands
 * @param run         how many runs have started since the fold began (0: none), so a view can tell runs apart
 * @param models      every model file a run reported or the disk listed, in the order first seen
 */
public record ProvisionStatus(boolean running, StepId currentStep, List<StepId> runningSteps, List<StepView> steps,
                              Progress progress, StepFailure failure, List<StepFailure> failures, String summary,
                              RunPhase phase, int run, Overall overall, List<ModelView> models) {

    public ProvisionStatus {
        runningSteps = List.copyOf(runningSteps);
        steps = List.copyOf(steps);
        failures = List.copyOf(failures);
        models = List.copyOf(models);
    }

    /** One step; {@code progress} is null unless it is running and has reported some. */
    public record StepView(StepId id, String title, StepStatus status, String detail, Progress progress) {
    }

    /**
     * The run as one bar: {@code fraction} 0..1 over its steps (a running step counts by its own fraction),
     * {@code text} "2 of 6 steps done · running: Models", {@code detail} the bytes, speed and time left of the
     * running steps together.
     */
    public record Overall(double fraction, String text, String detail) {
        public static final Overall NONE = new Overall(0, "", "");
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
