package org.visomaster.launcher.steps.selftest;

import java.util.List;

/**
 * State section "selftest": the last run's checks, and the stamp of the last pass (null after a failure).
 *
 * @param stamp    what the last pass ran against: environment, models, GPU and driver, the script; a rerun is
 *                 skipped while it matches
 * @param outcome  "passed", "passed with warnings" or "failed"
 * @param gpu      the GPU facts at that time, as one line
 */
record SelfTestState(String stamp, String finishedAt, String outcome, String gpu, String model,
                            List<Check> checks) {
    public static final String SECTION = "selftest";

    public SelfTestState {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** One check as the script reported it: level is ok, info, warning or failure. */
    public record Check(String check, String level, String sentence, String fix) {
    }
}
