package org.visomaster.launcher.engine;

import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Is every step done?", asked in one place: each step's cheap check, a check that throws counting as not done.
 * The run's summary, {@code status}, {@code doctor} and the window all go through here.
 */
final class Completion {
    private static final Logger LOG = LoggerFactory.getLogger(Completion.class);

    private Completion() {
    }

    static boolean isDone(Step step, StepContext ctx) {
        try {
            return step.isDone(ctx);
        } catch (Exception e) {
            LOG.debug("the check of {} failed: counted as not done", step.id(), e);
            return false;
        }
    }

    /** The steps (graph order) whose check does not pass now. */
    static List<StepId> notDone(StepGraph graph, Function<Step, StepContext> contexts) {
        return graph.steps().stream().filter(s -> !isDone(s, contexts.apply(s))).map(Step::id).toList();
    }
}
