package org.visomaster.launcher.steps.stack;

/** A value the launcher chose and where it came from ("3.12", "README.md: uv venv --python 3.12"). */
public record Sourced(String value, String source) {
    /** "3.12 (README.md: uv venv --python 3.12)" */
    public String text() {
        return value + " (" + source + ")";
    }
}
