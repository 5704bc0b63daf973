package org.visomaster.launcher.engine;

import java.util.Set;

/**
 * What to run. {@code from}: this step (even when done) and every step that does not come before it in the graph
 * (those run when not done); what it needs must already be done. {@code only}: just these steps, each even when
 * done. {@code repair}: run every step that is not done, and the ones that re-verify on Repair even when done.
 * {@code dryRun}: print the graph and what each step would do, change nothing.
 */
public record RunOptions(StepId from, Set<StepId> only, boolean dryRun, boolean repair) {
    public RunOptions {
        only = only == null ? Set.of() : Set.copyOf(only);
    }

    public static RunOptions all() {
        return new RunOptions(null, Set.of(), false, false);
    }

    public static RunOptions from(StepId step) {
        return new RunOptions(step, Set.of(), false, false);
    }

    public static RunOptions only(StepId... steps) {
        return new RunOptions(null, Set.of(steps), false, false);
    }

    public static RunOptions repairAll() {
        return new RunOptions(null, Set.of(), false, true);
    }
}
