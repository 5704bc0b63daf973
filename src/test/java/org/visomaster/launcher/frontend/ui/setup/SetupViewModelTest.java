package org.visomaster.launcher.frontend.ui.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.ProvisionEvent.ModelState;
import org.visomaster.launcher.engine.ProvisionEvent.PlannedStep;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.engine.RunOptions;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepStatus;
import org.visomaster.launcher.engine.WorkspaceLock;
import org.visomaster.launcher.frontend.ui.FixtureSteps;
import org.visomaster.launcher.frontend.ui.QueuedExecutor;
import org.visomaster.launcher.frontend.ui.Recorders;
import org.visomaster.launcher.frontend.ui.console.ConsoleLine;
import org.visomaster.launcher.frontend.ui.console.ConsoleViewModel;
import org.visomaster.launcher.infra.workspace.ConfigLoader;
import org.visomaster.launcher.infra.workspace.Workspace;

class SetupViewModelTest {
    static final StepId SOURCE = StepId.of("source");
    static final StepId PYTHON = StepId.of("python");
    static final StepId MODELS = StepId.of("models");
    @TempDir
    Path tmp;
    final QueuedExecutor ex = new QueuedExecutor();
    final Recorders.Notes notes = new Recorders.Notes();
    final Recorders.Opener opener = new Recorders.Opener();
    ProvisionService service;
    ConsoleViewModel console;

    SetupViewModel vm() throws Exception {
        Workspace ws = new Workspace(tmp);
        service = new ProvisionService(ws, ConfigLoader.load(ws, "upstream", Map.of()), HostEnvironment.system(),
                List.of(FixtureSteps.writer("source", "Get the source", "source.txt", 4096),
                        FixtureSteps.writer("python", "Python environment", "python.txt", 2048, "source"),
                        FixtureSteps.writer("models", "Download models", "models.txt", 8192, "python")));
        console = new ConsoleViewModel(ex, new Recorders.Clipboard(), opener, ws.logs());
        return new SetupViewModel(service, ex, console, notes, opener);
    }

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    /** Waits for the run the model started, then lets the "UI thread" catch up. */
    void finishRun(SetupViewModel vm) throws Exception {
        ex.runUiTasksUntil("the run to end", () -> !service.isRunning() && !vm.runningProperty().get());
    }

    @Test
    void aRunOnOpenShowsEveryStepDoneAndTellsTheUser() throws Exception {
        SetupViewModel vm = vm();
        assertEquals(List.of(SOURCE, PYTHON, MODELS), vm.stepIds());
        assertTrue(vm.steps().stream().allMatch(s -> s.status() == StepStatus.WAITING));
        vm.checkOnOpen(true);
        assertTrue(vm.runningProperty().get(), "an incomplete workspace starts provisioning by itself");
        finishRun(vm);
        assertFalse(vm.runningProperty().get());
        assertTrue(vm.completeProperty().get());
        assertEquals(1.0, vm.overallProgressProperty().get(), 1e-9);
        assertEquals(List.of(StepStatus.DONE, StepStatus.DONE, StepStatus.DONE),
                vm.steps().stream().map(StepRow::status).toList());
        assertEquals("wrote models.txt", vm.steps().get(2).detail());
        assertEquals("VisoMaster is installed and verified.", vm.summaryProperty().get());
        assertEquals(1, notes.infos.size(), notes.infos.toString());
        assertTrue(console.lines().stream().anyMatch(l -> l.text().equals("[models]       ==> Download models")));
        assertTrue(console.lines().stream().anyMatch(l -> l.text().contains("wrote 8192 of 8192 bytes")),
                "pip-like output reaches the console");
        assertTrue(Files.isRegularFile(tmp.resolve("models.txt")));
    }

