package org.visomaster.launcher.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/**
 * The GPU as the front ends show it: the one or two sentences of the window, the lines of {@code status} and
 * {@code doctor} (level "ok", "warning" or "problem"), and the facts for {@code --json}.
 */
public record GpuView(String sentence, List<Line> lines, JsonNode json) {
    public static final GpuView UNKNOWN = new GpuView("", List.of(), JsonNodeFactory.instance.objectNode());

    public GpuView {
        lines = List.copyOf(lines);
    }

    public record Line(String level, String text) {
    }
}
