package org.visomaster.launcher.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.visomaster.launcher.infra.util.Json;

/** One event as one JSON object: {"type": "StepStarted", "time": "...", ...the record's fields}. */
public final class EventJson {
    private EventJson() {
    }

    public static ObjectNode toNode(ProvisionEvent e) {
        ObjectNode fields = Json.MAPPER.valueToTree(e);
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("type", e.getClass().getSimpleName());
        n.setAll(fields);
        return n;
    }

    public static String toLine(ProvisionEvent e) {
        return toNode(e).toString();
    }
}
