package org.visomaster.launcher.engine;

import java.util.Set;

/**
 * One provisioning step, a node of the {@link StepGraph}. It declares what it {@link #needs}: the runner starts it as
 * soon as those have succeeded, at the same time as any other step whose needs are met. {@link #isDone} must be
 * cheap (no hashing, no network, no package installs): it decides whether a rerun skips the step. {@link #run} does
 * the work, reports through the context and either returns an outcome or throws {@link StepFailedException} with the
 * user's sentence.
 */
public interface Step {
    /** Where a step stands in every run, beyond its declared needs. */
    enum Kind {
        /**
         * Checks before any work: every other step waits until it has ended, but none needs it to succeed. What it
         * finds stops only the steps it concerns ({@link StepOutcome#blocks}).
         */
        CHECK,
        /** Work that runs as soon as its needs are done. */
        WORK,
        /** Runs last: it needs every check and every work step of the graph. */
        FINAL
    }

    /** Stable id used on the command line, in state.json and in events. */
    StepId id();

    /** Title shown to people. */
    String title();

    /** The steps that must have succeeded before this one runs (checks and the final step need not be named). */
    Set<StepId> needs();

    default Kind kind() {
        return Kind.WORK;
    }

    /**
     * Whether Repair runs this step even when its cheap check passes, because it re-verifies what it otherwise trusts
     * (the models step re-hashes every file, the packages step installs the derived file again). Other steps run on
     * Repair only when they are not done.
     */
    default boolean rerunOnRepair() {
        return false;
    }

    boolean isDone(StepContext ctx) throws Exception;

    /** What {@link #run} would do, without changing anything (for --dry-run). */
    String plan(StepContext ctx) throws Exception;

    StepOutcome run(StepContext ctx) throws StepFailedException, Cancellation.CancelledException, Exception;

    /**
     * What {@code status} shows about this step beyond done / not done (the source's ref, the environment's Python,
     * the models' counts): a value Jackson can write, or null. Cheap, like {@link #isDone}.
     */
    default Object report(StepContext ctx) throws Exception {
        return null;
    }
}
