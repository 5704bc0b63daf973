package org.visomaster.launcher.provision;

import java.util.Set;

/**
 * What to run. {@code from}: start at this step (it runs even when done; later ones run when not done).
 * {@code only}: run just these steps, each even when done. {@code repair}: re-verify what is normally trusted and
 * run every step that is not done. {@code dryRun}: print the plan, change nothing.
 */
public record RunOptions(String from, Set<String> only, boolean dryRun, boolean repair) {
    public RunOptions {
        only = only == null ? Set.of() : Set.copyOf(only);
    }

    public static RunOptions all() {
        return new RunOptions(null, Set.of(), false, false);
    }

    public static RunOptions from(String stepId) {
        return new RunOptions(stepId, Set.of(), false, false);
    }

    public static RunOptions repairAll() {
        return new RunOptions(null, Set.of(), false, true);
    }
}
