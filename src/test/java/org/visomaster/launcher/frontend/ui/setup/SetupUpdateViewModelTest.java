package org.visomaster.launcher.frontend.ui.setup;

import static org.visomaster.launcher.testing.FusionUpdateFixture.H100_580;
import static org.visomaster.launcher.testing.FusionUpdateFixture.buildWheels;
import static org.visomaster.launcher.testing.FusionUpdateFixture.files;
import static org.visomaster.launcher.testing.FusionUpdateFixture.head;
import static org.visomaster.launcher.testing.FusionUpdateFixture.python312;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.frontend.app.StepCatalog;
import org.visomaster.launcher.frontend.ui.QueuedExecutor;
import org.visomaster.launcher.frontend.ui.Recorders;
import org.visomaster.launcher.frontend.ui.console.ConsoleViewModel;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.ConfigLoader;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.testing.FakeNvidiaSmi;
import org.visomaster.launcher.testing.FusionHistory;
import org.visomaster.launcher.testing.NoEnvManagers;

/**
 * The header's Update, for real, through the view model: a Fusion-like repository over file:// whose 2.1.0 (Python
 * 3.11) passes and whose 3.0.0 (Python 3.12) has a stand-in torch that cannot load its CUDA libraries, so its GPU
 * self-test fails; pip installs the stand-ins from a local folder (no index). After {@code update()} the window is
 * back on 2.1.0, installed, and says so in one sentence. Needs a Python 3.12 from pyenv besides python3 3.11 (skipped,
 * saying so, without one). Mirrors UpdateRollbackCliTest's first update.
 */
class SetupUpdateViewModelTest {
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

    @Test
    void aFailedUpdateGoesBackToTheVersionThatPassedAndSaysSo() throws Exception {
        Optional<Path> py312 = python312();
        Assumptions.assumeTrue(py312.isPresent(), "needs a Python 3.12 from pyenv besides python3");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("python3.12"), py312.get());
        Path wheels = tmp.resolve("wheels");
        buildWheels(wheels);
        Path standin = tmp.resolve("standin.json");
        Files.writeString(standin, Json.MAPPER.writeValueAsString(Map.of(
                "torch", Map.of("cuda", "12.9", "devices", List.of(Map.of("name", "NVIDIA H100 80GB HBM3",
                        "capability", List.of(9, 0))), "arch", List.of("sm_80", "sm_90")),
                "onnxruntime", Map.of("version", "1.22.0", "providers", List.of("CUDAExecutionProvider",
                        "CPUExecutionProvider")), "pyside6", Map.of())));
        try (FusionHistory h = FusionHistory.empty(tmp.resolve("fusion.git"))) {
            ObjectId v210 = h.commit(List.of(), files("2.1.0", "requirements_cu129.txt", "3.11", "2.8.0+cu129"),
                    "2.1.0 on CUDA 12.9");
            h.setBranch("main", v210);
            HostEnvironment smi = FakeNvidiaSmi.hostFor(tmp.resolve("smi"), H100_580);
            HostEnvironment host = NoEnvManagers.host().with(Map.of(
                    "PATH", bin + ":" + NoEnvManagers.path(smi.get("PATH")), "VISO_NVML_LIBRARY", "none",
                    "VISO_REPO_URL", h.url(), "VISO_STANDIN", standin.toString(), "PIP_NO_INDEX", "1",
                    "PIP_FIND_LINKS", wheels.toString(), "PIP_DISABLE_PIP_VERSION_CHECK", "1"));
            Workspace ws = new Workspace(tmp.resolve("ws"));
            service = new ProvisionService(ws, ConfigLoader.load(ws, null, host.childVars()), host,
                    StepCatalog.standard(), StepCatalog.facts());
            SetupViewModel vm = new SetupViewModel(service, ex, new ConsoleViewModel(ex, new Recorders.Clipboard(),
                    new Recorders.Opener(), ws.logs()), new Recorders.Notes(), new Recorders.Opener());

            vm.checkOnOpen(true);
            settle(vm);
            assertEquals(SetupPhase.INSTALLED, vm.phaseProperty().get(), vm.summaryProperty().get());
            assertEquals(v210, head(ws.root()));

            ObjectId v300 = h.commit(List.of(v210), files("3.0.0", "requirements_cu13.txt", "3.12", "2.11.0+cu130"),
                    "3.0.0 on CUDA 13");
            h.setBranch("main", v300);
            List<SetupPhase> phases = new ArrayList<>();
            vm.phaseProperty().addListener((o, was, now) -> phases.add(now));
            vm.update();
            settle(vm);

            String sentence = vm.summaryProperty().get();
            assertTrue(sentence.startsWith("The update to 3.0.0 (" + v300.abbreviate(7).name() + ") failed at the GPU"
                    + " self-test step") && sentence.contains("; the launcher went back to 2.1.0 ("
                    + v210.abbreviate(7).name() + ") and its environment (Python 3.11"), sentence);
            assertEquals(v210, head(ws.root()));
            assertEquals(SetupPhase.INSTALLED, vm.phaseProperty().get());
            assertEquals(List.of(SetupPhase.RUNNING, SetupPhase.INSTALLED), phases,
                    "the window stays busy from the update until it is back on 2.1.0");
        }
    }

    /** Runs the UI hops until the model and the engine are both idle (the installs take a while: a few minutes). */
    private void settle(SetupViewModel vm) {
        Awaitility.await("the run to end").atMost(Duration.ofMinutes(5)).until(() -> {
            ex.runUiTasks();
            return vm.phaseProperty().get() != SetupPhase.RUNNING && vm.phaseProperty().get() != SetupPhase.CHECKING
                    && !service.isRunning();
        });
        ex.runUiTasks();
    }

}
