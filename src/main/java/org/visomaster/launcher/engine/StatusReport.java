package org.visomaster.launcher.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What {@code status} and {@code doctor} show of the installation: each step (graph order) with what it needs,
 * whether its cheap check passes now, its last recorded outcome and what it reports about itself.
 *
 * @param complete every step is done
 */
public record StatusReport(boolean complete, List<Entry> steps) {

    /** @param last null when the step never ran; {@code facts} null when the step reports nothing more */
    public record Entry(StepId id, String title, List<StepId> needs, boolean done, StepRecord last, JsonNode facts) {
    }

    public List<Entry> notDone() {
        return steps.stream().filter(e -> !e.done()).toList();
    }
}
