package org.visomaster.launcher.steps.requirements;

import org.visomaster.launcher.steps.python.PyTestSupport;
import org.visomaster.launcher.steps.python.PythonEnv;
import org.visomaster.launcher.steps.python.PythonStep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.CommandRunner;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.testing.FakeNvidiaSmi;
import org.visomaster.launcher.testing.Wheels;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.PinOverride;
import org.visomaster.launcher.infra.workspace.WheelVariant;

/**
 * A profile with two wheel variants installed for real with pip (tiny wheels from a local folder): the H100's
 * variant, then the same workspace on an RTX 5090 box, where the requirements step is no longer done and installs
 * the other variant's pins.
 */
class RequirementsVariantTest {
    static final String PY = PyTestSupport.python3Version();
    static final WheelVariant OLD = new WheelVariant("old", "", "5.0", "9.0", "12.0", "525", "1.0", List.of(),
            List.of(), List.of());
    static final WheelVariant NEW = new WheelVariant("new", "", "10.0", "12.9", "12.8", "570", "2.0",
            List.of(new PinOverride("tinypkg", "tinypkg==2.0", "Blackwell needs 2.0")), List.of(), List.of());

    @TempDir
    static Path shared;
    static PyTestSupport t;
    static HostEnvironment h100;
    static HostEnvironment rtx5090;

    @BeforeAll
    static void buildVenvAndWheels() throws Exception {
        Path wheels = shared.resolve("wheels");
        Wheels.build(wheels, "tinypkg", "1.0");
        Wheels.build(wheels, "tinypkg", "2.0");
        t = new PyTestSupport(shared.resolve("ws"), Map.of("PIP_NO_INDEX", "1", "PIP_FIND_LINKS", wheels.toString()));
        new PythonStep().run(t.ctx(PyTestSupport.config(PY, "venv", List.of()), PythonStep.ID));
        h100 = gpu("h100", FakeNvidiaSmi.H100);
        rtx5090 = gpu("rtx5090", FakeNvidiaSmi.RTX_5090);
        Files.createDirectories(t.ws.source());
        Files.writeString(t.ws.source().resolve("requirements.txt"), "tinypkg==1.0\n");
    }

    private static HostEnvironment gpu(String dir, FakeNvidiaSmi.Box box) throws Exception {
        Path smi = shared.resolve(dir);
        FakeNvidiaSmi.hostFor(smi, box);
        return t.host.with(Map.of("PATH", smi + ":" + t.host.get("PATH"), "VISO_NVML_LIBRARY", "none"));
    }

    private static StepContext ctx(HostEnvironment host) {
        LauncherConfig c = PyTestSupport.config(PY, "auto", List.of());
        LauncherConfig withVariants = new LauncherConfig(c.profile(), "", c.repoUrl(), c.ref(), c.pythonVersion(),
                c.requirementsFile(), List.of(), null, List.of(), c.modelsManifest(), null, null, "auto", 4, true,
                17860, 1L << 30, List.of(OLD, NEW), "old", null, null);
        t.host = host;
        return t.ctx(withVariants, RequirementsStep.ID);
    }

    private static String installed() throws Exception {
        List<String> out = new ArrayList<>();
        CommandRunner.run(List.of(PythonEnv.interpreter(t.ws).toString(), "-c",
                "import importlib.metadata as m; print(m.version('tinypkg'))"), null, t.host.childVars(),
                Duration.ofSeconds(60), out::add, null);
        return String.join("", out).strip();
    }

    @Test
    void aChangeOfGpuReRunsTheRequirementsForTheNewVariant() throws Exception {
        RequirementsStep step = new RequirementsStep();
        step.run(ctx(h100));
        assertEquals("1.0", installed());
        RequirementsState s = ctx(h100).state().get(RequirementsState.SECTION, RequirementsState.class);
        assertEquals("old", s.variant());
        assertTrue(step.isDone(ctx(h100)), "the same GPU: nothing to do");

        // the same /workspace on another box
        assertFalse(step.isDone(ctx(rtx5090)), "another variant: the derived text and so the stamp changed");
        t.events.clear();
        step.run(ctx(rtx5090));
        assertEquals("2.0", installed());
        RequirementsState after = ctx(rtx5090).state().get(RequirementsState.SECTION, RequirementsState.class);
        assertEquals("new", after.variant());
        assertEquals("NVIDIA GeForce RTX 5090 is sm_120, which torch 1.0 cannot run: installing torch 2.0 instead (the"
                + " new variant).", after.variantReason());
        assertEquals(List.of(new RequirementsState.Override("tinypkg", "tinypkg==1.0", "tinypkg==2.0",
                "Blackwell needs 2.0")), after.overridesApplied());
        assertTrue(t.findings(ProvisionEvent.Severity.INFO).contains(after.variantReason()));
        assertTrue(Files.readString(t.ws.stateDir().resolve("requirements.derived.txt"))
                .startsWith("# Wheel variant: new\n"));
        assertTrue(step.isDone(ctx(rtx5090)));
    }
}
