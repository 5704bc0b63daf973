package org.visomaster.launcher.engine;

import java.time.Instant;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.ProvisionEvent.Severity;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * What a step gets to work with. One context per step run; its reporting methods tag events with the step id, so the
 * output of steps running at the same time stays apart.
 */
public final class StepContext {
    private final Workspace workspace;
    private final LauncherConfig config;
    private final HostEnvironment host;
    private final StateStore state;
    private final EventSink events;
    private final Cancellation cancellation;
    private final StepId stepId;
    private final boolean repair;

    public StepContext(Workspace workspace, LauncherConfig config, HostEnvironment host, StateStore state,
                       EventSink events, Cancellation cancellation, StepId stepId) {
        this(workspace, config, host, state, events, cancellation, stepId, false);
    }

    /**
     * @param repair the user asked for a repair: steps re-verify what they would otherwise trust (the models step
     *               re-hashes every file instead of using its verified cache)
     */
    public StepContext(Workspace workspace, LauncherConfig config, HostEnvironment host, StateStore state,
                       EventSink events, Cancellation cancellation, StepId stepId, boolean repair) {
        this.workspace = workspace;
        this.config = config;
        this.host = host;
        this.state = state;
        this.events = events;
        this.cancellation = cancellation;
        this.stepId = stepId;
        this.repair = repair;
    }

    /** The same context for another step id. */
    public StepContext forStep(StepId id) {
        return new StepContext(workspace, config, host, state, events, cancellation, id, repair);
    }

    public boolean repair() {
        return repair;
    }

    public Workspace workspace() {
        return workspace;
    }

    public LauncherConfig config() {
        return config;
    }

    /** Environment variables and PATH look-ups for this run (tests substitute their own). */
    public HostEnvironment host() {
        return host;
    }

    public StateStore state() {
        return state;
    }

    public EventSink events() {
        return events;
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    public StepId stepId() {
        return stepId;
    }

    public void log(String line) {
        events.emit(new ProvisionEvent.LogLine(Instant.now(), stepId, line));
    }

    public void progress(long done, long total, double speed, long etaSeconds, String detail) {
        events.emit(new ProvisionEvent.StepProgress(Instant.now(), stepId, done, total, speed, etaSeconds, detail));
    }

    public void warn(String sentence) {
        events.emit(new ProvisionEvent.Finding(Instant.now(), stepId, Severity.WARNING, sentence));
    }

    public void info(String sentence) {
        events.emit(new ProvisionEvent.Finding(Instant.now(), stepId, Severity.INFO, sentence));
    }
}
