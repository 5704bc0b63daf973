package org.visomaster.launcher.provision;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.visomaster.launcher.process.HostEnvironment;
import org.visomaster.launcher.provision.ProvisionEvent.RunFinished;
import org.visomaster.launcher.provision.ProvisionEvent.RunStarted;
import org.visomaster.launcher.provision.ProvisionEvent.StepFinished;
import org.visomaster.launcher.provision.ProvisionEvent.StepStarted;
import org.visomaster.launcher.workspace.LauncherConfig;
import org.visomaster.launcher.workspace.Workspace;

/**
 * Runs the provisioning steps in order. Each step is skipped when its cheap check says it is done (unless the user
 * named it), the first failure stops the run, and every outcome is written to state.json as soon as it is known.
 * The caller holds the workspace lock.
 */
public final class ProvisionRunner {
    public static final String STEPS_SECTION = "steps";

    private final Workspace workspace;
    private final LauncherConfig config;
    private final HostEnvironment host;
    private final StateStore state;
    private final EventSink events;
    private final List<Step> steps;

    public ProvisionRunner(Workspace workspace, LauncherConfig config, HostEnvironment host, StateStore state,
                           EventSink events, List<Step> steps) {
        this.workspace = workspace;
        this.config = config;
        this.host = host;
        this.state = state;
        this.events = events;
        this.steps = List.copyOf(steps);
    }

    public List<Step> steps() {
        return steps;
    }

    /** Throws IllegalArgumentException naming the allowed ids when an option names an unknown step. */
    public List<Step> select(RunOptions options) {
        List<String> ids = steps.stream().map(Step::id).toList();
        for (String id : options.only()) {
            requireKnown(id, ids);
        }
        if (options.from() != null) {
            requireKnown(options.from(), ids);
        }
        List<Step> selected = new ArrayList<>();
        boolean started = options.from() == null;
        for (Step s : steps) {
            started |= s.id().equals(options.from());
            if (started && (options.only().isEmpty() || options.only().contains(s.id()))) {
                selected.add(s);
            }
        }
        return selected;
    }

    private static void requireKnown(String id, List<String> ids) {
        if (!ids.contains(id)) {
            throw new IllegalArgumentException("unknown step \"" + id + "\" (steps: " + String.join(", ", ids) + ")");
        }
    }

    private boolean forced(Step s, RunOptions o) {
        return o.only().contains(s.id()) || s.id().equals(o.from());
    }

    public RunResult run(RunOptions options, Cancellation cancellation) {
        List<Step> selected = select(options);
        events.emit(new RunStarted(Instant.now(), selected.stream().map(Step::id).toList()));
        Map<String, StepStatus> statuses = new LinkedHashMap<>();
        selected.forEach(s -> statuses.put(s.id(), StepStatus.WAITING));
        for (Step step : selected) {
            StepContext ctx = new StepContext(workspace, config, host, state, events, cancellation, step.id(),
                    options.repair());
            if (cancellation.isCancelled()) {
                return finish(new RunResult(false, true, step.id(), "Stopped before " + step.title() + ".",
                        List.of(), statuses));
            }
            events.emit(new StepStarted(Instant.now(), step.id(), step.title()));
            StepStatus status;
            String detail;
            List<String> lastLines = List.of();
            try {
                if (options.dryRun()) {
                    boolean done = !forced(step, options) && step.isDone(ctx);
                    status = StepStatus.SKIPPED;
                    detail = (done ? "already done; would skip" : "would run: " + step.plan(ctx));
                } else if (!forced(step, options) && !options.repair() && step.isDone(ctx)) {
                    status = StepStatus.SKIPPED;
                    detail = "already done";
                } else if (options.repair() && !forced(step, options) && !repairs(step) && step.isDone(ctx)) {
                    status = StepStatus.SKIPPED;
                    detail = "already done";
                } else {
                    StepOutcome outcome = step.run(ctx);
                    status = outcome.status();
                    detail = outcome.detail();
                }
            } catch (StepFailedException e) {
                status = StepStatus.FAILED;
                detail = e.getMessage();
                lastLines = e.lastLines();
            } catch (Cancellation.CancelledException e) {
                status = StepStatus.FAILED;
                detail = step.title() + " was stopped; run provision again to continue where it left off.";
            } catch (Exception e) {
                status = StepStatus.FAILED;
                detail = step.title() + " failed unexpectedly (" + e + "); see logs/provision.log and retry.";
            }
            statuses.put(step.id(), status);
            if (!options.dryRun()) {
                record(step.id(), status, detail);
            }
            events.emit(new StepFinished(Instant.now(), step.id(), status, detail, lastLines));
            if (status == StepStatus.FAILED) {
                return finish(new RunResult(false, cancellation.isCancelled(), step.id(), detail, lastLines,
                        statuses));
            }
        }
        String summary = options.dryRun() ? "Dry run: nothing was changed."
                : "VisoMaster is installed and verified.";
        return finish(new RunResult(true, false, null, summary, List.of(), statuses));
    }

    /** During a repair the models step runs even when its cheap check passes: it re-verifies every file. */
    private static boolean repairs(Step step) {
        return "models".equals(step.id());
    }

    private RunResult finish(RunResult r) {
        events.emit(new RunFinished(Instant.now(), r.success(), r.cancelled(), r.message()));
        return r;
    }

    private void record(String id, StepStatus status, String detail) {
        Map<String, StepRecord> all = stepRecords(state);
        all.put(id, new StepRecord(status, detail, Instant.now()));
        state.put(STEPS_SECTION, all);
    }

    /** The last recorded outcome of each step. */
    public static Map<String, StepRecord> stepRecords(StateStore state) {
        Map<String, StepRecord> all = null;
        if (state.snapshot().has(STEPS_SECTION)) {
            all = StateStore.JSON.convertValue(state.snapshot().get(STEPS_SECTION),
                    new TypeReference<LinkedHashMap<String, StepRecord>>() {
                    });
        }
        return all == null ? new LinkedHashMap<>() : all;
    }
}
