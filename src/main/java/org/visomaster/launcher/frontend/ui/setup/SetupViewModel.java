package org.visomaster.launcher.frontend.ui.setup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.steps.models.ModelStatus;
import org.visomaster.launcher.steps.models.ModelsReport;
import org.visomaster.launcher.steps.models.ModelsStep;
import org.visomaster.launcher.engine.EventText;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.ProvisionEvent.Finding;
import org.visomaster.launcher.engine.ProvisionEvent.ModelProgress;
import org.visomaster.launcher.engine.ProvisionEvent.RunFinished;
import org.visomaster.launcher.engine.ProvisionEvent.RunStarted;
import org.visomaster.launcher.engine.ProvisionEvent.StepFinished;
import org.visomaster.launcher.engine.ProvisionEvent.StepProgress;
import org.visomaster.launcher.engine.ProvisionEvent.StepStarted;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.engine.ProvisionStatus;
import org.visomaster.launcher.engine.ProvisionStatus.Progress;
import org.visomaster.launcher.engine.RunOptions;
import org.visomaster.launcher.engine.RunResult;
import org.visomaster.launcher.engine.StepFailure;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepStatus;
import org.visomaster.launcher.steps.selftest.GpuReport;
import org.visomaster.launcher.steps.selftest.SelfTestStep;
import org.visomaster.launcher.frontend.ui.console.ConsoleLine;
import org.visomaster.launcher.frontend.ui.console.ConsoleViewModel;
import org.visomaster.launcher.frontend.ui.services.BackgroundExecutor;
import org.visomaster.launcher.frontend.ui.services.DesktopOpener;
import org.visomaster.launcher.frontend.ui.services.Notifier;
import org.visomaster.launcher.frontend.ui.services.UiBatcher;

/**
 * The Setup view's state, folded from the engine's events. Events arrive on engine threads; readable lines go to the
 * console and the rest reach this model in batches (one UI hop per batch). Steps run at the same time: each running
 * step has its own row with its own bar ({@link #runningSteps()}), and the overall figures (bytes, speed, time left)
 * come from all of them.
 */
