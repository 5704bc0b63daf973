package org.visomaster.launcher.steps.preflight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepId;

/**
 * One check the {@link PreflightStep} makes before any work. What it finds concerns particular steps: a problem
 * {@link Findings#block blocks} just those (no Python stops the python step, no room for the models stops the models
 * step) while the others go on; a warning never blocks. Checks are cheap enough to run on every provision that has
 * work left; each gets the set of steps already done so it can leave out what no longer matters.
 */
@FunctionalInterface
interface PreflightCheck {
    void check(StepContext ctx, Set<StepId> done, Findings findings) throws Exception;

    /** What the checks found, collected for the step's outcome. */
    final class Findings {
        private final StepContext ctx;
        private final List<String> notes = new ArrayList<>();
        private final Map<StepId, String> blocks = new LinkedHashMap<>();
        private boolean warned;

        Findings(StepContext ctx) {
            this.ctx = ctx;
        }

        /** Stops {@code step} in this run with {@code sentence} (what is wrong, what to do). */
        public void block(StepId step, String sentence) {
            blocks.merge(step, sentence, (a, b) -> a + " " + b);
        }

        /** A warning a person should read; it blocks nothing. */
        public void warn(String sentence) {
            ctx.warn(sentence);
            warned = true;
        }

        /** A few words for the step's summary ("80.0 GiB free", "git remote reachable"). */
        public void note(String text) {
            notes.add(text);
        }

        List<String> notes() {
            return notes;
        }

        Map<StepId, String> blocks() {
            return blocks;
        }

        boolean warned() {
            return warned;
        }
    }
}