    @Test
    void aCompleteWorkspaceDoesNotRunAgainOnOpen() throws Exception {
        for (String f : List.of("source.txt", "python.txt", "models.txt")) {
            Files.writeString(tmp.resolve(f), "x");
        }
        SetupViewModel vm = vm();
        vm.checkOnOpen(true);
        ex.runUiTasks();
        assertFalse(service.isRunning());
        assertTrue(vm.completeProperty().get());
        assertEquals("VisoMaster is installed.", vm.summaryProperty().get());
    }

    @Test
    void withoutAutoProvisionTheWindowWaitsForTheUser() throws Exception {
        SetupViewModel vm = vm();
        vm.checkOnOpen(false);
        ex.runUiTasks();
        assertFalse(service.isRunning());
        assertFalse(vm.completeProperty().get());
        assertTrue(vm.summaryProperty().get().contains("press Install"), vm.summaryProperty().get());
    }

    @Test
    void aFailureShowsTheSentenceAndLastLinesAndRetryStartsFromThatStep() throws Exception {
        Files.writeString(tmp.resolve("python.txt.broken"), "");
        SetupViewModel vm = vm();
        vm.start(RunOptions.all());
        finishRun(vm);
        assertTrue(vm.failedProperty().get());
        assertFalse(vm.completeProperty().get());
        assertEquals(PYTHON, vm.failedStepProperty().get());
        assertEquals("Python environment failed because python.txt.broken exists; delete it and retry.",
                vm.failureMessageProperty().get());
        assertEquals("writing python.txt\nerror: broken", vm.failureLinesProperty().get());
        assertEquals(StepStatus.FAILED, vm.steps().get(1).status());
        assertEquals(StepStatus.BLOCKED, vm.steps().get(2).status(), "models needs python");
        assertEquals("waiting on Python environment, which failed.", vm.steps().get(2).detail());
        assertEquals(1.0 / 3, vm.overallProgressProperty().get(), 1e-9, "failed and blocked steps fill no bar");
        assertEquals(1, notes.errors.size());

        vm.showLog();
        assertEquals(List.of(tmp.resolve("logs/provision.log")), opener.opened);

        Files.delete(tmp.resolve("python.txt.broken"));
        vm.retryFailedStep();
        finishRun(vm);
        assertFalse(vm.failedProperty().get());
        assertTrue(vm.completeProperty().get());
        // retry starts at the failed step: the first step is not part of that run, so it keeps its earlier outcome
        assertEquals(StepStatus.DONE, vm.steps().get(0).status());
        List<String> lines = console.lines().stream().map(ConsoleLine::text).toList();
        assertTrue(lines.contains("Provisioning: 2 steps; each starts once the steps it waits for have ended,"
                + " independent ones at the same time"), lines.toString());
        assertTrue(lines.contains("  models         Download models        after python"), lines.toString());
    }

    @Test
    void aFailureRecordedByAnEarlierRunIsShownWhenTheWindowOpens() throws Exception {
        Files.writeString(tmp.resolve("source.txt.broken"), "");
        SetupViewModel first = vm();
        first.start(RunOptions.all());
        finishRun(first);
        service.close();
        SetupViewModel reopened = vm();
        assertTrue(reopened.failedProperty().get());
        assertEquals(SOURCE, reopened.failedStepProperty().get());
        assertEquals(StepStatus.FAILED, reopened.steps().get(0).status());
    }

