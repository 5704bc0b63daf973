package org.visomaster.launcher.steps.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the disk check learns about the environments: a new one to build, a kept one to restore, what is freed. */
class EnvSpaceTest {
    @TempDir
    Path tmp;

    /** An environment whose bin/python answers the version probe like a real one. */
    private static void fakeEnv(Path env, String version, int payloadBytes) throws Exception {
        Path python = Files.createDirectories(env.resolve("bin")).resolve("python");
        Files.writeString(python, "#!/bin/sh\necho " + version + "\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.write(env.resolve("payload"), new byte[payloadBytes]);
    }

    @Test
    void aNewStacksEnvironmentFreesTheOlderKeptOneAndAKeptOneIsRestoredWithoutBuilding() throws Exception {
        PyTestSupport t = new PyTestSupport(tmp.resolve("ws"), Map.of());
        fakeEnv(t.ws.env(), "3.11.7", 1000);
        fakeEnv(t.ws.envs().resolve("viso_env.kept-py3.10"), "3.10.13", 5_000_000);

        PythonStep.EnvSpace newer = PythonStep.envSpace(t.ctx(PyTestSupport.config("3.12", "venv", List.of()),
                PythonStep.ID));
        assertEquals(new PythonStep.EnvSpace(true, false, 5_000_000 + "#!/bin/sh\necho 3.10.13\n".length(), 2), newer,
                "the kept 3.10 environment (payload and bin/python) is freed");

        PythonStep.EnvSpace back = PythonStep.envSpace(t.ctx(PyTestSupport.config("3.10", "venv", List.of()),
                PythonStep.ID));
        assertEquals(new PythonStep.EnvSpace(false, true, 0, 2), back);

        PythonStep.EnvSpace same = PythonStep.envSpace(t.ctx(PyTestSupport.config("3.11", "venv", List.of()),
                PythonStep.ID));
        assertEquals(new PythonStep.EnvSpace(false, false, 0, 2), same);
    }
}
