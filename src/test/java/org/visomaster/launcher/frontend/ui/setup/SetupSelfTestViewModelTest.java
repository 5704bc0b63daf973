package org.visomaster.launcher.frontend.ui.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.frontend.app.StepCatalog;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.steps.selftest.SelfTestStep;
import org.visomaster.launcher.testing.FakeNvidiaSmi;
import org.visomaster.launcher.frontend.ui.FixtureSteps;
import org.visomaster.launcher.frontend.ui.QueuedExecutor;
import org.visomaster.launcher.frontend.ui.Recorders;
import org.visomaster.launcher.frontend.ui.console.ConsoleViewModel;
import org.visomaster.launcher.infra.workspace.ConfigLoader;
import org.visomaster.launcher.infra.workspace.Workspace;

/** The window's GPU sentence and a failed GPU self-test with its "Launch anyway". */
class SetupSelfTestViewModelTest {
    @TempDir
    Path tmp;
    final QueuedExecutor ex = new QueuedExecutor();
    ProvisionService service;

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    /** A step that fails with this sentence, like the real self-test does on an RTX 5090 with the cu124 set. */
    static Step failing(StepId id, String title, String sentence) {
        return new Step() {
            public StepId id() {
                return id;
            }

            public Set<StepId> needs() {
                return Set.of();
            }

            public String title() {
                return title;
            }

            public boolean isDone(StepContext ctx) {
                return false;
            }

            public String plan(StepContext ctx) {
                return "";
            }

            public StepOutcome run(StepContext ctx) throws StepFailedException {
                throw new StepFailedException(sentence);
            }
        };
    }

    private SetupViewModel vm(HostEnvironment host, List<Step> steps) throws Exception {
        Workspace ws = new Workspace(tmp.resolve("ws"));
        service = new ProvisionService(ws, ConfigLoader.load(ws, "upstream", Map.of()), host, steps,
                StepCatalog.facts());
        ConsoleViewModel console = new ConsoleViewModel(ex, new Recorders.Clipboard(), new Recorders.Opener(),
                ws.logs());
        return new SetupViewModel(service, ex, console, new Recorders.Notes(), new Recorders.Opener());
    }

    private void finish(SetupViewModel vm) throws Exception {
        ex.runUiTasksUntil("the run to end", () -> !service.isRunning() && !vm.runningProperty().get());
    }

    @Test
    void aFailedSelfTestShowsItsSentenceAndOffersLaunchAnyway() throws Exception {
        HostEnvironment rtx = FakeNvidiaSmi.hostFor(tmp.resolve("smi"), FakeNvidiaSmi.RTX_5090);
        String sentence = "The GPU self-test failed: NVIDIA GeForce RTX 5090 is sm_120, which torch 2.4.1+cu124 has"
                + " no kernels for. Launch anyway starts VisoMaster regardless.";
        SetupViewModel vm = vm(rtx, List.of(FixtureSteps.writer("source", "Get the source", "source.txt", 16),
                failing(SelfTestStep.ID, "GPU self-test", sentence)));
        AtomicInteger launched = new AtomicInteger();
        vm.setLaunchAnywayAction(launched::incrementAndGet);
        vm.checkOnOpen(true);
        finish(vm);
        assertEquals("GPU: NVIDIA GeForce RTX 5090 (sm_120, 31.8 GiB); driver 575.57.08 (CUDA 12.9). NVIDIA GeForce"
                + " RTX 5090 is sm_120, which torch 2.4.1+cu124 cannot run: installing torch 2.7.1+cu128 instead (the"
                + " cu128 variant).", vm.gpuTextProperty().get());
        assertTrue(vm.failedProperty().get());
        assertEquals(SelfTestStep.ID, vm.failedStepProperty().get());
        assertEquals(sentence, vm.failureMessageProperty().get());
        assertEquals("GPU self-test: failed — " + sentence, vm.selfTestTextProperty().get());
        assertTrue(vm.offerLaunchAnywayProperty().get());
        vm.launchAnyway();
        assertEquals(1, launched.get());
    }

    @Test
    void anotherStepsFailureDoesNotOfferIt() throws Exception {
        SetupViewModel vm = vm(FakeNvidiaSmi.hostFor(tmp.resolve("smi"), FakeNvidiaSmi.H100),
                List.of(failing(StepId.of("source"), "Get the source", "Could not reach the remote.")));
        vm.checkOnOpen(true);
        finish(vm);
        assertTrue(vm.failedProperty().get());
        assertFalse(vm.offerLaunchAnywayProperty().get());
        assertEquals("", vm.selfTestTextProperty().get());
        assertTrue(vm.gpuTextProperty().get().endsWith("which the default cu124 wheels (torch 2.4.1+cu124) serve:"
                + " keeping them."), vm.gpuTextProperty().get());
    }
}