    @Test
    void twoRunningStepsHaveTheirOwnBarsAndTheOverallFiguresComeFromBoth() throws Exception {
        SetupViewModel vm = vm();
        Instant t = Instant.now();
        service.events().emit(new ProvisionEvent.RunStarted(t, List.of(new PlannedStep(SOURCE, "Get the source",
                List.of()), new PlannedStep(PYTHON, "Python environment", List.of(SOURCE)),
                new PlannedStep(MODELS, "Download models", List.of(SOURCE))), false));
        service.events().emit(new ProvisionEvent.StepFinished(t, SOURCE, StepStatus.DONE, "cloned", List.of()));
        service.events().emit(new ProvisionEvent.StepStarted(t, PYTHON, "Python environment"));
        service.events().emit(new ProvisionEvent.StepStarted(t, MODELS, "Download models"));
        service.events().emit(new ProvisionEvent.StepProgress(t, PYTHON, 3, -1, 0, -1, "Collecting torch"));
        service.events().emit(new ProvisionEvent.StepProgress(t, MODELS, 512L << 20, 2048L << 20,
                40.0 * (1 << 20), 65, "3 of 57 files"));
        service.events().emit(new ProvisionEvent.ModelProgress(t, MODELS, "inswapper_128.fp16.onnx",
                "model_assets/inswapper_128.fp16.onnx", 100L << 20, 400L << 20, 20.0 * (1 << 20),
                ModelState.DOWNLOADING, ""));
        service.events().emit(new ProvisionEvent.ModelProgress(t, MODELS, "det_10g.onnx", "model_assets/det_10g.onnx",
                16L << 20, 16L << 20, 0, ModelState.VERIFIED, "sha256 ok"));
        service.events().emit(new ProvisionEvent.ModelProgress(t, MODELS, "inswapper_128.fp16.onnx",
                "model_assets/inswapper_128.fp16.onnx", 200L << 20, 400L << 20, 25.0 * (1 << 20),
                ModelState.DOWNLOADING, ""));
        assertEquals(2, ex.uiHops(), "events arriving together: one hop for this model, one for the console");
        ex.runUiTasks();
        assertEquals(List.of("Python environment", "Download models"),
                vm.runningSteps().stream().map(RunningStep::title).toList());
        RunningStep python = vm.runningSteps().get(0);
        RunningStep models = vm.runningSteps().get(1);
        assertEquals(-1, python.progressProperty().get(), 1e-9, "the packages cannot tell a fraction");
        assertEquals("Collecting torch", python.textProperty().get());
        assertEquals(0.25, models.progressProperty().get(), 1e-9);
        assertEquals("512.0 MiB of 2.0 GiB · 40.0 MiB/s · 1m 05s left · 3 of 57 files", models.textProperty().get());
        assertEquals("1 of 3 steps done · running: Python environment, Download models",
                vm.overallTextProperty().get());
        assertEquals("512.0 MiB of 2.0 GiB · 40.0 MiB/s · at least 1m 05s left (Python environment cannot tell yet)",
                vm.overallDetailProperty().get());
        assertEquals((1 + 0.25) / 3, vm.overallProgressProperty().get(), 1e-9);
        service.events().emit(new ProvisionEvent.StepFinished(t, PYTHON, StepStatus.DONE, "made", List.of()));
        ex.runUiTasks();
        assertEquals(List.of("Download models"), vm.runningSteps().stream().map(RunningStep::title).toList());
        assertEquals("512.0 MiB of 2.0 GiB · 40.0 MiB/s · 1m 05s left", vm.overallDetailProperty().get());
        assertEquals(2, vm.models().size());
        ModelRow swap = vm.models().get(0);
        assertEquals("inswapper_128.fp16.onnx", swap.nameProperty().get());
        assertEquals("400.0 MiB", swap.sizeProperty().get());
        assertEquals(0.5, swap.progress(), 1e-9);
        assertEquals("25.0 MiB/s", swap.speedProperty().get());
        assertEquals("downloading", swap.state());
        assertEquals("verified: sha256 ok", vm.models().get(1).state());
        assertEquals(1.0, vm.models().get(1).progress(), 1e-9);
    }

    @Test
    void aWorkspaceLockedByAnotherProcessIsSaidPlainly() throws Exception {
        SetupViewModel vm = vm();
        try (WorkspaceLock held = WorkspaceLock.acquire(new Workspace(tmp).lockFile())) {
            vm.start(RunOptions.all());
            finishRun(vm);
        }
        assertFalse(vm.runningProperty().get());
        assertFalse(vm.completeProperty().get());
        assertTrue(vm.summaryProperty().get().toLowerCase().contains("lock")
                        || vm.summaryProperty().get().toLowerCase().contains("another"),
                vm.summaryProperty().get());
        assertEquals(1, notes.errors.size());
    }
}
