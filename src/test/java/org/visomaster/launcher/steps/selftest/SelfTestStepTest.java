package org.visomaster.launcher.steps.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.CommandRunner;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.engine.StepStatus;
import org.visomaster.launcher.steps.requirements.RequirementsState;
import org.visomaster.launcher.testing.FakeNvidiaSmi;
import org.visomaster.launcher.testing.Wheels;
import org.visomaster.launcher.infra.workspace.LauncherConfig;

/**
 * The real self-test script, run by the step with a real venv's interpreter, against stand-in torch / onnxruntime /
 * PySide6 wheels that the real requirements step installed (on a stand-in H100 host, so the cu124 set).
 */
class SelfTestStepTest {
    static final List<String> CU124_ARCH = List.of("sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90");
    static final List<String> GPU_PROVIDERS = List.of("TensorrtExecutionProvider", "CUDAExecutionProvider",
            "CPUExecutionProvider");

    @TempDir
    static Path shared;
    static SelfTestFixture f;
    static HostEnvironment h100;
    static HostEnvironment rtx5090;
    static LauncherConfig config;
    final SelfTestStep step = new SelfTestStep();

    @BeforeAll
    static void installStandIns() throws Exception {
        SelfTestFixture.requireDebianTorch();
        f = new SelfTestFixture(shared);
        f.buildWheels(true);
        h100 = f.host(FakeNvidiaSmi.hostFor(shared.resolve("h100"), FakeNvidiaSmi.H100));
        rtx5090 = f.host(FakeNvidiaSmi.hostFor(shared.resolve("rtx5090"), FakeNvidiaSmi.RTX_5090));
        f.standIns(Map.of());
        f.install(h100, SelfTestFixture.UPSTREAM_REQUIREMENTS);
        f.verifiedModels();
        config = f.upstream();
    }

    @BeforeEach
    void clearEvents() {
        f.events.clear();
    }

    private static Map<String, Object> torch(String name, List<Integer> capability, List<String> arch) {
        return Map.of("version", "2.4.1+cu124", "cuda", "12.4",
                "devices", List.of(Map.of("name", name, "capability", capability)), "arch", arch);
    }

    private static Map<String, Object> ort(List<String> providers) {
        return Map.of("version", "1.22.0", "providers", providers);
    }

    private StepFailedException fails(HostEnvironment host) {
        return assertThrows(StepFailedException.class, () -> step.run(f.ctx(config, host, SelfTestStep.ID)));
    }

    @Test
    void anH100WithTheCu124SetPassesEveryCheckAndANoOpRerunSkipsIt() throws Exception {
        f.standIns(Map.of("torch", torch("NVIDIA H100 80GB HBM3", List.of(9, 0), CU124_ARCH),
                "onnxruntime", ort(GPU_PROVIDERS), "pyside6", Map.of()));
        StepOutcome o = step.run(f.ctx(config, h100, SelfTestStep.ID));
        assertEquals(StepStatus.DONE, o.status(), o.detail());
        assertEquals("6 checks passed on NVIDIA H100 80GB HBM3 (sm_90, 79.6 GiB); driver 550.54.15 (CUDA 12.4)",
                o.detail());
        List<String> info = f.findings(ProvisionEvent.Severity.INFO);
        assertTrue(info.contains("torch 2.4.1+cu124 imports (built for CUDA 12.4)."), info.toString());
        assertTrue(info.contains("NVIDIA H100 80GB HBM3 (sm_90) runs a CUDA kernel with torch 2.4.1+cu124."), info.toString());
        assertTrue(info.contains("onnxruntime 1.22.0 offers TensorrtExecutionProvider, CUDAExecutionProvider,"
                + " CPUExecutionProvider."), info.toString());
        assertTrue(info.contains("onnxruntime was built with TensorRT, but no tensorrt package is installed:"
                + " VisoMaster's TensorRT models will not run; its CUDA provider is not affected."), info.toString());
        assertTrue(info.contains("tiny.onnx loads and runs once on the GPU (CUDAExecutionProvider)."), info.toString());
        assertTrue(info.contains("PySide6 6.8.2.1 (Qt 6.8.2) starts with the offscreen platform."), info.toString());
        SelfTestState s = f.state.get(SelfTestState.SECTION, SelfTestState.class);
        assertEquals("passed", s.outcome());
        assertEquals("tiny.onnx", s.model(), "the smallest verified ONNX model of the manifest");
        assertTrue(step.isDone(f.ctx(config, h100, SelfTestStep.ID)), "a no-op provision skips the self-test");
        assertFalse(step.isDone(f.ctx(config, rtx5090, SelfTestStep.ID)), "another GPU runs it again");
    }

