package org.visomaster.launcher.steps.requirements;

import org.visomaster.launcher.steps.python.PyTestSupport;
import org.visomaster.launcher.steps.python.PythonEnv;
import org.visomaster.launcher.steps.python.PythonStep;
import org.visomaster.launcher.testing.Wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.CommandRunner;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.engine.StepStatus;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.PinOverride;

/**
 * A real pip installing wheels the test builds, from a local folder (PIP_NO_INDEX + PIP_FIND_LINKS in the host
 * environment, which pip reads by itself). One venv is shared by the whole class.
 */
class RequirementsStepTest {
    static final String PY = PyTestSupport.python3Version();
    static final PinOverride TINY_2 = new PinOverride("TinyPkg", "tinypkg==2.0", "fixture override");

    @TempDir
    static Path shared;
    static PyTestSupport t;
    final RequirementsStep step = new RequirementsStep();

    @BeforeAll
    static void buildVenvAndWheels() throws Exception {
        Path wheels = shared.resolve("wheels");
        Wheels.build(wheels, "tinypkg", "1.0");
        Wheels.build(wheels, "tinypkg", "2.0");
        Wheels.build(wheels, "otherpkg", "1.0");
        Wheels.build(wheels, "localpkg", "1.0+cu124");
        t = new PyTestSupport(shared.resolve("ws"), Map.of("PIP_NO_INDEX", "1", "PIP_FIND_LINKS", wheels.toString()));
        new PythonStep().run(t.ctx(PyTestSupport.config(PY, "venv", List.of()), PythonStep.ID));
    }

    @BeforeEach
    void cleanSlate() throws Exception {
        t.events.clear();
        Files.deleteIfExists(t.ws.userRequirements());
        // the upstream file's quirks: a global index line first, an index option on a requirement's own line,
        // a local version, a trailing space, CRLF
        Files.createDirectories(t.ws.source());
        Files.writeString(t.ws.source().resolve("requirements.txt"), String.join("\r\n",
                "--extra-index-url https://download.pytorch.org/whl/cu124",
                "tinypkg==1.0",
                "otherpkg==1.0 --extra-index-url https://pypi.nvidia.com",
                "localpkg==1.0+cu124 ",
                ""));
    }

    private StepContext ctx(List<PinOverride> overrides) {
        LauncherConfig config = PyTestSupport.config(PY, "auto", overrides);
        return t.ctx(config, RequirementsStep.ID);
    }

    private String installed() throws Exception {
        List<String> out = new ArrayList<>();
        String code = "import importlib.metadata as m\n"
                + "print(' '.join(m.version(n) for n in ('tinypkg', 'otherpkg', 'localpkg')))";
        CommandRunner.run(List.of(PythonEnv.interpreter(t.ws).toString(), "-c", code), null, t.host.childVars(),
                Duration.ofSeconds(60), out::add, null);
        return String.join("\n", out);
    }

    @Test
    void overrideIsInstalledRecordedAndASecondRunIsSkipped() throws Exception {
        StepContext ctx = ctx(List.of(TINY_2));
        assertFalse(step.isDone(ctx));

        StepOutcome out = step.run(ctx);

        assertEquals(StepStatus.DONE, out.status());
        assertEquals("2.0 1.0 1.0+cu124", installed(), "the override's version is what got installed");
        RequirementsState state = ctx.state().get(RequirementsState.SECTION, RequirementsState.class);
        assertEquals("pip", state.installer());
        assertEquals(List.of(new RequirementsState.Override("TinyPkg", "tinypkg==1.0", "tinypkg==2.0",
                "fixture override")), state.overridesApplied());
        assertEquals(RequirementsStep.derivedFile(ctx).toString(), state.derivedFile());
        String derived = Files.readString(RequirementsStep.derivedFile(ctx));
        assertTrue(derived.contains("\ntinypkg==2.0\n") && derived.contains("\nlocalpkg==1.0+cu124\n"), derived);
        assertTrue(t.findings(ProvisionEvent.Severity.INFO).contains(
                "Override applied: tinypkg==1.0 → tinypkg==2.0 (fixture override)."), t.findings(ProvisionEvent.Severity.INFO).toString());
        assertTrue(t.logLines().stream().anyMatch(l -> l.startsWith("Successfully installed")), t.logLines().toString());

        assertTrue(step.isDone(ctx(List.of(TINY_2))), "same derived file and interpreter: skipped");
        assertFalse(step.isDone(ctx(List.of())), "another override set derives another file");
        Files.writeString(t.ws.source().resolve("requirements.txt"), "tinypkg==1.0\n");
        assertFalse(step.isDone(ctx(List.of(TINY_2))), "a changed source file is installed again");
    }

