package org.visomaster.launcher.steps.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.CommandRunner;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.engine.StepStatus;

/** Real venvs made with the python3 on this machine (several seconds each, so only two are made). */
class PythonStepTest {
    static final String PY = PyTestSupport.python3Version();
    @TempDir
    Path tmp;
    final PythonStep step = new PythonStep();

    private List<String> entries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void createsAVenvThenReusesItThenRebuildsItWhenBroken() throws Exception {
        PyTestSupport t = new PyTestSupport(tmp.resolve("ws"), Map.of());
        StepContext ctx = t.ctx(PyTestSupport.config(PY, "auto", List.of()), PythonStep.ID);
        assertFalse(step.isDone(ctx));
        assertTrue(step.plan(ctx).contains("with venv"), step.plan(ctx));

        StepOutcome first = step.run(ctx);

        assertEquals(StepStatus.DONE, first.status());
        Path python = PythonEnv.interpreter(t.ws);
        String version = PythonEnv.version(python.toString(), t.host).orElseThrow();
        assertEquals(PY, PythonEnv.minor(version));
        assertEquals(new PythonState("venv", python.toString(), version),
                ctx.state().get(PythonState.SECTION, PythonState.class));
        assertEquals(List.of("viso_env"), entries(t.ws.envs()), "no temporary build folder is left");
        // built under a temporary name: the scripts must name the final path after the rename
        String pipScript = Files.readString(PythonEnv.binDir(t.ws).resolve("pip"));
        assertTrue(pipScript.startsWith("#!" + python), pipScript.lines().findFirst().orElse(""));
        assertTrue(Files.readString(PythonEnv.binDir(t.ws).resolve("activate")).contains(t.ws.env().toString()));
        List<String> out = new ArrayList<>();
        assertTrue(CommandRunner.run(List.of(PythonEnv.binDir(t.ws).resolve("pip").toString(), "--version"), null,
                t.host.childVars(), java.time.Duration.ofSeconds(60), out::add, null).ok(), out.toString());
        assertTrue(String.join("", out).contains(t.ws.env().toString()), out.toString());

        assertTrue(step.isDone(ctx));
        StepOutcome second = step.run(ctx);
        assertTrue(second.detail().startsWith("reusing Python " + version), second.detail());

        // broken: the interpreter is gone; the old folder (with whatever the user put there) is moved aside
        Files.writeString(t.ws.env().resolve("my-notes.txt"), "keep");
        Files.delete(python);
        // and what a run killed while building leaves behind: moved aside too, never used
        Path stale = t.ws.envs().resolve(PythonStep.BUILDING_PREFIX + "20240101-000000");
        Files.createDirectories(stale.resolve("bin"));
        assertFalse(step.isDone(ctx));
        StepOutcome third = step.run(ctx);

        assertEquals(StepStatus.WARNING, third.status());
        assertTrue(PythonEnv.version(python.toString(), t.host).isPresent());
        List<String> broken = entries(t.ws.envs()).stream().filter(n -> n.startsWith("viso_env.broken-")).toList();
        assertEquals(2, broken.size(), entries(t.ws.envs()).toString());
        assertTrue(entries(t.ws.envs()).stream().noneMatch(n -> n.startsWith(PythonStep.BUILDING_PREFIX)));
        Path oldEnv = broken.stream().map(t.ws.envs()::resolve).filter(p -> Files.exists(p.resolve("my-notes.txt")))
                .findFirst().orElseThrow();
        assertEquals("keep", Files.readString(oldEnv.resolve("my-notes.txt")));
        List<String> warnings = t.findings(ProvisionEvent.Severity.WARNING);
        // the stale build is cleared before the new one is built beside the current one, which makes way after
        assertTrue(warnings.get(0).contains("unfinished environment"), warnings.get(0));
        assertTrue(warnings.get(1).contains("has no bin/python") && warnings.get(1).contains(oldEnv.toString()),
                warnings.get(1));
    }

    @Test
    void noPythonOfTheWantedVersionGivesTheSentenceAndTouchesNothing() throws Exception {
        PyTestSupport t = new PyTestSupport(tmp.resolve("ws"), Map.of());
        Files.createDirectories(t.ws.env().resolve("bin"));
        Files.writeString(t.ws.env().resolve("bin/python"), "not a python");

        StepFailedException e = assertThrows(StepFailedException.class,
                () -> step.run(t.ctx(PyTestSupport.config("3.1", "auto", List.of()), PythonStep.ID)));

        assertEquals("No Python 3.1 found: install uv (it downloads Python by itself) or python3.1, or pick another"
                + " profile.", e.getMessage());
        assertEquals(List.of("viso_env"), entries(t.ws.envs()), "nothing is moved when nothing can replace it");
        assertEquals("not a python", Files.readString(t.ws.env().resolve("bin/python")));
    }

    @Test
    void forcedManagerThatIsMissingIsNamed() {
        PyTestSupport t = new PyTestSupport(tmp.resolve("ws"), Map.of());
        StepFailedException e = assertThrows(StepFailedException.class,
                () -> step.run(t.ctx(PyTestSupport.config(PY, "uv", List.of()), PythonStep.ID)));
        assertTrue(e.getMessage().startsWith("envManager is \"uv\" but uv is not on PATH"), e.getMessage());
    }
}
