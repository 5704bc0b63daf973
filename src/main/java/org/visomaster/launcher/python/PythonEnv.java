package org.visomaster.launcher.python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.visomaster.launcher.process.CommandResult;
import org.visomaster.launcher.process.CommandRunner;
import org.visomaster.launcher.process.HostEnvironment;
import org.visomaster.launcher.workspace.Workspace;

/** Where VisoMaster's Python environment lives, and how to ask an interpreter what it is. */
public final class PythonEnv {
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
    private static final String PRINT_VERSION = "import sys; print('%d.%d.%d' % sys.version_info[:3])";

    private PythonEnv() {
    }

    /** {@code <workspace>/envs/viso_env/bin/python}: the interpreter VisoMaster runs with. */
    public static Path interpreter(Workspace ws) {
        return binDir(ws).resolve("python");
    }

    /** {@code <workspace>/envs/viso_env/bin}: put first on PATH when running VisoMaster. */
    public static Path binDir(Workspace ws) {
        return ws.env().resolve("bin");
    }

    /**
     * Runs {@code python} and returns its full version ("3.11.7"), or empty when it is missing, does not start
     * (a pyenv shim for a version that is not installed exits non-zero), or prints something else.
     */
    public static Optional<String> version(String python, HostEnvironment host) {
        if (python.contains("/") && !Files.isExecutable(Path.of(python))) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        try {
            CommandResult r = CommandRunner.run(List.of(python, "-c", PRINT_VERSION), null, childEnv(host),
                    PROBE_TIMEOUT, out::add, null);
            if (!r.ok()) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return out.stream().map(String::strip).filter(l -> l.matches("\\d+\\.\\d+\\.\\d+")).findFirst();
    }

    /** "3.11" of "3.11.7". */
    static String minor(String fullVersion) {
        String[] p = fullVersion.split("\\.");
        return p.length >= 2 ? p[0] + "." + p[1] : fullVersion;
    }

    /**
     * The environment for Python children: the host's variables without PYTHONHOME (which would point a venv's
     * interpreter at another installation's standard library), with unbuffered output so lines stream.
     */
    public static java.util.Map<String, String> childEnv(HostEnvironment host) {
        java.util.Map<String, String> env = new java.util.HashMap<>(host.vars());
        env.remove("PYTHONHOME");
        env.put("PYTHONUNBUFFERED", "1");
        return env;
    }
}
