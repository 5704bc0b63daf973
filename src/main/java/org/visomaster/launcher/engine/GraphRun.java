package org.visomaster.launcher.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.ProvisionEvent.StepFinished;
import org.visomaster.launcher.engine.ProvisionEvent.StepStarted;

/**
 * One run of a {@link RunPlan}. The calling thread coordinates: it starts every step whose waits are over on a
 * thread of its own, and each time a step ends it blocks what needed it, applies what a check found, and starts what
 * became ready. After a cancel it starts nothing more and returns once the running steps have stopped.
 */
final class GraphRun {
    private static final Logger LOG = LoggerFactory.getLogger(GraphRun.class);
    static final String NOT_STARTED = "not started: setup was stopped.";

    private record Ended(StepId id, StepStatus status, String detail, List<String> lastLines,
                         Map<StepId, String> blocks) {
    }

    private final ProvisionRunner runner;
    private final StepGraph graph;
    private final RunPlan plan;
    private final RunOptions options;
    private final Cancellation cancellation;
    private final Map<StepId, StepStatus> statuses = new LinkedHashMap<>();
    /** Steps of this run a check stopped, with its sentence. */
    private final Map<StepId, String> stoppedByCheck = new HashMap<>();
    /** Steps outside this run that steps of it need, which are not done. */
    private final Map<StepId, Boolean> outsideDone = new HashMap<>();
    private final Map<StepId, StepId> waiting = new LinkedHashMap<>();
    private final List<StepFailure> failures = new ArrayList<>();
    private final BlockingQueue<Ended> ended = new LinkedBlockingQueue<>();
    private int running;
    /** What broke the coordination of this run, if anything. */
    private Throwable internalError;
    /** The first state write of this run that failed, if any. */
    private String unsaved;

    GraphRun(ProvisionRunner runner, RunPlan plan, RunOptions options, Cancellation cancellation) {
        this.runner = runner;
        this.graph = runner.graph();
        this.plan = plan;
        this.options = options;
        this.cancellation = cancellation;
    }

    /**
     * Runs the plan and returns how it ended; never throws. When the coordination itself breaks (an Error, a state
     * write that fails), the run is cancelled, the running steps are waited for, and it ends like a stopped run.
     */
    RunResult execute() {
        boolean interrupted = false;
        plan.steps().forEach(s -> statuses.put(s.id(), StepStatus.WAITING));
        while (true) {
            try {
                if (!cancellation.isCancelled()) {
                    startReady();
                }
                if (running == 0) {
                    break;
                }
                apply(ended.take());
            } catch (InterruptedException e) {
                // the steps are told to stop; keep collecting their ends so the state is saved
                interrupted = true;
                cancellation.cancel();
            } catch (Throwable e) {
                LOG.error("the run broke down; stopping its steps", e);
                internalError = e;
                cancellation.cancel();
            }
        }
        endNotStarted();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return result();
    }

    /** After a cancel the steps that never started end as blocked, so status and the window say why. */
    private void endNotStarted() {
        for (Step s : plan.steps()) {
            if (statuses.get(s.id()) == StepStatus.WAITING) {
                end(s, StepStatus.BLOCKED, NOT_STARTED, List.of());
            }
        }
    }

