package org.visomaster.launcher.ui.setup;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.visomaster.launcher.provision.EventText;
import org.visomaster.launcher.provision.ProvisionEvent;
import org.visomaster.launcher.provision.ProvisionEvent.Finding;
import org.visomaster.launcher.provision.ProvisionEvent.ModelProgress;
import org.visomaster.launcher.provision.ProvisionEvent.RunFinished;
import org.visomaster.launcher.provision.ProvisionEvent.RunStarted;
import org.visomaster.launcher.provision.ProvisionEvent.StepFinished;
import org.visomaster.launcher.provision.ProvisionEvent.StepProgress;
import org.visomaster.launcher.provision.ProvisionEvent.StepStarted;
import org.visomaster.launcher.provision.ProvisionService;
import org.visomaster.launcher.provision.ProvisionStatus;
import org.visomaster.launcher.provision.RunOptions;
import org.visomaster.launcher.provision.RunResult;
import org.visomaster.launcher.provision.StepStatus;
import org.visomaster.launcher.selftest.GpuReport;
import org.visomaster.launcher.selftest.SelfTestStep;
import org.visomaster.launcher.ui.console.ConsoleLine;
import org.visomaster.launcher.ui.console.ConsoleViewModel;
import org.visomaster.launcher.ui.services.BackgroundExecutor;
import org.visomaster.launcher.ui.services.DesktopOpener;
import org.visomaster.launcher.ui.services.Notifier;
import org.visomaster.launcher.ui.services.UiBatcher;

/**
 * The Setup view's state, folded from the engine's events. Events arrive on engine threads; readable lines go to the
 * console and the rest reach this model in batches (one UI hop per batch).
 */