    @Test
    void repairPutsBackAPackageThatDriftedFromItsPin() throws Exception {
        StepContext ctx = ctx(List.of(TINY_2));
        step.run(ctx);
        pip("install", "tinypkg==1.0");
        assertEquals("1.0 1.0 1.0+cu124", installed(), "something installed another version behind the launcher");
        assertTrue(step.isDone(ctx), "the stamp cannot see it");
        assertTrue(step.rerunOnRepair(), "so Repair runs the step again");

        assertEquals(StepStatus.DONE, step.run(ctx).status());
        assertEquals("2.0 1.0 1.0+cu124", installed(), "the pinned version is back");
        // the environment is shared: leave it as the other tests expect it, nothing installed
        pip("uninstall", "-y", "tinypkg", "otherpkg", "localpkg");
        ctx.state().put(RequirementsState.SECTION, null);
    }

    private void pip(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PythonEnv.interpreter(t.ws).toString(), "-m", "pip"));
        command.addAll(List.of(args));
        CommandRunner.run(command, null, t.host.childVars(), Duration.ofSeconds(120), line -> { }, null);
    }

    @Test
    void droppedRequirementsWinAndAMissingVersionIsNamedWithTheLastLines() throws Exception {
        Files.writeString(t.ws.userRequirements(), "otherpkg==1.0\ntinypkg==3.0\n");
        StepContext ctx = ctx(List.of());

        StepFailedException e = assertThrows(StepFailedException.class, () -> step.run(ctx));

        assertTrue(e.getMessage().startsWith("No matching distribution for tinypkg==3.0: "), e.getMessage());
        assertTrue(e.lastLines().contains("ERROR: No matching distribution found for tinypkg==3.0"),
                e.lastLines().toString());
        assertTrue(e.lastLines().size() <= 40);
        assertFalse(step.isDone(ctx));
    }

    @Test
    void cancelStopsTheInstallAndRecordsNothing() throws Exception {
        StepContext ctx = ctx(List.of(new PinOverride("otherpkg", "otherpkg==1.0", "cancel test")));
        ctx.cancellation().cancel();
        assertThrows(Cancellation.CancelledException.class, () -> step.run(ctx));
        assertFalse(step.isDone(ctx(List.of(new PinOverride("otherpkg", "otherpkg==1.0", "cancel test")))));
    }

    @Test
    void missingRequirementsFileIsASentence() throws Exception {
        LauncherConfig config = new LauncherConfig("upstream", "", "file:///unused", "main", PY, "nope.txt", List.of(),
                null, List.of(), "m.py", null, null, "auto", 4, true, 17860, 1L << 30);
        StepFailedException e = assertThrows(StepFailedException.class,
                () -> step.run(t.ctx(config, RequirementsStep.ID)));
        assertTrue(e.getMessage().startsWith("The requirements file " + t.ws.source().resolve("nope.txt")
                + " does not exist"), e.getMessage());
    }

    @Test
    void stampChangesWhenTheEnvironmentFolderIsReplaced(@TempDir Path other) throws Exception {
        PyTestSupport u = new PyTestSupport(other.resolve("ws"), Map.of());
        StepContext ctx = u.ctx(PyTestSupport.config(PY, "auto", List.of()), RequirementsStep.ID);
        Path python = PythonEnv.interpreter(u.ws);
        Files.createDirectories(u.ws.env());
        String before = RequirementsStep.stamp(ctx, "tinypkg==1.0\n", python, "3.11.7");
        assertEquals(before, RequirementsStep.stamp(ctx, "tinypkg==1.0\n", python, "3.11.7"));
        Files.move(u.ws.env(), u.ws.envs().resolve("viso_env.broken-x"));
        Files.createDirectories(u.ws.env());
        assertNotEquals(before, RequirementsStep.stamp(ctx, "tinypkg==1.0\n", python, "3.11.7"));
        assertNotEquals(before, RequirementsStep.stamp(ctx, "tinypkg==1.0\n", python, "3.11.8"));
    }
}
