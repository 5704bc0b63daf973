package org.visomaster.launcher.frontend.ui.setup;

import java.util.concurrent.atomic.AtomicReference;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.binding.Bindings;
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
import org.visomaster.launcher.engine.EventText;
import org.visomaster.launcher.engine.ModelId;
import org.visomaster.launcher.engine.ModelView;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.ProvisionEvent.StepFinished;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.engine.ProvisionStatus;
import org.visomaster.launcher.engine.ProvisionStatus.StepView;
import org.visomaster.launcher.engine.RunOptions;
import org.visomaster.launcher.steps.source.GoodVersions;
import org.visomaster.launcher.steps.source.SourceStep;
import org.visomaster.launcher.steps.source.UpdateFallback;
import org.visomaster.launcher.engine.RunPhase;
import org.visomaster.launcher.engine.RunResult;
import org.visomaster.launcher.engine.StepFailure;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepStatus;
import org.visomaster.launcher.frontend.ui.console.ConsoleLine;
import org.visomaster.launcher.frontend.ui.console.ConsoleViewModel;
import org.visomaster.launcher.frontend.ui.services.BackgroundExecutor;
import org.visomaster.launcher.frontend.ui.services.DesktopOpener;
import org.visomaster.launcher.frontend.ui.services.Notifier;
import org.visomaster.launcher.frontend.ui.services.UiBatcher;

