package org.visomaster.launcher.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.visomaster.launcher.engine.ProvisionEvent.RunFinished;
import org.visomaster.launcher.engine.ProvisionEvent.RunStarted;
import org.visomaster.launcher.engine.ProvisionEvent.StepFinished;
import org.visomaster.launcher.engine.ProvisionEvent.StepProgress;
import org.visomaster.launcher.engine.ProvisionEvent.StepStarted;
import org.visomaster.launcher.engine.ProvisionStatus.Progress;
import org.visomaster.launcher.engine.ProvisionStatus.StepView;

/** Folds events into a {@link ProvisionStatus}; starts from the outcomes recorded in state.json. */
public final class StatusTracker implements EventSink {
    private final Map<StepId, StepView> steps = new LinkedHashMap<>();
    private final Set<StepId> running = new LinkedHashSet<>();
    private final Map<StepId, StepFailure> failures = new LinkedHashMap<>();
    private boolean runActive;
    private String summary = "";

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
            runActive = true;
            running.clear();
            summary = "";
            for (StepId id : r.stepIds()) {
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
            running.remove(f.stepId());
            set(f.stepId(), f.status(), f.detail(), null);
            StepView v = steps.get(f.stepId());
            if (f.status() == StepStatus.FAILED && v != null) {
                failures.put(f.stepId(), new StepFailure(f.stepId(), v.title(), f.detail(), f.lastLines()));
            }
        } else if (e instanceof RunFinished r) {
            runActive = false;
            running.clear();
            summary = r.summary();
        }
    }

    private void set(StepId id, StepStatus status, String detail, Progress progress) {
        steps.computeIfPresent(id, (k, v) -> new StepView(k, v.title(), status, detail, progress));
    }

    public synchronized ProvisionStatus snapshot() {
        List<StepId> now = steps.keySet().stream().filter(running::contains).toList();
        List<Progress> parts = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (StepId id : now) {
            StepView v = steps.get(id);
            titles.add(v.title());
            if (v.progress() != null) {
                parts.add(v.progress());
            }
        }
        Progress overall = now.isEmpty() ? Progress.NONE : Progress.overall(parts, String.join(", ", titles));
        List<StepFailure> failed = steps.keySet().stream().filter(failures::containsKey).map(failures::get).toList();
        return new ProvisionStatus(runActive, now.isEmpty() ? null : now.get(0), now, new ArrayList<>(steps.values()),
                overall, failed.isEmpty() ? null : failed.get(0), failed, summary);
    }
}
