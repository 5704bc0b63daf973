package org.visomaster.launcher.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.util.SecretPolicy;

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

    /** The event as one line of JSON, secrets masked ({@link SecretPolicy}): what provision.jsonl and --json say. */
    public static String toLine(ProvisionEvent e) {
        return SecretPolicy.mask(toNode(e).toString());
    }
}