    /** Starts, fails or blocks every waiting step whose fate is known, until nothing changes. */
    private void startReady() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Step s : plan.steps()) {
                if (statuses.get(s.id()) == StepStatus.WAITING && !cancellation.isCancelled()) {
                    changed |= advance(s);
                }
            }
        }
    }

    private boolean advance(Step s) {
        String stop = stoppedByCheck.get(s.id());
        if (stop != null) {
            end(s, StepStatus.FAILED, stop, List.of());
            failures.add(new StepFailure(s.id(), s.title(), stop, List.of()));
            return true;
        }
        for (StepId w : graph.waitsFor(s.id())) {
            boolean soft = graph.isSoft(s.id(), w);
            StepStatus st = statuses.get(w);
            if (st == null) {
                // outside the run only declared needs count: the final step orders itself after the steps of its
                // own run, and `--only finish` runs it alone as before
                if (s.needs().contains(w) && !isDoneOutside(w)) {
                    block(s, w, "needs " + graph.step(w).title() + " (" + w + "), which is not done: run provision"
                            + " without --only or --from, or name " + w + " too.");
                    return true;
                }
            } else if (!st.isEnded()) {
                return false;
            } else if (!soft && !st.isSuccess()) {
                StepId root = waiting.getOrDefault(w, w);
                block(s, root, "waiting on " + graph.step(root).title() + ", which "
                        + (statuses.get(root) == null ? "is not done" : "failed") + ".");
                return true;
            }
        }
        start(s);
        return true;
    }

    private boolean isDoneOutside(StepId id) {
        return outsideDone.computeIfAbsent(id, k -> Completion.isDone(graph.step(k), checkContext(graph.step(k))));
    }

    private StepContext checkContext(Step s) {
        return runner.context(s, new Cancellation(), options);
    }

    private void block(Step s, StepId root, String detail) {
        waiting.put(s.id(), root);
        end(s, StepStatus.BLOCKED, detail, List.of());
    }

    /** A step that never started: recorded and announced here. */
    private void end(Step s, StepStatus status, String detail, List<String> lastLines) {
        statuses.put(s.id(), status);
        save(s, status, detail);
        runner.events().emit(new StepFinished(Instant.now(), s.id(), status, detail, lastLines));
    }

    /** Records an outcome in state.json; false (logged, and named in the run's summary) when it cannot be written. */
    private boolean save(Step s, StepStatus status, String detail) {
        try {
            StepRecords.record(runner.state(), s.id(), status, detail);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("the outcome of {} could not be saved to state.json", s.id(), e);
            synchronized (this) {
                if (unsaved == null) {
                    unsaved = String.valueOf(e.getMessage());
                }
            }
            return false;
        }
    }

    private void start(Step s) {
        statuses.put(s.id(), StepStatus.RUNNING);
        running++;
        runner.events().emit(new StepStarted(Instant.now(), s.id(), s.title()));
        Thread t = new Thread(() -> ended.add(executeGuarded(s)), "provision-" + s.id());
        t.setDaemon(true);
        t.start();
    }

    /** Whatever escapes the step's own handling still ends it, so the coordinator never waits for it in vain. */
    private Ended executeGuarded(Step step) {
        try {
            return execute(step);
        } catch (Throwable e) {
            LOG.error("{} ended without its outcome being announced", step.id(), e);
            return new Ended(step.id(), StepStatus.FAILED, unexpected(step, e), trace(e), Map.of());
        }
    }

    private static String unexpected(Step step, Throwable e) {
        return step.title() + " failed unexpectedly (" + e + "); run provision again, and report it with"
                + " logs/provision.log if it repeats.";
    }

    /** On the step's own thread: skip it when done, else run it; record and announce how it ended. */
    private Ended execute(Step step) {
        StepContext ctx = runner.context(step, cancellation, options);
        StepStatus status;
        String detail;
        List<String> lastLines = List.of();
        Map<StepId, String> blocks = Map.of();
        try {
            boolean forced = plan.forced().contains(step.id());
            boolean rerun = options.repair() && step.rerunOnRepair();
            if (!forced && !rerun && step.isDone(ctx)) {
                status = StepStatus.SKIPPED;
                detail = "already done";
            } else {
                StepOutcome outcome = step.run(ctx);
                status = outcome.status();
                detail = outcome.detail();
                blocks = outcome.blocks();
            }
        } catch (StepFailedException e) {
            status = StepStatus.FAILED;
            detail = e.getMessage();
            lastLines = e.lastLines();
        } catch (Cancellation.CancelledException e) {
            status = StepStatus.FAILED;
            detail = step.title() + " was stopped; run provision again to continue where it left off.";
        } catch (Throwable e) {
            LOG.error("{} failed unexpectedly", step.id(), e);
            status = StepStatus.FAILED;
            detail = unexpected(step, e);
            lastLines = trace(e);
        }
        if (!save(step, status, detail)) {
            status = StepStatus.FAILED;
            detail = "The outcome of " + step.title() + " could not be saved; free space on the workspace disk or"
                    + " fix its permissions, then run again.";
        }
        runner.events().emit(new StepFinished(Instant.now(), step.id(), status, detail, lastLines));
        return new Ended(step.id(), status, detail, lastLines, blocks);
    }

    private static List<String> trace(Throwable e) {
        List<String> lines = new ArrayList<>();
        lines.add(e.toString());
        StackTraceElement[] st = e.getStackTrace();
        for (int i = 0; i < Math.min(8, st.length); i++) {
            lines.add("  at " + st[i]);
        }
        return lines;
    }

    private void apply(Ended e) {
        running--;
        statuses.put(e.id(), e.status());
        if (e.status() == StepStatus.FAILED) {
            failures.add(new StepFailure(e.id(), graph.step(e.id()).title(), e.detail(), e.lastLines()));
        }
        e.blocks().forEach((target, sentence) -> {
            if (statuses.get(target) == StepStatus.WAITING) {
                stoppedByCheck.merge(target, sentence, (a, b) -> a + " " + b);
            }
        });
    }

    private RunResult result() {
        List<StepId> order = plan.steps().stream().map(Step::id).toList();
        failures.sort(Comparator.comparingInt(f -> order.indexOf(f.stepId())));
        boolean allSucceeded = statuses.values().stream().allMatch(StepStatus::isSuccess);
        boolean cancelled = cancellation.isCancelled() && !allSucceeded;
        List<StepId> notDone = allSucceeded ? Completion.notDone(graph, this::checkContext) : List.of();
        String message = RunSummary.of(graph, statuses, failures, waiting, cancelled, notDone);
        if (internalError != null) {
            message = "Setup stopped on an internal error (" + internalError + "); run provision again, and report it"
                    + " with logs/launcher.log if it repeats.";
        }
        if (unsaved != null) {
            message += " Some outcomes could not be saved to .launcher/state.json (" + unsaved + "): free space on"
                    + " the workspace disk or fix its permissions.";
        }
        return new RunResult(allSucceeded && internalError == null, cancelled || internalError != null, message,
                failures, waiting, statuses);
    }
}
