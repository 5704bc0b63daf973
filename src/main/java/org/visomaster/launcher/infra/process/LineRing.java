package org.visomaster.launcher.infra.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The newest N lines of output, for crash triage and the "last lines" a crash report shows. Thread-safe. */
final class LineRing {
    private final int capacity;
    private final ArrayDeque<String> lines;

    LineRing(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    synchronized void clear() {
        lines.clear();
    }

    synchronized List<String> snapshot() {
        return new ArrayList<>(lines);
    }
}
