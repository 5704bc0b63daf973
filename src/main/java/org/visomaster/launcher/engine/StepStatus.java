package org.visomaster.launcher.engine;

/** Where a step stands. The label is what people read; colours in the UI are never the only carrier. */
public enum StepStatus {
    WAITING("waiting"),
    RUNNING("running"),
    DONE("done"),
    SKIPPED("skipped"),
    WARNING("warning"),
    FAILED("failed"),
    /** Did not run because a step it needs failed, was blocked, or is not done. */
    BLOCKED("blocked");

    private final String label;

    StepStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** True for outcomes that let the steps that need this one go on. */
    public boolean isSuccess() {
        return this == DONE || this == SKIPPED || this == WARNING;
    }

    /** True once the step has ended in this run (successfully or not). */
    public boolean isEnded() {
        return this != WAITING && this != RUNNING;
    }
}
