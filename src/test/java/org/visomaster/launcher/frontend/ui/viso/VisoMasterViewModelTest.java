package org.visomaster.launcher.frontend.ui.viso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javafx.beans.property.SimpleBooleanProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.process.LaunchGpu;
import org.visomaster.launcher.infra.process.LaunchSettings;
import org.visomaster.launcher.infra.process.VisoMasterSupervisor;
import org.visomaster.launcher.infra.process.VisoState;
import org.visomaster.launcher.frontend.ui.FixtureApp;
import org.visomaster.launcher.frontend.ui.QueuedExecutor;
import org.visomaster.launcher.frontend.ui.Recorders;
import org.visomaster.launcher.frontend.ui.console.ConsoleLine;
import org.visomaster.launcher.frontend.ui.console.ConsoleViewModel;
import org.visomaster.launcher.infra.workspace.Workspace;

class VisoMasterViewModelTest {
    @TempDir
    Path tmp;
    final QueuedExecutor ex = new QueuedExecutor();
    final Recorders.Notes notes = new Recorders.Notes();
    final SimpleBooleanProperty provisioned = new SimpleBooleanProperty();
    final AtomicInteger repairs = new AtomicInteger();
    ConsoleViewModel console;
    VisoMasterViewModel vm;
    Workspace ws;

    List<LaunchGpu> gpus = List.of();

    VisoMasterViewModel vm(boolean withApp) throws Exception {
        ws = new Workspace(tmp);
        if (withApp) {
            FixtureApp.install(ws);
        }
        console = new ConsoleViewModel(ex, new Recorders.Clipboard(), new Recorders.Opener(), ws.logs());
        vm = new VisoMasterViewModel(ex, console, notes, provisioned, listener -> {
            VisoMasterSupervisor s = new VisoMasterSupervisor(ws, HostEnvironment.system(), listener, () -> gpus);
            s.setStopTimeout(Duration.ofSeconds(3));
            return s;
        }, repairs::incrementAndGet);
        return vm;
    }

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
    }

    /** Runs the queued UI tasks on every look, as the FX thread would. */
    void await(String what, BooleanSupplier condition) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .alias(what + " (state " + vm.stateProperty().get() + ", console " + console.lines() + ")")
                .until(() -> {
                    ex.runUiTasks();
                    return condition.getAsBoolean();
                });
    }

    boolean consoleHas(String text) {
        return console.lines().stream().anyMatch(l -> l.source() == ConsoleLine.Source.VISOMASTER
                && l.text().contains(text));
    }

    @Test
    void launchIsEnabledOnlyOnceProvisionedUnlessTheUserInsists() throws Exception {
        vm(false);
        assertFalse(vm.canLaunchBinding().get());
        assertTrue(vm.offerLaunchAnywayBinding().get());
        provisioned.set(true);
        assertTrue(vm.canLaunchBinding().get());
        assertFalse(vm.offerLaunchAnywayBinding().get());
        provisioned.set(false);
        vm.launchAnyway();
        assertTrue(vm.canLaunchBinding().get() || vm.isAlive());
        assertFalse(vm.offerLaunchAnywayBinding().get());
    }

    @Test
    void launchWithoutVisoMasterInstalledSaysWhatToDo() throws Exception {
        vm(false);
        provisioned.set(true);
        vm.launch();
        ex.runUiTasks();
        assertTrue(vm.errorProperty().get().startsWith("VisoMaster could not start: VisoMaster is not installed"),
                vm.errorProperty().get());
        assertEquals(VisoState.STOPPED, vm.stateProperty().get());
    }

    @Test
    void launchRunsTheAppItsOutputReachesTheConsoleAndACrashIsTriaged() throws Exception {
        vm(true);
        provisioned.set(true);
        vm.launch();
        await("running", () -> vm.stateProperty().get() == VisoState.RUNNING);
        assertTrue(vm.pidProperty().get() > 0);
        assertTrue(vm.aliveBinding().get());
        assertFalse(vm.canLaunchBinding().get());
        vm.refreshClock(Instant.now().plusSeconds(65));
        assertTrue(vm.stateTextProperty().get().matches("Running · pid \\d+ · up 1m 0[56]s"),
                vm.stateTextProperty().get());
        await("output", () -> consoleHas("Qt window ready"));

        FixtureApp.crash(ws);
        await("crash", () -> vm.stateProperty().get() == VisoState.CRASHED);
        assertTrue(vm.crashedProperty().get());
        assertEquals("onnxruntime-gpu 1.20.0", vm.crashCauseProperty().get());
        assertTrue(vm.crashTextProperty().get().contains("1.22 override"), vm.crashTextProperty().get());
        assertTrue(vm.offerRepairProperty().get());
        assertTrue(vm.crashLinesProperty().get().contains("no data transfer registered"));
        assertEquals("Crashed (code 1)", vm.stateTextProperty().get());
        assertEquals(1, notes.errors.size());
        assertTrue(vm.canLaunchBinding().get());

        vm.repair();
        assertEquals(1, repairs.get());
        assertFalse(vm.crashedProperty().get());
    }

    @Test
    void stopEndsTheAppAndIsNotACrash() throws Exception {
        vm(true);
        provisioned.set(true);
        vm.launch();
        await("running", () -> vm.stateProperty().get() == VisoState.RUNNING);
        long pid = vm.pidProperty().get();
        vm.stop();
        await("stopped", () -> vm.stateProperty().get() == VisoState.STOPPED);
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(vm.crashedProperty().get());
        assertTrue(notes.errors.isEmpty());
        assertEquals("Not running", vm.stateTextProperty().get());
    }

    @Test
    void aLaunchRequestedBeforeSetupCompletesHappensWhenItDoes() throws Exception {
        vm(true);
        vm.requestLaunch();
        ex.runUiTasks();
        assertEquals(VisoState.STOPPED, vm.stateProperty().get());
        assertTrue(vm.errorProperty().get().contains("as soon as the installation is complete"));
        provisioned.set(true);
        await("running", () -> vm.stateProperty().get() == VisoState.RUNNING);
    }

    @Test
    void onAMachineWithSeveralGpusThePickedOneIsRememberedForTheNextSession() throws Exception {
        gpus = List.of(new LaunchGpu(0, "NVIDIA GeForce RTX 4090", "8.9"), new LaunchGpu(1, "NVIDIA A100", "8.0"));
        vm(true);
        await("the GPUs listed", () -> vm.gpusProperty().size() == 2);
        assertTrue(vm.offerGpuChoiceBinding().get());
        assertNull(vm.gpuProperty().get(), "no choice yet: VisoMaster's default");
        vm.gpuProperty().set(gpus.get(1));
        await("the choice saved", () -> Integer.valueOf(1).equals(LaunchSettings.load(ws).gpu()));
        assertEquals(1, vm.supervisor().gpu());
        vm.close();

        vm(false);
        await("the remembered GPU shown", () -> gpus.get(1).equals(vm.gpuProperty().get()));
        vm.gpuProperty().set(null);
        await("back to the default", () -> LaunchSettings.load(ws).gpu() == null);
    }

    @Test
    void oneGpuOffersNoPicker() throws Exception {
        gpus = List.of(new LaunchGpu(0, "NVIDIA H100", "9.0"));
        vm(false);
        await("the GPUs listed", () -> vm.gpusProperty().size() == 1);
        assertFalse(vm.offerGpuChoiceBinding().get());
    }
}
