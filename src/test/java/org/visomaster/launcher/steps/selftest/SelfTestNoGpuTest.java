package org.visomaster.launcher.steps.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.engine.StepStatus;
import org.visomaster.launcher.testing.FakeNvidiaSmi;
import org.visomaster.launcher.infra.workspace.LauncherConfig;

/**
 * The no-GPU branch with a real torch: Debian's CPU build (python3-torch, 1.13) seen through a venv with
 * --system-site-packages, stand-in onnxruntime (CPU provider only) and PySide6, no nvidia-smi on PATH.
 */
class SelfTestNoGpuTest {
    @TempDir
    Path tmp;

    @Test
    void withoutAGpuTheStepSaysSoAndPassesWithAWarning() throws Exception {
        SelfTestFixture.requireDebianTorch();
        SelfTestFixture f = new SelfTestFixture(tmp);
        f.buildWheels(false);
        HostEnvironment noGpu = f.host(FakeNvidiaSmi.host(tmp.resolve("nosmi"), (String) null));
        f.standIns(Map.of("onnxruntime", Map.of("providers", List.of("CPUExecutionProvider"))));
        f.install(noGpu, "torch\nonnxruntime-gpu==1.20.0\nPySide6==6.8.2.1\n");
        f.verifiedModels();
        LauncherConfig config = f.upstream();
        SelfTestStep step = new SelfTestStep();

        StepOutcome o = step.run(f.ctx(config, noGpu, SelfTestStep.ID));
        assertEquals(StepStatus.WARNING, o.status(), o.detail());
        assertEquals("No NVIDIA GPU is visible: the installation is complete, but VisoMaster needs an NVIDIA GPU to"
                + " run well; rent a GPU instance or check the driver. (4 checks passed)", o.detail());
        List<String> warnings = f.findings(ProvisionEvent.Severity.WARNING);
        assertTrue(warnings.stream().anyMatch(w -> w.matches("torch 1\\.13\\.\\S+ sees no CUDA GPU, and none is"
                + " visible on this machine: VisoMaster needs an NVIDIA GPU to run well\\.")), warnings.toString());
        List<String> info = f.findings(ProvisionEvent.Severity.INFO);
        assertTrue(info.stream().anyMatch(s -> s.matches("torch 1\\.13\\.\\S+ imports \\(a CPU-only build\\)\\.")),
                info.toString());
        assertTrue(info.contains("tiny.onnx loads and runs once on the CPU."), info.toString());
        assertEquals("passed with warnings", f.state.get(SelfTestState.SECTION, SelfTestState.class).outcome());

        assertTrue(step.isDone(f.ctx(config, noGpu, SelfTestStep.ID)));
        HostEnvironment h100 = f.host(FakeNvidiaSmi.hostFor(tmp.resolve("h100"), FakeNvidiaSmi.H100));
        assertFalse(step.isDone(f.ctx(config, h100, SelfTestStep.ID)), "a GPU appearing runs the self-test again");
    }
}
