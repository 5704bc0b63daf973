package org.visomaster.launcher.provision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.visomaster.launcher.provision.ProvisionEvent.RunFinished;
import org.visomaster.launcher.provision.ProvisionEvent.RunStarted;
import org.visomaster.launcher.provision.ProvisionEvent.StepFinished;
import org.visomaster.launcher.provision.ProvisionEvent.StepProgress;
import org.visomaster.launcher.provision.ProvisionEvent.StepStarted;
import org.visomaster.launcher.provision.ProvisionStatus.Failure;
import org.visomaster.launcher.provision.ProvisionStatus.Progress;
import org.visomaster.launcher.provision.ProvisionStatus.StepView;

/** Folds events into a {@link ProvisionStatus}; starts from the outcomes recorded in state.json. */
public final class StatusTracker implements EventSink {
    private final Map<String, StepView> steps = new LinkedHashMap<>();
    private boolean running;
    private String current;
    private Progress progress = Progress.NONE;
    private Failure failure;
    private String summary = "";

    public StatusTracker(List<Step> all, Map<String, StepRecord> recorded) {
        for (Step s : all) {
            StepRecord r = recorded.get(s.id());
            steps.put(s.id(), r == null ? new StepView(s.id(), s.title(), StepStatus.WAITING, "")
                    : new StepView(s.id(), s.title(), r.status(), r.detail()));
            if (r != null && r.status() == StepStatus.FAILED) {
                failure = new Failure(s.id(), r.detail(), List.of());
            }
        }
    }

    @Override
    public synchronized void emit(ProvisionEvent e) {
        if (e instanceof RunStarted r) {
            running = true;
            failure = null;
            summary = "";
            for (String id : r.stepIds()) {
                steps.computeIfPresent(id, (k, v) -> new StepView(k, v.title(), StepStatus.WAITING, ""));
            }
        } else if (e instanceof StepStarted s) {
            current = s.stepId();
            progress = Progress.NONE;
            steps.computeIfPresent(s.stepId(), (k, v) -> new StepView(k, v.title(), StepStatus.RUNNING, ""));
        } else if (e instanceof StepProgress p) {
            progress = new Progress(p.done(), p.total(), p.speed(), p.etaSeconds(), p.detail());
            steps.computeIfPresent(p.stepId(), (k, v) -> new StepView(k, v.title(), v.status(),
                    EventText.progressLine(p)));
        } else if (e instanceof StepFinished f) {
            steps.computeIfPresent(f.stepId(), (k, v) -> new StepView(k, v.title(), f.status(), f.detail()));
            if (f.status() == StepStatus.FAILED) {
                failure = new Failure(f.stepId(), f.detail(), f.lastLines());
            }
        } else if (e instanceof RunFinished r) {
            running = false;
            current = null;
            progress = Progress.NONE;
            summary = r.summary();
        }
    }

    public synchronized ProvisionStatus snapshot() {
        return new ProvisionStatus(running, current, new ArrayList<>(steps.values()), progress, failure, summary);
    }
}
