package org.visomaster.launcher.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The "steps" section of state.json: each step's last outcome, written as soon as it is known. */
final class StepRecords {
    private static final Logger LOG = LoggerFactory.getLogger(StepRecords.class);
    public static final String SECTION = "steps";
    private static final TypeReference<LinkedHashMap<StepId, StepRecord>> TYPE = new TypeReference<>() {
    };

    private StepRecords() {
    }

    /** The last recorded outcome of each step (empty when none or unreadable). */
    public static Map<StepId, StepRecord> read(StateStore state) {
        return of(state.snapshot().get(SECTION));
    }

    /** The records in a "steps" section read by other means (another process's state file). */
    public static Map<StepId, StepRecord> of(JsonNode section) {
        if (section == null || section.isNull()) {
            return new LinkedHashMap<>();
        }
        try {
            return StateStore.JSON.convertValue(section, TYPE);
        } catch (IllegalArgumentException e) {
            LOG.warn("the steps' records in state.json are unreadable: every step counts as never run", e);
            return new LinkedHashMap<>();
        }
    }

    /** Records one step's outcome; steps finishing at the same time do not overwrite each other. */
    static void record(StateStore state, StepId id, StepStatus status, String detail) {
        state.update(SECTION, JsonNode.class, old -> {
            Map<StepId, StepRecord> all = of(old);
            all.put(id, new StepRecord(status, detail, Instant.now()));
            return StateStore.JSON.valueToTree(all);
        });
    }
}
