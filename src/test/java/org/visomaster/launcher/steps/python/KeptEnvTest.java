package org.visomaster.launcher.steps.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.testing.NoEnvManagers;

/**
 * A stack change of Python (Fusion 2.x's 3.11 → 3.x's 3.12) keeps the old environment beside the new one, a rollback
 * puts it back without building, and at most two environments exist. Real venvs of two Pythons: this test needs a
 * Python 3.12 besides python3 (3.11), found through pyenv; it is skipped, saying so, where there is none.
 */
class KeptEnvTest {
    @TempDir
    Path tmp;

    /** A python3.12 from pyenv's versions, if this machine has one. */
    private static Optional<Path> python312() {
        try {
            Process p = new ProcessBuilder("pyenv", "root").redirectErrorStream(true).start();
            String root = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() != 0) {
                return Optional.empty();
            }
            try (Stream<Path> versions = Files.list(Path.of(root, "versions"))) {
                return versions.filter(v -> v.getFileName().toString().startsWith("3.12"))
                        .map(v -> v.resolve("bin/python3.12")).filter(Files::isExecutable).findFirst();
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static List<String> envs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void thePreviousStacksEnvironmentIsKeptBesideAndRestoredByARollback() throws Exception {
        String py3 = PyTestSupport.python3Version();
        Optional<Path> other = python312();
        Assumptions.assumeTrue(other.isPresent() && !py3.equals("3.12"),
                "needs a Python 3.12 from pyenv besides python3 " + py3);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("python3.12"), other.get());
        PyTestSupport t = new PyTestSupport(tmp.resolve("ws"), Map.of());
        t.host = t.host.with(Map.of("PATH", bin + ":" + NoEnvManagers.host().get("PATH")));
        PythonStep step = new PythonStep();
        StepContext old = t.ctx(PyTestSupport.config(py3, "venv", List.of()), PythonStep.ID);
        StepContext next = t.ctx(PyTestSupport.config("3.12", "venv", List.of()), PythonStep.ID);

        step.run(old);
        Files.writeString(t.ws.env().resolve("marker-of-the-old-env"), py3);
        StepOutcome built = step.run(next);
        System.out.println(built.detail());
        assertEquals("3.12", PythonEnv.minor(PythonEnv.version(PythonEnv.interpreter(t.ws).toString(), t.host)
                .orElseThrow()));
        assertEquals(List.of("viso_env", "viso_env.kept-py" + py3), envs(t.ws.envs()));
        assertTrue(t.findings(org.visomaster.launcher.engine.ProvisionEvent.Severity.INFO).stream()
                .anyMatch(f -> f.startsWith("The Python " + py3)), t.events.toString());

        StepOutcome back = step.run(old);
        System.out.println(back.detail());
        assertTrue(back.detail().startsWith("restored the kept Python " + py3), back.detail());
        assertTrue(Files.exists(t.ws.env().resolve("marker-of-the-old-env")), "the very same environment");
        assertEquals(List.of("viso_env", "viso_env.kept-py3.12"), envs(t.ws.envs()), "at most two");
        assertTrue(step.isDone(old));
    }
}
