package org.visomaster.launcher.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.steps.python.PythonLocator;

/** The tests' environment hides a developer's uv and conda, even when they sit beside python3 on PATH. */
class NoEnvManagersTest {
    @TempDir
    Path tmp;

    private Path script(Path dir, String name, String body) throws Exception {
        Files.createDirectories(dir);
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void aFolderWithUvBesidePythonIsMirroredWithoutUv() throws Exception {
        Path devBin = tmp.resolve("home/.local/bin");
        script(devBin, "uv", "echo 'uv 0.9.0'");
        script(devBin, "conda", "echo 'conda 24.1.0'");
        Path python = script(devBin, "python3.77", "echo 3.77.4");
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        String before = devBin + ":" + plain;
        HostEnvironment real = new HostEnvironment(Map.of("PATH", before + ":/usr/bin:/bin"));
        assertTrue(PythonLocator.findBase(real, "3.77").orElseThrow().startsWith("uv: uv 0.9.0"),
                "without the control, the developer's uv would be chosen");

        String path = NoEnvManagers.path(before);
        HostEnvironment host = NoEnvManagers.host().with(Map.of("PATH", path + ":" + NoEnvManagers.path("/usr/bin:/bin")));

        assertTrue(host.which("uv").isEmpty() && host.which("conda").isEmpty(), path);
        assertEquals(python.toRealPath(), host.which("python3.77").orElseThrow().toRealPath(), "python3.77 stays");
        assertTrue(path.endsWith(":" + plain), "folders without env managers are kept as they are: " + path);
        assertTrue(PythonLocator.findBase(host, "3.77").orElseThrow().startsWith("venv: Python 3.77.4"));
        assertEquals(path, NoEnvManagers.path(before), "one mirror per folder");
    }

    @Test
    void theSelectionVariablesAreRemoved() {
        HostEnvironment host = NoEnvManagers.host();
        for (String v : NoEnvManagers.VARIABLES) {
            assertFalse(host.childVars().containsKey(v), v);
        }
        assertTrue(host.which("python3").isPresent(), "the tests' python3 is still there");
    }
}