/**
 * The Setup view's state, mapped from the engine's snapshots ({@link ProvisionService#status()}, the one fold of a
 * run). Events arrive on engine threads; readable lines go to the console, and each batch of the others only asks
 * for one UI hop, where the latest snapshot is mapped onto the properties. Steps run at the same time: each running
 * step has its own row with its own bar ({@link #runningSteps()}).
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
    private final Map<ModelId, ModelRow> modelsById = new HashMap<>();
    private final ObservableList<RunningStep> running = FXCollections.observableArrayList();
    private final ObservableList<RunningStep> runningView = FXCollections.unmodifiableObservableList(running);

    private final ReadOnlyObjectWrapper<SetupPhase> phase = new ReadOnlyObjectWrapper<>(this, "phase",
            SetupPhase.CHECKING);
    private final ReadOnlyBooleanWrapper runActive = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper complete = new ReadOnlyBooleanWrapper(this, "complete");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed");
    private final ReadOnlyBooleanWrapper offerLaunchAnyway = new ReadOnlyBooleanWrapper(this, "offerLaunchAnyway");
    private final ReadOnlyDoubleWrapper overallProgress = new ReadOnlyDoubleWrapper(this, "overallProgress");
    private final ReadOnlyStringWrapper overallText = new ReadOnlyStringWrapper(this, "overallText", "");
    private final ReadOnlyStringWrapper overallDetail = new ReadOnlyStringWrapper(this, "overallDetail", "");
    private final ReadOnlyObjectWrapper<StepId> failedStep = new ReadOnlyObjectWrapper<>(this, "failedStep");
    private final ReadOnlyStringWrapper failureMessage = new ReadOnlyStringWrapper(this, "failureMessage", "");
    private final ReadOnlyStringWrapper failureLines = new ReadOnlyStringWrapper(this, "failureLines", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper gpuText = new ReadOnlyStringWrapper(this, "gpuText", "");
    private final ReadOnlyStringWrapper selfTestText = new ReadOnlyStringWrapper(this, "selfTestText", "");
    private Runnable launchAnywayAction = () -> {
    };
    /** The number of the last run whose end this view has shown (see {@link ProvisionStatus#run()}). */
    private int endShown;
    /** UI thread: an update whose fallback may still run; its failed run's end is not shown as the window's end. */
    private boolean updating;

    public SetupViewModel(ProvisionService service, BackgroundExecutor executor, ConsoleViewModel console,
                          Notifier notifier, DesktopOpener opener) {
        this.service = service;
        this.executor = executor;
        this.console = console;
        this.notifier = notifier;
        this.opener = opener;
        this.batcher = new UiBatcher<>(executor, this::renderBatch);
        // the booleans the views bind to are read-outs of the one phase
        runActive.bind(phase.isEqualTo(SetupPhase.RUNNING));
        complete.bind(phase.isEqualTo(SetupPhase.INSTALLED));
        failed.bind(phase.isEqualTo(SetupPhase.FAILED));
        offerLaunchAnyway.bind(Bindings.createBooleanBinding(() -> failed.get()
                && service.isSelfTest(failedStep.get()), failed, failedStep));
        ProvisionStatus status = service.status();
        endShown = status.run();
        for (StepView v : status.steps()) {
            StepRow row = new StepRow(v.id(), v.title(), v.status(), v.detail());
            steps.add(row);
            stepsById.put(v.id(), row);
        }
        showFailure(status.failure());
        if (status.failure() != null) {
            // a failure an earlier run recorded shows at once, before the installation check
            phase.set(SetupPhase.FAILED);
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
        refreshFacts();
        executor.run(service::isComplete, done -> {
            if (phase.get() == SetupPhase.RUNNING) {
                return;
            }
            if (done) {
                phase.set(SetupPhase.INSTALLED);
                summary.set("VisoMaster is installed.");
                overallProgress.set(1);
                overallText.set("Everything is installed.");
            } else if (autoProvision) {
                start(RunOptions.all());
            } else {
                phase.set(idlePhase());
                summary.set("VisoMaster is not fully installed; press Install to set it up.");
            }
        }, err -> {
            phase.set(idlePhase());
            summary.set("Could not check the installation: " + err.getMessage());
        });
    }

    public void start(RunOptions options) {
        if (phase.get() == SetupPhase.RUNNING || service.isRunning()) {
            return;
        }
        phase.set(SetupPhase.RUNNING);
        summary.set("Starting…");
        service.start(options).whenComplete((result, err) -> executor.onUi(() -> runEnded(result, err)));
    }

    /**
     * The header's Update: installs the newest version this host runs (lifting a rollback's pin); when the new
     * version's environment, packages or self-test fail, goes back to the last version that passed here, as
     * {@code provision --update} does, and shows the one sentence saying so.
     */
    public void update() {
        if (phase.get() == SetupPhase.RUNNING || service.isRunning()) {
            return;
        }
        phase.set(SetupPhase.RUNNING);
        summary.set("Starting…");
        updating = true;
        // state.json is read and written off the UI thread
        executor.run(() -> {
            GoodVersions.unpin(service.state());
            return Optional.ofNullable(UpdateFallback.installedCommit(service.state()));
        }, before -> startUpdate(before.orElse(null)), err -> {
            updating = false;
            runEnded(null, err);
        });
    }

    /** The header's Roll back: pins a version that passed the self-test here and installs it again. */
    public void rollbackTo(GoodVersions.Good version) {
        if (phase.get() == SetupPhase.RUNNING || service.isRunning()) {
            return;
        }
        executor.run(() -> {
            GoodVersions.pin(service.state(), version);
            return true;
        }, pinned -> start(RunOptions.from(SourceStep.ID)),
                err -> summary.set("The rollback could not be recorded in state.json: " + err.getMessage()
                        + "; check the workspace disk, or run visomaster-launcher provision --rollback."));
    }

    private void startUpdate(String before) {
        service.start(RunOptions.from(SourceStep.ID)).whenComplete((result, err) -> {
            if (err != null || result.success() || result.cancelled()) {
                executor.onUi(() -> {
                    updating = false;
                    runEnded(result, err);
                });
                return;
            }
            // the fallback runs the graph again: off the engine's completion thread, on the background executor
            AtomicReference<RunResult> rerun = new AtomicReference<>(result);
            executor.onUi(() -> executor.run(() -> UpdateFallback.afterUpdate(service, before, result, options -> {
                rerun.set(service.start(options).get());
                return rerun.get();
            }), outcome -> {
                        updating = false;
                        runEnded(rerun.get(), null);
                        if (outcome.sentence() != null) {
                            summary.set(outcome.sentence());
                        }
                    }, fallbackErr -> {
                        updating = false;
                        runEnded(result, fallbackErr);
                    }));
        });
    }

    /**
     * Reads, off the UI thread, the GPU and the wheel variant for it ("GPU: … keeping them."), and the models as they
     * stand on disk, so a window opened on an installed workspace lists its verified models.
     */
    private void refreshFacts() {
        executor.run(() -> service.gpu().sentence(), gpuText::set,
                err -> gpuText.set("The GPU could not be read: " + err.getMessage()));
        executor.run(() -> {
            service.refreshModelsOnDisk();
            return true;
        }, listed -> render(service.status()),
                err -> LOG.warn("the models on disk could not be listed for the window", err));
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
        executor.run(() -> opener.open(service.workspace().provisionLog()),
                e -> console.append(ConsoleLine.Source.LAUNCHER, e.getMessage()));
    }

    /** The earliest step (graph order) among those an import affects, e.g. the requirements step. */
    public Optional<StepId> firstAffected(Collection<StepId> affected) {
        return service.firstAffected(affected);
    }

    /** UI thread: the batch only says that something happened; the snapshot says what stands now. */
    private void renderBatch(List<ProvisionEvent> batch) {
        for (ProvisionEvent e : batch) {
            if (e instanceof StepFinished f && service.isSelfTest(f.stepId())) {
                selfTestText.set("GPU self-test: " + f.status().label() + " — " + f.detail());
            }
        }
        render(service.status());
    }

    /** Maps the latest snapshot onto the properties (UI thread; always a fresh one, never one taken earlier). */
    private void render(ProvisionStatus s) {
        for (StepView v : s.steps()) {
            row(v.id()).ifPresent(r -> r.update(v.status(), v.detail()));
        }
        renderRunning(s);
        for (ModelView m : s.models()) {
            modelsById.computeIfAbsent(m.id(), id -> {
                ModelRow row = new ModelRow(id);
                models.add(row);
                return row;
            }).show(m);
        }
        if (s.phase() == RunPhase.RUNNING) {
            if (phase.get() != SetupPhase.RUNNING || "Starting…".equals(summary.get())) {
                summary.set("Installing…");
            }
            phase.set(SetupPhase.RUNNING);
            showFailure(s.failure());
            showOverall(s.overall());
        } else if (!updating && s.phase() != RunPhase.IDLE && s.run() > endShown) {
            // a run ended, this window's or one the drop page started
            finished(s.phase() == RunPhase.SUCCEEDED, s.phase() == RunPhase.STOPPED, s.summary());
        }
    }

    /** One row per running step, in graph order, each with the step's last progress. */
    private void renderRunning(ProvisionStatus s) {
        running.removeIf(r -> !s.runningSteps().contains(r.id()));
        for (StepView v : s.steps()) {
            if (!s.runningSteps().contains(v.id())) {
                continue;
            }
            RunningStep r = running.stream().filter(x -> x.id().equals(v.id())).findFirst().orElseGet(() -> {
                RunningStep added = new RunningStep(v.id(), v.title());
                running.add(added);
                return added;
            });
            if (v.progress() != null) {
                r.update(v.progress());
            }
        }
        running.sort(Comparator.comparingInt(r -> s.runningSteps().indexOf(r.id())));
    }

    private void showOverall(ProvisionStatus.Overall o) {
        overallProgress.set(o.fraction());
        overallText.set(o.text());
        overallDetail.set(o.detail());
    }

    /** The run's future completed: covers runs that never emitted RunFinished (workspace locked by another process). */
    private void runEnded(RunResult result, Throwable err) {
        // the run's last events (its steps finishing) are mapped before its end
        batcher.flush();
        if (phase.get() != SetupPhase.RUNNING) {
            return;
        }
        if (err != null) {
            finished(false, false, "Provisioning stopped unexpectedly: " + err.getMessage());
        } else {
            finished(result.success(), result.cancelled(), result.message());
        }
    }

    private void finished(boolean success, boolean cancelled, String text) {
        ProvisionStatus s = service.status();
        boolean ranToItsEnd = s.phase() != RunPhase.IDLE && s.phase() != RunPhase.RUNNING && s.run() > endShown;
        endShown = s.run();
        showFailure(s.failure());
        phase.set(success ? SetupPhase.INSTALLED : idlePhase());
        summary.set(text);
        running.clear();
        if (ranToItsEnd) {
            showOverall(s.overall());
        } else {
            // the run never started (another launcher holds the workspace): the bar keeps what it showed
            overallText.set(cancelled ? "Stopped." : "Setup stopped at a failure.");
            overallDetail.set("");
        }
        refreshFacts();
        if (cancelled) {
            return;
        }
        if (success) {
            notifier.info("VisoMaster is ready", text);
        } else {
            notifier.error("Setup failed", text);
        }
    }

    /** Not running and not installed: failed when a step's failure is on record. */
    private SetupPhase idlePhase() {
        return failedStep.get() != null ? SetupPhase.FAILED : SetupPhase.NOT_INSTALLED;
    }

    private void showFailure(StepFailure f) {
        failedStep.set(f == null ? null : f.stepId());
        failureMessage.set(f == null || f.message() == null ? "" : f.message());
        failureLines.set(f == null ? "" : String.join("\n", f.lastLines()));
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

    /** The steps running now, each with its own progress (graph order). */
    public ObservableList<RunningStep> runningSteps() {
        return runningView;
    }

    /** The ids of all steps in graph order. */
    public List<StepId> stepIds() {
        return steps.stream().map(StepRow::id).toList();
    }

    /** Where the view stands; the boolean properties below are read-outs of it. */
    public ReadOnlyObjectProperty<SetupPhase> phaseProperty() {
        return phase.getReadOnlyProperty();
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

    /** True while the view is in {@link SetupPhase#FAILED}: the failure panel shows. */
    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    /** The first step (graph order) that failed in the last run (retry starts there). */
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