    @Test
    void anRtx5090OnTheCu124SetFailsWithNoKernelImageAndNamesTheVariant() throws Exception {
        f.standIns(Map.of("torch", torch("NVIDIA GeForce RTX 5090", List.of(12, 0), CU124_ARCH),
                "onnxruntime", ort(GPU_PROVIDERS), "pyside6", Map.of()));
        StepFailedException e = fails(rtx5090);
        assertEquals("The GPU self-test failed: NVIDIA GeForce RTX 5090 is sm_120, which torch 2.4.1+cu124 has no"
                + " kernels for (it has sm_50 … sm_90): RuntimeError: CUDA error: no kernel image is available for"
                + " execution on the device. To fix it, install wheels built for sm_120: run Repair so the launcher"
                + " picks the wheel variant for this GPU, or set VISO_WHEEL_VARIANT. This GPU needs the cu128 wheels"
                + " (torch 2.7.1+cu128), but cu124 is installed: run Repair. Launch anyway starts VisoMaster"
                + " regardless.", e.getMessage());
        // torch warns from its lazy CUDA init, inside get_device_name: caught there and kept for the log
        assertTrue(e.lastLines().stream().anyMatch(l -> l.startsWith("torch warning: NVIDIA GeForce RTX 5090 with"
                + " CUDA capability sm_120 is not compatible with the current PyTorch installation")),
                "torch's own warning is kept for the log: " + e.lastLines());
        SelfTestState s = f.state.get(SelfTestState.SECTION, SelfTestState.class);
        assertEquals("failed", s.outcome());
        assertEquals(null, s.stamp());
        assertFalse(step.isDone(f.ctx(config, rtx5090, SelfTestStep.ID)));
    }

    @Test
    void cudaThatCannotStartInsideTheDeviceQueriesIsAFailureWithTheRealError() throws Exception {
        Map<String, Object> busy = new java.util.HashMap<>(torch("NVIDIA H100 80GB HBM3", List.of(9, 0), CU124_ARCH));
        busy.put("cuda_init_error", "CUDA error: CUDA-capable device(s) is/are busy or unavailable\nCUDA kernel errors"
                + " might be asynchronously reported at some other API call, so the stacktrace below might be"
                + " incorrect.");
        f.standIns(Map.of("torch", busy, "onnxruntime", ort(GPU_PROVIDERS), "pyside6", Map.of()));
        StepFailedException e = fails(h100);
        assertEquals("The GPU self-test failed: torch 2.4.1+cu124 could not start CUDA on GPU 0: RuntimeError: CUDA"
                + " error: CUDA-capable device(s) is/are busy or unavailable. To fix it, check the GPU with"
                + " nvidia-smi: another process may hold it (exclusive compute mode) or the driver is broken; restart"
                + " the instance, or rent another host. Launch anyway starts VisoMaster regardless.", e.getMessage());
    }

    @Test
    void anInstalledTensorRtIsANoteWithItsVersionAndWhetherLibnvinferLoads() throws Exception {
        f.standIns(Map.of("torch", torch("NVIDIA H100 80GB HBM3", List.of(9, 0), CU124_ARCH),
                "onnxruntime", ort(GPU_PROVIDERS), "pyside6", Map.of()));
        // what tensorrt 10.6.0 installs: the package, and tensorrt_libs/libnvinfer.so.10 (here not a real library)
        Path wheels = shared.resolve("trt-wheels");
        Wheels.build(wheels, "tensorrt", "10.6.0", Map.of("tensorrt/__init__.py", "__version__ = '10.6.0'\n",
                "tensorrt_libs/libnvinfer.so.10", "not a shared library, only text\n".repeat(8)));
        pip("install", "--no-index", "--find-links", wheels.toString(), "tensorrt==10.6.0");
        try {
            StepOutcome o = step.run(f.ctx(config, h100, SelfTestStep.ID));
            assertEquals(StepStatus.DONE, o.status(), "a note, not a failure: " + o.detail());
            String note = f.findings(ProvisionEvent.Severity.INFO).stream().filter(i -> i.startsWith("TensorRT"))
                    .findFirst().orElseThrow();
            assertTrue(note.startsWith("TensorRT 10.6.0 (package tensorrt) is installed, but libnvinfer.so.10 does"
                    + " not load (OSError: "), note);
            assertTrue(note.endsWith("invalid ELF header): VisoMaster's TensorRT models will not run; its CUDA"
                    + " provider is not affected."), note);

            // a real shared library under that name on the loader's path
            Path lib = Files.createDirectories(shared.resolve("trt-lib"));
            Files.copy(systemLibrary("libz.so.1"), lib.resolve("libnvinfer.so.10"), StandardCopyOption.REPLACE_EXISTING);
            f.events.clear();
            step.run(f.ctx(config, h100.with(Map.of("LD_LIBRARY_PATH", lib.toString())), SelfTestStep.ID));
            assertTrue(f.findings(ProvisionEvent.Severity.INFO).contains("TensorRT 10.6.0 (package tensorrt):"
                    + " libnvinfer.so.10 loads; VisoMaster builds its TensorRT engines the first time such a model is"
                    + " used, which takes minutes."), f.findings(ProvisionEvent.Severity.INFO).toString());
        } finally {
            pip("uninstall", "-y", "tensorrt");
        }
    }

