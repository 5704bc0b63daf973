package org.visomaster.launcher.engine;

/**
 * The standard steps' ids, each spelled once. Each step's {@code ID} is one of these, and the imports name the steps
 * a dropped file affects with them: the imports cannot see the steps (the finish step uses the imports), so the
 * names sit below both. The engine itself never branches on them; a catalogue may hold other steps.
 */
public final class StepIds {
    public static final StepId PREFLIGHT = StepId.of("preflight");
    public static final StepId SOURCE = StepId.of("source");
    public static final StepId PYTHON = StepId.of("python");
    public static final StepId REQUIREMENTS = StepId.of("requirements");
    public static final StepId MODELS = StepId.of("models");
    public static final StepId SELFTEST = StepId.of("selftest");
    public static final StepId FINISH = StepId.of("finish");

    private StepIds() {
    }
}
