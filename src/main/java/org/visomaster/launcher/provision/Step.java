package org.visomaster.launcher.provision;

/**
 * One provisioning step. {@link #isDone} must be cheap (no hashing, no network, no package installs): it decides
 * whether a rerun skips the step. {@link #run} does the work, reports through the context and either returns an
 * outcome or throws {@link StepFailedException} with the user's sentence.
 */
public interface Step {
    /** Stable id used on the command line, in state.json and in events: preflight, source, python, ... */
    String id();

    /** Title shown to people. */
    String title();

    boolean isDone(StepContext ctx) throws Exception;

    /** What {@link #run} would do, without changing anything (for --dry-run). */
    String plan(StepContext ctx) throws Exception;

    StepOutcome run(StepContext ctx) throws StepFailedException, Cancellation.CancelledException, Exception;
}
