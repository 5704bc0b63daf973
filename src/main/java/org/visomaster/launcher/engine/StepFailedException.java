package org.visomaster.launcher.engine;

import java.util.List;

/**
 * A step failed in a way the user must act on. The message is one sentence saying what happened and what to do;
 * {@code lastLines} is the end of the output that led to it (may be empty).
 */
public class StepFailedException extends Exception {
    private final List<String> lastLines;

    public StepFailedException(String sentence) {
        this(sentence, List.of(), null);
    }

    public StepFailedException(String sentence, List<String> lastLines) {
        this(sentence, lastLines, null);
    }

    public StepFailedException(String sentence, List<String> lastLines, Throwable cause) {
        super(sentence, cause);
        this.lastLines = List.copyOf(lastLines);
    }

    public List<String> lastLines() {
        return lastLines;
    }
}
