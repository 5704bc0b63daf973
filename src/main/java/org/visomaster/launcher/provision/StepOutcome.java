package org.visomaster.launcher.provision;

/** What a step's run produced when it did not fail: DONE or WARNING (with its sentence), and a one-line detail. */
public record StepOutcome(StepStatus status, String detail) {
    public static StepOutcome done(String detail) {
        return new StepOutcome(StepStatus.DONE, detail);
    }

    public static StepOutcome warning(String detail) {
        return new StepOutcome(StepStatus.WARNING, detail);
    }
}
