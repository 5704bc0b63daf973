package org.visomaster.launcher.steps.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.testing.NoEnvManagers;

class PythonLocatorTest {
    @TempDir
    Path tmp;

    private Path script(String name, String body) throws Exception {
        Path bin = tmp.resolve("bin");
        Files.createDirectories(bin);
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private HostEnvironment hostWithOnly(Path bin) {
        // /bin and /usr/bin stay for sh itself; they have no python3.x of a made-up version
        return NoEnvManagers.host().with(Map.of("PATH", bin + File.pathSeparator + NoEnvManagers.path("/usr/bin:/bin")));
    }

    @Test
    void lyingShimIsNotAPython() throws Exception {
        Path shim = script("python3.77", "echo 'pyenv: python3.77: command not found' >&2; exit 127");
        HostEnvironment host = hostWithOnly(shim.getParent());
        assertTrue(host.which("python3.77").isPresent(), "it is on PATH…");
        assertEquals(Optional.empty(), PythonLocator.findBase(host, "3.77"), "…but it does not run");
    }

    @Test
    void interpreterReportingAnotherVersionIsNotAccepted() throws Exception {
        Path fake = script("python3.77", "echo 3.76.1");
        assertEquals(Optional.empty(), PythonLocator.findBase(hostWithOnly(fake.getParent()), "3.77"));
    }

    @Test
    void interpreterReportingTheVersionIsFound() throws Exception {
        Path fake = script("python3.77", "echo 3.77.4");
        String how = PythonLocator.findBase(hostWithOnly(fake.getParent()), "3.77").orElseThrow();
        assertTrue(how.startsWith("venv: Python 3.77.4 (" + fake + ")"), how);
    }

    @Test
    void realPython3IsFoundByItsVersion() {
        String version = PyTestSupport.python3Version();
        HostEnvironment host = NoEnvManagers.host();
        String how = PythonLocator.findBase(host, version).orElseThrow();
        assertTrue(how.startsWith("venv: Python " + version + "."), how);
    }

    @Test
    void uvIsPreferredWhenItRunsAndSkippedWhenItDoesNot() throws Exception {
        Path uv = script("uv", "echo 'uv 0.5.11'");
        script("python3.77", "echo 3.77.4");
        String how = PythonLocator.findBase(hostWithOnly(uv.getParent()), "3.77").orElseThrow();
        assertTrue(how.startsWith("uv: uv 0.5.11 (" + uv + ")"), how);

        script("uv", "exit 1");
        how = PythonLocator.findBase(hostWithOnly(uv.getParent()), "3.77").orElseThrow();
        assertTrue(how.startsWith("venv:"), how);
    }

    @Test
    void condaComesBeforeVenvAndForcedManagersAreRespected() throws Exception {
        Path conda = script("micromamba", "echo 1.5.8");
        script("python3.77", "echo 3.77.4");
        HostEnvironment host = hostWithOnly(conda.getParent());
        assertTrue(PythonLocator.findBase(host, "3.77").orElseThrow().startsWith("conda: 1.5.8 (" + conda + ")"));
        assertTrue(PythonLocator.findBase(host, "3.77", "venv").orElseThrow().startsWith("venv:"));
        assertEquals(Optional.empty(), PythonLocator.findBase(host, "3.77", "uv"));
    }
}