public final class SetupViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(SetupViewModel.class);
    private final ProvisionService service;
    private final BackgroundExecutor executor;
    private final ConsoleViewModel console;
    private final Notifier notifier;
    private final DesktopOpener opener;
    private final UiBatcher<ProvisionEvent> batcher;

    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    /** One read-only view, kept: a fresh wrapper per call would drop listeners when collected. */
    private final ObservableList<StepRow> stepsView = FXCollections.unmodifiableObservableList(steps);
    private final Map<StepId, StepRow> stepsById = new HashMap<>();
    private final ObservableList<ModelRow> models = FXCollections.observableArrayList();
    private final ObservableList<ModelRow> modelsView = FXCollections.unmodifiableObservableList(models);
    private final Map<String, ModelRow> modelsByPath = new HashMap<>();
    private final ObservableList<RunningStep> running = FXCollections.observableArrayList();
    private final ObservableList<RunningStep> runningView = FXCollections.unmodifiableObservableList(running);

    private final ReadOnlyBooleanWrapper runActive = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper complete = new ReadOnlyBooleanWrapper(this, "complete");
    private final ReadOnlyDoubleWrapper overallProgress = new ReadOnlyDoubleWrapper(this, "overallProgress");
    private final ReadOnlyStringWrapper overallText = new ReadOnlyStringWrapper(this, "overallText", "");
    private final ReadOnlyStringWrapper overallDetail = new ReadOnlyStringWrapper(this, "overallDetail", "");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed");
    private final ReadOnlyObjectWrapper<StepId> failedStep = new ReadOnlyObjectWrapper<>(this, "failedStep");
    private final ReadOnlyStringWrapper failureMessage = new ReadOnlyStringWrapper(this, "failureMessage", "");
    private final ReadOnlyStringWrapper failureLines = new ReadOnlyStringWrapper(this, "failureLines", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper gpuText = new ReadOnlyStringWrapper(this, "gpuText", "");
    private final ReadOnlyStringWrapper selfTestText = new ReadOnlyStringWrapper(this, "selfTestText", "");
    private final ReadOnlyBooleanWrapper offerLaunchAnyway = new ReadOnlyBooleanWrapper(this, "offerLaunchAnyway");
    private Runnable launchAnywayAction = () -> {
    };

    private List<StepId> runIds = List.of();
    /** Steps of this run that ended well (done, skipped, warning): a failed or blocked one does not fill the bar. */
    private int succeededInRun;
    private int endedBadlyInRun;

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
            showFailure(status.failure());
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
        showModelsOnDisk();
        executor.run(service::isComplete, done -> {
            if (runActive.get()) {
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
        if (runActive.get() || service.isRunning()) {
            return;
        }
        runActive.set(true);
        failed.set(false);
        summary.set("Starting…");
        service.start(options).whenComplete((result, err) -> executor.onUi(() -> runEnded(result, err)));
    }

    /** Reads the GPU facts and the wheel variant for them off the UI thread ("GPU: … keeping them."). */
    private void refreshGpuText() {
        executor.run(() -> GpuReport.of(service.config(), service.host(), service.state()).sentence(), gpuText::set,
                err -> gpuText.set("The GPU could not be read: " + err.getMessage()));
    }

    /**
     * Adds the models no run has reported since the window opened, as they stand on disk (from the cached manifest,
     * off the UI thread), so a window opened on an installed workspace lists its verified models.
     */
    private void showModelsOnDisk() {
        if (!service.graph().ids().contains(ModelsStep.ID)) {
            return;
        }
        executor.run(() -> ModelsReport.fromCache(service.context(ModelsStep.ID)).orElse(List.of()), list -> {
            for (ModelStatus m : list) {
                if (!modelsByPath.containsKey(m.relativePath())) {
                    ModelRow row = new ModelRow(m.relativePath());
                    row.show(m);
                    modelsByPath.put(m.relativePath(), row);
                    models.add(row);
                }
            }
        }, err -> LOG.warn("the models on disk could not be listed for the window", err));
    }

    /** What "Launch anyway" on a failed GPU self-test does (the VisoMaster panel's launch). */
    public void setLaunchAnywayAction(Runnable action) {
        launchAnywayAction = action;
    }

    public void launchAnyway() {
        launchAnywayAction.run();
    }

    public void retryFailedStep() {
        StepId id = failedStep.get();
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

    /** The earliest step (graph order) among the names an import affects, e.g. "requirements". */
    public Optional<StepId> firstAffected(Collection<String> stepNames) {
        return service.firstAffected(stepNames);
    }

    private void applyAll(List<ProvisionEvent> batch) {
        for (ProvisionEvent e : batch) {
            apply(e);
        }
        updateOverall();
    }

    private void apply(ProvisionEvent e) {
        if (e instanceof RunStarted r) {
            runActive.set(true);
            failed.set(false);
            complete.set(false);
            runIds = r.stepIds();
            offerLaunchAnyway.set(false);
            succeededInRun = 0;
            endedBadlyInRun = 0;
            running.clear();
            runIds.forEach(id -> row(id).ifPresent(s -> s.update(StepStatus.WAITING, "")));
            summary.set("Installing…");
        } else if (e instanceof StepStarted s) {
            row(s.stepId()).ifPresent(r -> r.update(StepStatus.RUNNING, ""));
            running.add(new RunningStep(s.stepId(), s.title()));
        } else if (e instanceof StepProgress p) {
            Progress progress = new Progress(p.done(), p.total(), p.speed(), p.etaSeconds(), p.detail());
            row(p.stepId()).ifPresent(r -> r.detail(EventText.progressLine(progress)));
            running.stream().filter(r -> r.id().equals(p.stepId())).findFirst().ifPresent(r -> r.update(progress));
        } else if (e instanceof StepFinished f) {
            row(f.stepId()).ifPresent(r -> r.update(f.status(), f.detail()));
            running.removeIf(r -> r.id().equals(f.stepId()));
            if (f.status().isSuccess()) {
                succeededInRun++;
            } else {
                endedBadlyInRun++;
            }
            if (f.status() == StepStatus.FAILED && !failed.get()) {
                showFailure(new StepFailure(f.stepId(), titleOf(f.stepId()), f.detail(), f.lastLines()));
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

    /** The bar over the run's steps, and the figures of the running ones together. */
    private void updateOverall() {
        if (!runActive.get() || runIds.isEmpty()) {
            return;
        }
        double fractions = running.stream().mapToDouble(r -> Math.max(0, r.progressProperty().get())).sum();
        overallProgress.set(Math.min(1, (succeededInRun + fractions) / runIds.size()));
        String runningTitles = String.join(", ", running.stream().map(RunningStep::title).toList());
        overallText.set(succeededInRun + " of " + runIds.size() + " steps done"
                + (endedBadlyInRun == 0 ? "" : " · " + endedBadlyInRun + " failed or blocked")
                + (running.isEmpty() ? "" : " · running: " + runningTitles));
        List<Progress> known = new ArrayList<>();
        List<String> unknownEta = new ArrayList<>();
        for (RunningStep r : running) {
            if (r.last() != null) {
                known.add(r.last());
            }
            if (r.last() == null || r.last().etaSeconds() < 0) {
                unknownEta.add(r.title());
            }
        }
        Progress all = Progress.overall(known, "");
        String line = EventText.progressLine(new Progress(all.done(), all.total(), all.speed(), -1, ""));
        if (all.etaSeconds() >= 0) {
            String eta = EventText.progressLine(new Progress(0, -1, 0, all.etaSeconds(), ""));
            line += (line.isEmpty() ? "" : " · ") + (unknownEta.isEmpty() ? eta : "at least " + eta + " ("
                    + String.join(", ", unknownEta) + " cannot tell yet)");
        }
        overallDetail.set(line);
    }

    /** The run's future completed: covers runs that never emitted RunFinished (workspace locked by another process). */
    private void runEnded(RunResult result, Throwable err) {
        // the run's last events (its steps finishing) are applied before its end
        batcher.flush();
        if (!runActive.get()) {
            return;
        }
        if (err != null) {
            finished(false, false, "Provisioning stopped unexpectedly: " + err.getMessage());
        } else {
            finished(result.success(), result.cancelled(), result.message());
        }
    }

    private void finished(boolean success, boolean cancelled, String text) {
        boolean wasRunning = runActive.get();
        runActive.set(false);
        complete.set(success);
        summary.set(text);
        overallText.set(success ? "Everything is installed." : cancelled ? "Stopped." : "Setup stopped at a failure.");
        overallDetail.set("");
        running.clear();
        if (success) {
            overallProgress.set(1);
        } else if (!runIds.isEmpty()) {
            // the run's last batch may end it before the bar was drawn for that batch
            overallProgress.set((double) succeededInRun / runIds.size());
        }
        refreshGpuText();
        showModelsOnDisk();
        if (!wasRunning || cancelled) {
            return;
        }
        if (success) {
            notifier.info("VisoMaster is ready", text);
        } else {
            notifier.error("Setup failed", text);
        }
    }

    private void showFailure(StepFailure f) {
        offerLaunchAnyway.set(SelfTestStep.ID.equals(f.stepId()));
        failed.set(true);
        failedStep.set(f.stepId());
        failureMessage.set(f.message() == null ? "" : f.message());
        failureLines.set(String.join("\n", f.lastLines()));
    }

    private String titleOf(StepId id) {
        return row(id).map(StepRow::title).orElse(id.name());
    }

    private Optional<StepRow> row(StepId id) {
        return Optional.ofNullable(id == null ? null : stepsById.get(id));
    }

    public ObservableList<StepRow> steps() {
        return stepsView;
    }

    public ObservableList<ModelRow> models() {
        return modelsView;
    }

    /** The steps running now, each with its own progress (graph order of their start). */
    public ObservableList<RunningStep> runningSteps() {
        return runningView;
    }

    /** The ids of all steps in graph order. */
    public List<StepId> stepIds() {
        return steps.stream().map(StepRow::id).toList();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return runActive.getReadOnlyProperty();
    }

    /** True once every step is done (checked on open, or the last run succeeded). */
    public ReadOnlyBooleanProperty completeProperty() {
        return complete.getReadOnlyProperty();
    }

    /** 0..1 over the steps of the current run. */
    public ReadOnlyDoubleProperty overallProgressProperty() {
        return overallProgress.getReadOnlyProperty();
    }

    /** "2 of 6 steps done · running: Python packages, Models". */
    public ReadOnlyStringProperty overallTextProperty() {
        return overallText.getReadOnlyProperty();
    }

    /** Bytes, speed and time left of the running steps together ("… · 1m 05s left"). */
    public ReadOnlyStringProperty overallDetailProperty() {
        return overallDetail.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    /** The first step that failed in the last run (retry starts there). */
    public ReadOnlyObjectProperty<StepId> failedStepProperty() {
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
