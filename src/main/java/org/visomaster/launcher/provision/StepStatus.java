package org.visomaster.launcher.provision;

/** Where a step stands. The label is what people read; colours in the UI are never the only carrier. */
public enum StepStatus {
    WAITING("waiting"),
    RUNNING("running"),
    DONE("done"),
    SKIPPED("skipped"),
    WARNING("warning"),
    FAILED("failed");

    private final String label;

    StepStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** True for outcomes that let the pipeline go on. */
    public boolean isSuccess() {
        return this == DONE || this == SKIPPED || this == WARNING;
    }
}
