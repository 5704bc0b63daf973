package org.visomaster.launcher.frontend.ui.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
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
import org.visomaster.launcher.testing.Wheels;

/**
 * The header's Update, for real, through the view model: a Fusion-like repository over file:// whose 2.1.0 (Python
 * 3.11) passes and whose 3.0.0 (Python 3.12) has a stand-in torch that cannot load its CUDA libraries, so its GPU
 * self-test fails; pip installs the stand-ins from a local folder (no index). After {@code update()} the window is
 * back on 2.1.0, installed, and says so in one sentence. Needs a Python 3.12 from pyenv besides python3 3.11 (skipped,
 * saying so, without one). Mirrors UpdateRollbackCliTest's first update.
 */
class SetupUpdateViewModelTest {
    static final FakeNvidiaSmi.Box H100_580 = new FakeNvidiaSmi.Box("580.65.06", "13.0",
            List.of("0, NVIDIA H100 80GB HBM3, 9.0, 81559"), true);
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
            service = new ProvisionService(ws, ConfigLoader.load(ws, null, host.vars()), host,
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

    /** A Fusion-like checkout of this version: its requirements file, the Python its README names, its torch pin. */
    private static Map<String, String> files(String version, String requirements, String python, String torch) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("main.py", "print('VisoMaster-Fusion')\n");
        f.put("app/__init__.py", "");
        f.put("app/processors/models_data.py", "models_dir = './model_assets'\nmodels_trt_list = []\n"
                + "models_list = []\n");
        f.put(".gitignore", "model_assets/\n");
        f.put(requirements, "torch==" + torch + "\nonnxruntime-gpu==1.22.0\nPySide6==6.8.2.1\n");
        f.put("README.md", "# VisoMaster Fusion\n\n```\nuv venv --python " + python + "\nuv pip install -r "
                + requirements + "\n```\n");
        f.put("version.json", "{\n  \"version\": \"" + version + "\"\n}\n");
        return f;
    }

    /** The stand-ins; 3.0.0's torch cannot load its CUDA libraries. */
    private static void buildWheels(Path dir) throws IOException {
        Wheels.build(dir, "torch", "2.8.0+cu129", Map.of("torch/__init__.py",
                standin("torch/__init__.py").replace("2.4.1+cu124", "2.8.0+cu129")));
        Wheels.build(dir, "torch", "2.11.0+cu130", Map.of("torch/__init__.py", "raise OSError('libcudnn_graph.so.9:"
                + " cannot open shared object file: No such file or directory')\n"));
        Wheels.build(dir, "onnxruntime_gpu", "1.22.0", Map.of("onnxruntime/__init__.py",
                standin("onnxruntime/__init__.py")));
        Wheels.build(dir, "PySide6", "6.8.2.1", Map.of("PySide6/__init__.py", standin("PySide6/__init__.py"),
                "PySide6/QtCore.py", standin("PySide6/QtCore.py"), "PySide6/QtWidgets.py",
                standin("PySide6/QtWidgets.py")));
    }

    private static String standin(String path) throws IOException {
        try (InputStream in = SetupUpdateViewModelTest.class.getResourceAsStream("/standins/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ObjectId head(Path ws) throws IOException {
        try (Git git = Git.open(ws.resolve("VisoMaster").toFile())) {
            return git.getRepository().resolve(Constants.HEAD);
        }
    }

    private static Optional<Path> python312() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("pyenv", "root").redirectErrorStream(true).start();
            String root = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0 || !Files.isDirectory(Path.of(root, "versions"))) {
                return Optional.empty();
            }
            try (Stream<Path> versions = Files.list(Path.of(root, "versions"))) {
                return versions.filter(v -> v.getFileName().toString().startsWith("3.12"))
                        .map(v -> v.resolve("bin/python3.12")).filter(Files::isExecutable).findFirst();
            }
        } catch (IOException noPyenv) {
            return Optional.empty();
        }
    }
}