public final class SetupViewModel {
    private final ProvisionService service;
    private final BackgroundExecutor executor;
    private final ConsoleViewModel console;
    private final Notifier notifier;
    private final DesktopOpener opener;
    private final UiBatcher<ProvisionEvent> batcher;

    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    /** One read-only view, kept: a fresh wrapper per call would drop listeners when collected. */
    private final ObservableList<StepRow> stepsView = FXCollections.unmodifiableObservableList(steps);
    private final Map<String, StepRow> stepsById = new HashMap<>();
    private final ObservableList<ModelRow> models = FXCollections.observableArrayList();
    /** One read-only view, kept: a fresh wrapper per call would drop listeners when collected. */
    private final ObservableList<ModelRow> modelsView = FXCollections.unmodifiableObservableList(models);
    private final Map<String, ModelRow> modelsByPath = new HashMap<>();

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper complete = new ReadOnlyBooleanWrapper(this, "complete");
    private final ReadOnlyDoubleWrapper overallProgress = new ReadOnlyDoubleWrapper(this, "overallProgress");
    private final ReadOnlyStringWrapper overallText = new ReadOnlyStringWrapper(this, "overallText", "");
    private final ReadOnlyStringWrapper currentTitle = new ReadOnlyStringWrapper(this, "currentTitle", "");
    private final ReadOnlyDoubleWrapper currentProgress = new ReadOnlyDoubleWrapper(this, "currentProgress");
    private final ReadOnlyStringWrapper currentText = new ReadOnlyStringWrapper(this, "currentText", "");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed");
    private final ReadOnlyStringWrapper failedStep = new ReadOnlyStringWrapper(this, "failedStep");
    private final ReadOnlyStringWrapper failureMessage = new ReadOnlyStringWrapper(this, "failureMessage", "");
    private final ReadOnlyStringWrapper failureLines = new ReadOnlyStringWrapper(this, "failureLines", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper gpuText = new ReadOnlyStringWrapper(this, "gpuText", "");
    private final ReadOnlyStringWrapper selfTestText = new ReadOnlyStringWrapper(this, "selfTestText", "");
    private final ReadOnlyBooleanWrapper offerLaunchAnyway = new ReadOnlyBooleanWrapper(this, "offerLaunchAnyway");
    private Runnable launchAnywayAction = () -> {
    };

    private List<String> runIds = List.of();
    private int finishedInRun;
    private double currentFraction;

    public SetupViewModel(ProvisionService service, BackgroundExecutor executor, ConsoleViewModel console,
                          Notifier notifier, DesktopOpener opener) {
        this.service = service;
        this.executor = executor;
        this.console = console;
        this.notifier = notifier;
        this.opener = opener;
        this.batcher = new UiBatcher<>(executor, this::applyAll);
        ProvisionStatus status = service.status();
        for (ProvisionStatus.StepView v : status.steps()) {
            StepRow row = new StepRow(v.id(), v.title(), v.status(), v.detail());
            steps.add(row);
            stepsById.put(v.id(), row);
        }
        if (status.failure() != null) {
            showFailure(status.failure().stepId(), status.failure().message(), status.failure().lastLines());
        }
        service.events().subscribe(this::onEngineEvent);
    }

    /** Called on engine threads. */
    private void onEngineEvent(ProvisionEvent e) {
        String text = EventText.describe(e);
        if (text != null) {
            console.append(ConsoleLine.Source.PROVISION, text);
        }
        if (!(e instanceof ProvisionEvent.LogLine)) {
            batcher.add(e);
        }
    }

    /**
     * Checks off the UI thread whether everything is installed (the steps' cheap checks), and starts provisioning
     * when it is not and {@code autoProvision} is on.
     */
    public void checkOnOpen(boolean autoProvision) {
        summary.set("Checking the installation…");
        refreshGpuText();
        executor.run(service::isComplete, done -> {
            if (running.get()) {
                return;
            }
            complete.set(done);
            if (done) {
                summary.set("VisoMaster is installed.");
                overallProgress.set(1);
                overallText.set("Everything is installed.");
            } else if (autoProvision) {
                start(RunOptions.all());
            } else {
                summary.set("VisoMaster is not fully installed; press Install to set it up.");
            }
        }, err -> summary.set("Could not check the installation: " + err.getMessage()));
    }

    public void start(RunOptions options) {
        if (running.get() || service.isRunning()) {
            return;
        }
        running.set(true);
        failed.set(false);
        summary.set("Starting…");
        service.start(options).whenComplete((result, err) -> executor.onUi(() -> runEnded(result, err)));
    }

    /** Reads the GPU facts and the wheel variant for them off the UI thread ("GPU: … keeping them."). */
    private void refreshGpuText() {
        executor.run(() -> GpuReport.of(service.config(), service.host(), service.state()).sentence(), gpuText::set,
                err -> gpuText.set("The GPU could not be read: " + err.getMessage()));
    }

    /** What "Launch anyway" on a failed GPU self-test does (the VisoMaster panel's launch). */
    public void setLaunchAnywayAction(Runnable action) {
        launchAnywayAction = action;
    }

    public void launchAnyway() {
        launchAnywayAction.run();
    }

    public void retryFailedStep() {
        String id = failedStep.get();
        start(id == null ? RunOptions.all() : RunOptions.from(id));
    }

    public void repair() {
        start(RunOptions.repairAll());
    }

    public void cancel() {
        service.cancel();
    }

    public void showLog() {
        executor.run(() -> opener.open(service.workspace().logs().resolve("provision.log")),
                e -> console.append(ConsoleLine.Source.LAUNCHER, e.getMessage()));
    }

    private void applyAll(List<ProvisionEvent> batch) {
        for (ProvisionEvent e : batch) {
            apply(e);
        }
        overallProgress.set(runIds.isEmpty() ? (complete.get() ? 1 : 0)
                : Math.min(1, (finishedInRun + currentFraction) / runIds.size()));
    }

    private void apply(ProvisionEvent e) {
        if (e instanceof RunStarted r) {
            running.set(true);
            failed.set(false);
            complete.set(false);
            runIds = List.copyOf(r.stepIds());
            offerLaunchAnyway.set(false);
            finishedInRun = 0;
            currentFraction = 0;
            r.stepIds().forEach(id -> row(id).ifPresent(s -> s.update(StepStatus.WAITING, "")));
            summary.set("Installing…");
        } else if (e instanceof StepStarted s) {
            row(s.stepId()).ifPresent(r -> r.update(StepStatus.RUNNING, ""));
            currentTitle.set(s.title());
            currentProgress.set(-1);
            currentText.set("");
            currentFraction = 0;
            overallText.set("Step " + (runIds.indexOf(s.stepId()) + 1) + " of " + runIds.size() + ": " + s.title());
        } else if (e instanceof StepProgress p) {
            String line = EventText.progressLine(p);
            row(p.stepId()).ifPresent(r -> r.detail(line));
            currentFraction = p.total() > 0 ? Math.min(1, (double) p.done() / p.total()) : 0;
            currentProgress.set(p.total() > 0 ? currentFraction : -1);
            currentText.set(line);
        } else if (e instanceof StepFinished f) {
            row(f.stepId()).ifPresent(r -> r.update(f.status(), f.detail()));
            finishedInRun++;
            currentFraction = 0;
            currentProgress.set(f.status().isSuccess() ? 1 : currentProgress.get());
            if (f.status() == StepStatus.FAILED) {
                showFailure(f.stepId(), f.detail(), f.lastLines());
            }
            if (SelfTestStep.ID.equals(f.stepId())) {
                selfTestText.set("GPU self-test: " + f.status().label() + " — " + f.detail());
            }
        } else if (e instanceof ModelProgress m) {
            modelsByPath.computeIfAbsent(m.relativePath(), p -> {
                ModelRow row = new ModelRow(p);
                models.add(row);
                return row;
            }).update(m);
        } else if (e instanceof Finding f && f.severity() == ProvisionEvent.Severity.ERROR && f.stepId() == null) {
            summary.set(f.message());
        } else if (e instanceof RunFinished r) {
            finished(r.success(), r.cancelled(), r.summary());
        }
    }

    /** The run's future completed: covers runs that never emitted RunFinished (workspace locked by another process). */
    private void runEnded(RunResult result, Throwable err) {
        // the run's last events (its steps finishing) are applied before its end
        batcher.flush();
        if (!running.get()) {
            return;
        }
        if (err != null) {
            finished(false, false, "Provisioning stopped unexpectedly: " + err.getMessage());
        } else {
            finished(result.success(), result.cancelled(), result.message());
        }
    }

    private void finished(boolean success, boolean cancelled, String text) {
        boolean wasRunning = running.get();
        running.set(false);
        complete.set(success);
        summary.set(text);
        overallText.set(success ? "Everything is installed." : cancelled ? "Stopped." : "Setup stopped at a failure.");
        currentTitle.set("");
        currentText.set("");
        if (success) {
            overallProgress.set(1);
        }
        refreshGpuText();
        if (!wasRunning || cancelled) {
            return;
        }
        if (success) {
            notifier.info("VisoMaster is ready", text);
        } else {
            notifier.error("Setup failed", text);
        }
    }

    private void showFailure(String stepId, String message, List<String> lastLines) {
        offerLaunchAnyway.set(SelfTestStep.ID.equals(stepId));
        failed.set(true);
        failedStep.set(stepId);
        failureMessage.set(message == null ? "" : message);
        failureLines.set(String.join("\n", lastLines == null ? List.of() : lastLines));
    }

    private Optional<StepRow> row(String id) {
        return Optional.ofNullable(id == null ? null : stepsById.get(id));
    }

    public ObservableList<StepRow> steps() {
        return stepsView;
    }

    public ObservableList<ModelRow> models() {
        return modelsView;
    }

    /** The ids of all steps in pipeline order. */
    public List<String> stepIds() {
        return steps.stream().map(StepRow::id).toList();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** True once every step is done (checked on open, or the last run succeeded). */
    public ReadOnlyBooleanProperty completeProperty() {
        return complete.getReadOnlyProperty();
    }

    /** 0..1 over the steps of the current run. */
    public ReadOnlyDoubleProperty overallProgressProperty() {
        return overallProgress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty overallTextProperty() {
        return overallText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty currentTitleProperty() {
        return currentTitle.getReadOnlyProperty();
    }

    /** 0..1, or -1 while the current step cannot tell. */
    public ReadOnlyDoubleProperty currentProgressProperty() {
        return currentProgress.getReadOnlyProperty();
    }

    /** Bytes, speed and time left of the current step ("1.2 GiB of 3.4 GiB · 40.0 MiB/s · 1m 05s left"). */
    public ReadOnlyStringProperty currentTextProperty() {
        return currentText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty failedStepProperty() {
        return failedStep.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty failureMessageProperty() {
        return failureMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty failureLinesProperty() {
        return failureLines.getReadOnlyProperty();
    }

    /** The GPU and the wheel variant chosen for it, in one or two sentences. */
    public ReadOnlyStringProperty gpuTextProperty() {
        return gpuText.getReadOnlyProperty();
    }

    /** The last GPU self-test's result in this window ("" until it ran). */
    public ReadOnlyStringProperty selfTestTextProperty() {
        return selfTestText.getReadOnlyProperty();
    }

    /** True while the failure shown is the GPU self-test's: the failure panel offers "Launch anyway". */
    public ReadOnlyBooleanProperty offerLaunchAnywayProperty() {
        return offerLaunchAnyway.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
