package org.visomaster.launcher.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a step's run produced when it did not fail: DONE or WARNING (with its sentence), a one-line detail, and the
 * steps of this run that must not start because of what it found (a check that found no Python stops the python
 * step; the rest go on), each with the sentence saying why and what to do.
 */
public record StepOutcome(StepStatus status, String detail, Map<StepId, String> blocks) {
    public StepOutcome {
        blocks = Map.copyOf(blocks);
    }

    public static StepOutcome done(String detail) {
        return new StepOutcome(StepStatus.DONE, detail, Map.of());
    }

    public static StepOutcome warning(String detail) {
        return new StepOutcome(StepStatus.WARNING, detail, Map.of());
    }

    /** The same outcome, also stopping {@code step} with {@code sentence} (sentences for one step are joined). */
    public StepOutcome blocking(StepId step, String sentence) {
        Map<StepId, String> m = new LinkedHashMap<>(blocks);
        m.merge(step, sentence, (a, b) -> a + " " + b);
        return new StepOutcome(status, detail, m);
    }
}
