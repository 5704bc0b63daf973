package org.visomaster.launcher.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.ProvisionEvent.PlannedStep;
import org.visomaster.launcher.engine.ProvisionEvent.RunFinished;
import org.visomaster.launcher.engine.ProvisionEvent.RunStarted;
import org.visomaster.launcher.engine.ProvisionEvent.StepFinished;
import org.visomaster.launcher.engine.ProvisionEvent.StepStarted;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * Runs the step graph: each step starts as soon as the steps it waits for have ended, so independent branches (the
 * Python packages and the models) run at the same time. A step is skipped when its cheap check says it is done
 * (unless the run names it); a failed or blocked step stops only the steps that need it; every outcome is written
 * to state.json as soon as it is known. The caller holds the workspace lock; {@link ProvisionService} does that.
 */
final class ProvisionRunner {
    private final Workspace workspace;
    private final LauncherConfig config;
    private final HostEnvironment host;
    private final StateStore state;
    private final EventSink events;
    private final StepGraph graph;

    public ProvisionRunner(Workspace workspace, LauncherConfig config, HostEnvironment host, StateStore state,
                           EventSink events, StepGraph graph) {
        this.workspace = workspace;
        this.config = config;
        this.host = host;
        this.state = state;
        this.events = events;
        this.graph = graph;
    }

    public ProvisionRunner(Workspace workspace, LauncherConfig config, HostEnvironment host, StateStore state,
                           EventSink events, List<Step> steps) {
        this(workspace, config, host, state, events, new StepGraph(steps));
    }

    public StepGraph graph() {
        return graph;
    }

    /** Runs what {@code options} select; returns when every step it started has ended (also after a cancel). */
    public RunResult run(RunOptions options, Cancellation cancellation) {
        RunPlan plan = RunPlan.of(graph, options);
        events.emit(new RunStarted(Instant.now(), planned(plan), options.dryRun()));
        RunResult result = options.dryRun() ? dryRun(plan, options) : new GraphRun(this, plan, options,
                cancellation).execute();
        events.emit(new RunFinished(Instant.now(), result.success(), result.cancelled(), result.message(),
                result.failures().stream().map(StepFailure::stepId).toList(), List.copyOf(result.waiting().keySet())));
        return result;
    }

    private List<PlannedStep> planned(RunPlan plan) {
        List<PlannedStep> out = new ArrayList<>();
        for (Step s : plan.steps()) {
            List<StepId> after = plan.ids().stream().filter(graph.waitsFor(s.id())::contains).toList();
            out.add(new PlannedStep(s.id(), s.title(), after));
        }
        return out;
    }

    private RunResult dryRun(RunPlan plan, RunOptions options) {
        Map<StepId, StepStatus> statuses = new LinkedHashMap<>();
        Cancellation none = new Cancellation();
        for (Step step : plan.steps()) {
            events.emit(new StepStarted(Instant.now(), step.id(), step.title()));
            String detail;
            try {
                boolean forced = plan.forced().contains(step.id());
                boolean rerun = options.repair() && step.rerunOnRepair();
                if (!forced && !rerun && step.isDone(context(step, none, options))) {
                    detail = "already done; would skip";
                } else {
                    detail = "would run" + (rerun ? " (Repair re-checks it)" : "") + ": "
                            + step.plan(context(step, none, options));
                }
            } catch (Exception e) {
                detail = "would run; what it would do cannot be told now (" + e.getMessage() + ")";
            }
            statuses.put(step.id(), StepStatus.SKIPPED);
            events.emit(new StepFinished(Instant.now(), step.id(), StepStatus.SKIPPED, detail, List.of()));
        }
        return new RunResult(true, false, "Dry run: nothing was changed.", List.of(), Map.of(), statuses);
    }

    StepContext context(Step step, Cancellation cancellation, RunOptions options) {
        return new StepContext(workspace, config, host, state, events, cancellation, step.id(), options.repair());
    }

    EventSink events() {
        return events;
    }

    StateStore state() {
        return state;
    }
}
