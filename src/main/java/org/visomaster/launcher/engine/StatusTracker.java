package org.visomaster.launcher.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.visomaster.launcher.engine.ProvisionEvent.ModelProgress;
import org.visomaster.launcher.engine.ProvisionEvent.RunFinished;
import org.visomaster.launcher.engine.ProvisionEvent.RunStarted;
import org.visomaster.launcher.engine.ProvisionEvent.StepFinished;
import org.visomaster.launcher.engine.ProvisionEvent.StepProgress;
import org.visomaster.launcher.engine.ProvisionEvent.StepStarted;
import org.visomaster.launcher.engine.ProvisionStatus.Overall;
import org.visomaster.launcher.engine.ProvisionStatus.Progress;
import org.visomaster.launcher.engine.ProvisionStatus.StepView;

/**
 * The one fold of a run: turns the event stream into {@link ProvisionStatus} snapshots (steps, phase, model rows by
 * {@link ModelId}, the overall bar). Starts from the outcomes recorded in state.json. Every front end reads its
 * snapshots, so how events happen to be batched on their way to a view changes nothing.
 */
public final class StatusTracker implements EventSink {
    private final Map<StepId, StepView> steps = new LinkedHashMap<>();
    private final Set<StepId> running = new LinkedHashSet<>();
    private final Map<StepId, StepFailure> failures = new LinkedHashMap<>();
    private final Map<ModelId, ModelView> models = new LinkedHashMap<>();
    private RunPhase phase = RunPhase.IDLE;
    private int run;
    private String summary = "";
    private List<StepId> runIds = List.of();
    /** Steps of this run that ended well (done, skipped, warning): a failed or blocked one does not fill the bar. */
    private int succeededInRun;
    private int endedBadlyInRun;

    public StatusTracker(List<Step> all, Map<StepId, StepRecord> recorded) {
        for (Step s : all) {
            StepRecord r = recorded.get(s.id());
            steps.put(s.id(), r == null ? new StepView(s.id(), s.title(), StepStatus.WAITING, "", null)
                    : new StepView(s.id(), s.title(), r.status(), r.detail(), null));
            if (r != null && r.status() == StepStatus.FAILED) {
                failures.put(s.id(), new StepFailure(s.id(), s.title(), r.detail(), List.of()));
            }
        }
    }

    @Override
    public synchronized void emit(ProvisionEvent e) {
        if (e instanceof RunStarted r) {
            phase = RunPhase.RUNNING;
            run++;
            running.clear();
            summary = "";
            runIds = r.stepIds().stream().filter(steps::containsKey).toList();
            succeededInRun = 0;
            endedBadlyInRun = 0;
            for (StepId id : runIds) {
                failures.remove(id);
                set(id, StepStatus.WAITING, "", null);
            }
        } else if (e instanceof StepStarted s) {
            running.add(s.stepId());
            set(s.stepId(), StepStatus.RUNNING, "", null);
        } else if (e instanceof StepProgress p) {
            StepView v = steps.get(p.stepId());
            if (v != null) {
                set(p.stepId(), v.status(), EventText.progressLine(p),
                        new Progress(p.done(), p.total(), p.speed(), p.etaSeconds(), p.detail()));
            }
        } else if (e instanceof StepFinished f) {
            finished(f);
        } else if (e instanceof ModelProgress m) {
            models.compute(new ModelId(m.relativePath()), (id, before) -> ModelView.of(m, before));
        } else if (e instanceof RunFinished r) {
            phase = r.success() ? RunPhase.SUCCEEDED : r.cancelled() ? RunPhase.STOPPED : RunPhase.FAILED;
            running.clear();
            summary = r.summary();
        }
    }

    private void finished(StepFinished f) {
        running.remove(f.stepId());
        set(f.stepId(), f.status(), f.detail(), null);
        StepView v = steps.get(f.stepId());
        if (v == null) {
            return;
        }
        if (runIds.contains(f.stepId())) {
            if (f.status().isSuccess()) {
                succeededInRun++;
            } else {
                endedBadlyInRun++;
            }
        }
        if (f.status() == StepStatus.FAILED) {
            failures.put(f.stepId(), new StepFailure(f.stepId(), v.title(), f.detail(), f.lastLines()));
        }
    }

    /** Adds the models listed from disk that no run has reported (a run's report is newer than the listing). */
    public synchronized void modelsOnDisk(List<ModelView> listed) {
        for (ModelView m : listed) {
            models.putIfAbsent(m.id(), m);
        }
    }

    private void set(StepId id, StepStatus status, String detail, Progress progress) {
        steps.computeIfPresent(id, (k, v) -> new StepView(k, v.title(), status, detail, progress));
    }

    public synchronized ProvisionStatus snapshot() {
        List<StepView> now = steps.values().stream().filter(v -> running.contains(v.id())).toList();
        List<Progress> parts = now.stream().map(StepView::progress).filter(p -> p != null).toList();
        String titles = String.join(", ", now.stream().map(StepView::title).toList());
        Progress progress = now.isEmpty() ? Progress.NONE : Progress.overall(parts, titles);
        List<StepId> nowIds = now.stream().map(StepView::id).toList();
        List<StepFailure> failed = steps.keySet().stream().filter(failures::containsKey).map(failures::get).toList();
        return new ProvisionStatus(phase == RunPhase.RUNNING, nowIds.isEmpty() ? null : nowIds.get(0), nowIds,
                new ArrayList<>(steps.values()), progress, failed.isEmpty() ? null : failed.get(0), failed, summary,
                phase, run, overall(now), new ArrayList<>(models.values()));
    }

    /** The bar over the run's steps, and the figures of the running ones together. */
    private Overall overall(List<StepView> now) {
        int n = runIds.size();
        double ended = n == 0 ? 0 : (double) succeededInRun / n;
        return switch (phase) {
            case IDLE -> Overall.NONE;
            case SUCCEEDED -> new Overall(1, "Everything is installed.", "");
            case STOPPED -> new Overall(ended, "Stopped.", "");
            case FAILED -> new Overall(ended, "Setup stopped at a failure.", "");
            case RUNNING -> n == 0 ? Overall.NONE : running(now, n);
        };
    }

    private Overall running(List<StepView> now, int n) {
        double fractions = now.stream().map(StepView::progress)
                .mapToDouble(p -> p == null ? 0 : Math.max(0, p.fraction())).sum();
        String text = succeededInRun + " of " + n + " steps done"
                + (endedBadlyInRun == 0 ? "" : " · " + endedBadlyInRun + " failed or blocked")
                + (now.isEmpty() ? "" : " · running: " + String.join(", ", now.stream().map(StepView::title)
                .toList()));
        List<Progress> known = new ArrayList<>();
        List<String> unknownEta = new ArrayList<>();
        for (StepView v : now) {
            if (v.progress() != null) {
                known.add(v.progress());
            }
            if (v.progress() == null || v.progress().etaSeconds() < 0) {
                unknownEta.add(v.title());
            }
        }
        Progress all = Progress.overall(known, "");
        String line = EventText.progressLine(new Progress(all.done(), all.total(), all.speed(), -1, ""));
        if (all.etaSeconds() >= 0) {
            String eta = EventText.progressLine(new Progress(0, -1, 0, all.etaSeconds(), ""));
            line += (line.isEmpty() ? "" : " · ") + (unknownEta.isEmpty() ? eta : "at least " + eta + " ("
                    + String.join(", ", unknownEta) + " cannot tell yet)");
        }
        return new Overall(Math.min(1, (succeededInRun + fractions) / n), text, line);
    }
}