    private static void pip(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(f.ws.env().resolve("bin/python").toString(), "-m", "pip"));
        argv.addAll(List.of(args));
        List<String> out = new java.util.ArrayList<>();
        assertTrue(CommandRunner.run(argv, null, h100.childVars(), Duration.ofMinutes(2), out::add, null).ok(),
                String.join("\n", out));
    }

    private static Path systemLibrary(String name) {
        for (String dir : List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib")) {
            if (Files.isRegularFile(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        throw new AssertionError(name + " is not in the usual library folders");
    }

    @Test
    void theCpuOnnxruntimeInsteadOfTheGpuOneIsNamed() throws Exception {
        f.standIns(Map.of("torch", torch("NVIDIA H100 80GB HBM3", List.of(9, 0), CU124_ARCH),
                "onnxruntime", ort(List.of("AzureExecutionProvider", "CPUExecutionProvider")), "pyside6", Map.of()));
        StepFailedException e = fails(h100);
        assertTrue(e.getMessage().startsWith("The GPU self-test failed: onnxruntime 1.22.0 offers no"
                + " CUDAExecutionProvider (only AzureExecutionProvider, CPUExecutionProvider). To fix it, the CPU"
                + " package onnxruntime is probably installed"), e.getMessage());
    }

    @Test
    void aCudaProviderThatCannotLoadCudnnFallsBackToTheCpuAndIsTriaged() throws Exception {
        Map<String, Object> broken = Map.of("version", "1.22.0", "providers", GPU_PROVIDERS, "cuda_provider_error",
                List.of("2025-03-10 12:01:07.123 [E:onnxruntime:Default, provider_bridge_ort.cc:1862"
                        + " TryGetProviderInfo_CUDA] Failed to load library libonnxruntime_providers_cuda.so with"
                        + " error: libcudnn.so.9: cannot open shared object file: No such file or directory",
                        "2025-03-10 12:01:07.124 [W:onnxruntime:Default, onnxruntime_pybind_state.cc:965"
                        + " CreateExecutionProviderInstance] Failed to create CUDAExecutionProvider. Require cuDNN 9.*"
                        + " and CUDA 12.*. Please install all dependencies as mentioned in the GPU requirements page"));
        f.standIns(Map.of("torch", torch("NVIDIA H100 80GB HBM3", List.of(9, 0), CU124_ARCH),
                "onnxruntime", broken, "pyside6", Map.of()));
        StepFailedException e = fails(h100);
        assertTrue(e.getMessage().startsWith("The GPU self-test failed: onnxruntime loaded tiny.onnx on"
                + " CPUExecutionProvider because its CUDA provider could not start"), e.getMessage());
        assertTrue(e.getMessage().contains("Likely cause (cuDNN not found): torch or onnxruntime could not load cuDNN"),
                e.getMessage());
        assertTrue(e.lastLines().stream().anyMatch(l -> l.contains("libcudnn.so.9")), e.lastLines().toString());
    }

    @Test
    void torchThatCannotImportAndQtWithoutItsLibrariesAreNamedWithTheRealErrorTexts() throws Exception {
        f.standIns(Map.of("torch", Map.of("import_error",
                        "libcudnn.so.9: cannot open shared object file: No such file or directory"),
                "onnxruntime", ort(GPU_PROVIDERS), "pyside6", Map.of()));
        StepFailedException torch = fails(h100);
        assertTrue(torch.getMessage().startsWith("The GPU self-test failed: torch does not import: OSError:"
                + " libcudnn.so.9: cannot open shared object file: No such file or directory. To fix it, run Repair"),
                torch.getMessage());

        f.standIns(Map.of("torch", torch("NVIDIA H100 80GB HBM3", List.of(9, 0), CU124_ARCH),
                "onnxruntime", ort(GPU_PROVIDERS), "pyside6", Map.of("import_error",
                        "libEGL.so.1: cannot open shared object file: No such file or directory")));
        StepFailedException qt = fails(h100);
        assertEquals("The GPU self-test failed: PySide6 does not start with the offscreen platform: ImportError:"
                + " libEGL.so.1: cannot open shared object file: No such file or directory. To fix it, install the"
                + " missing system library (apt-get install libgl1 libegl1 libxkbcommon0 libglib2.0-0). Launch"
                + " anyway starts VisoMaster regardless.", qt.getMessage());
    }

    @Test
    void torchWithoutCudaOnAMachineWithAGpuIsAFailureNamingTheDriverWarning() throws Exception {
        f.standIns(Map.of("torch", Map.of("version", "2.4.1+cu124", "cuda", "12.4", "devices", List.of(),
                        "init_warning", "CUDA initialization: The NVIDIA driver on your system is too old (found"
                                + " version 11040). Please update your GPU driver"),
                "onnxruntime", ort(GPU_PROVIDERS), "pyside6", Map.of()));
        StepFailedException e = fails(h100);
        assertTrue(e.getMessage().startsWith("The GPU self-test failed: torch 2.4.1+cu124 (CUDA 12.4) cannot use the"
                + " GPU: torch.cuda.is_available() is False (CUDA initialization: The NVIDIA driver on your system is"
                + " too old (found version 11040)."), e.getMessage());
        assertTrue(e.getMessage().contains("Likely cause (NVIDIA driver too old)"), e.getMessage());
    }

    @Test
    void aDriverThatIsThereButFailsIsAFailureNamingTheErrorAndTheWayOut() throws Exception {
        HostEnvironment broken = f.host(FakeNvidiaSmi.hostFor(shared.resolve("broken"), FakeNvidiaSmi.BROKEN_DRIVER));
        f.standIns(Map.of("torch", Map.of("version", "2.4.1+cu124", "cuda", "12.4", "devices", List.of()),
                "onnxruntime", ort(GPU_PROVIDERS), "pyside6", Map.of()));
        StepFailedException e = fails(broken);
        assertEquals("The GPU self-test failed: nvidia-smi found no usable GPU: NVIDIA-SMI has failed because it"
                + " couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed"
                + " and running: the NVIDIA driver on this host is broken or cannot reach its GPU, and the launcher"
                + " cannot repair a host's driver; restart the instance, or rent another host. Launch anyway starts"
                + " VisoMaster regardless.", e.getMessage());
        SelfTestState s = f.state.get(SelfTestState.SECTION, SelfTestState.class);
        assertEquals("failed", s.outcome());
        assertFalse(step.isDone(f.ctx(config, broken, SelfTestStep.ID)));
    }

    @Test
    void anUnreadableRequirementsFileIsAFailureNotAPassWithNothingTested() throws Exception {
        RequirementsState installed = f.state.get(RequirementsState.SECTION, RequirementsState.class);
        Path gone = shared.resolve("gone/requirements.derived.txt");
        f.state.put(RequirementsState.SECTION, new RequirementsState(installed.stamp(), gone.toString(),
                installed.sourceFile(), installed.overridesApplied(), installed.installer(), installed.variant(),
                installed.variantReason()));
        try {
            StepFailedException e = fails(h100);
            assertEquals("The GPU self-test cannot tell what to test: the installed requirements file " + gone
                    + " cannot be read (" + gone + "); run the requirements step again (Repair).", e.getMessage());
            assertTrue(step.plan(f.ctx(config, h100, SelfTestStep.ID)).contains("checks: unknown"));
        } finally {
            f.state.put(RequirementsState.SECTION, installed);
        }
    }

    @Test
    void withoutTheRequirementsItSaysWhatToRunFirst() throws Exception {
        SelfTestFixture empty = new SelfTestFixture(shared.resolve("empty"));
        StepFailedException e = assertThrows(StepFailedException.class,
                () -> step.run(empty.ctx(config, h100, SelfTestStep.ID)));
        assertEquals("The GPU self-test needs the Python environment and its packages: run the python and"
                + " requirements steps first (or Repair).", e.getMessage());
        assertFalse(step.isDone(empty.ctx(config, h100, SelfTestStep.ID)));
        assertNotNull(step.plan(f.ctx(config, h100, SelfTestStep.ID)));
    }
}
