package org.visomaster.launcher.steps.python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.process.CommandResult;
import org.visomaster.launcher.infra.process.CommandRunner;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.workspace.Workspace;

/** Where VisoMaster's Python environment lives, and how to ask an interpreter what it is. */
public final class PythonEnv {
    private static final Logger LOG = LoggerFactory.getLogger(PythonEnv.class);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
    private static final ConcurrentHashMap<Path, ReentrantReadWriteLock> GUARDS = new ConcurrentHashMap<>();
    private static final String PRINT_VERSION = "import sys; print('%d.%d.%d' % sys.version_info[:3])";

    private PythonEnv() {
    }

    /** {@code <workspace>/envs/viso_env/bin/python}: the interpreter VisoMaster runs with. */
    public static Path interpreter(Workspace ws) {
        return ws.envPython();
    }

    /** {@code <workspace>/envs/viso_env/bin}: put first on PATH when running VisoMaster. */
    public static Path binDir(Workspace ws) {
        return ws.envBin();
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
            LOG.debug("{} does not run", python, e);
            return Optional.empty();
        }
        return out.stream().map(String::strip).filter(l -> l.matches("\\d+\\.\\d+\\.\\d+")).findFirst();
    }

    /** Marks a conda environment being built in place; an environment with it is unfinished. */
    public static Path incompleteMarker(Workspace ws) {
        Path env = ws.env();
        return env.resolveSibling("." + env.getFileName() + ".incomplete");
    }

    /** Held (write) by the python step while it moves, builds or relocates the environment of a workspace. */
    private static ReentrantReadWriteLock guard(Workspace ws) {
        return GUARDS.computeIfAbsent(ws.env(), p -> new ReentrantReadWriteLock());
    }

    /** Keeps readers ({@link #forScripts}) off the environment while the caller changes it. */
    static Lease changing(Workspace ws) {
        Lock write = guard(ws).writeLock();
        write.lock();
        return new Lease(ws.env(), write::unlock);
    }

    /** An interpreter lent for running a plain script; closing gives the environment back to the python step. */
    public record Lease(Path python, Runnable release) implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }

    /**
     * A Python to run a plain script with (the models manifest): the environment's interpreter when it is complete,
     * runs, and the python step is not changing it at this moment (it is then kept from changing it until the lease
     * is closed), else {@code python3} on PATH. Only when neither exists does it wait for an environment being built.
     * Empty when there is no Python at all.
     */
    public static Optional<Lease> forScripts(Workspace ws, HostEnvironment host) throws InterruptedException {
        Lock read = guard(ws).readLock();
        if (read.tryLock()) {
            Optional<Lease> env = environmentLease(ws, host, read);
            if (env.isPresent()) {
                return env;
            }
        }
        Optional<Path> base = host.which("python3");
        if (base.isPresent()) {
            return Optional.of(new Lease(base.get(), () -> {
            }));
        }
        read.lockInterruptibly();
        return environmentLease(ws, host, read);
    }

    /** Called with {@code read} held: a lease that releases it, or empty (and released). */
    private static Optional<Lease> environmentLease(Workspace ws, HostEnvironment host, Lock read) {
        Path python = interpreter(ws);
        if (!Files.exists(incompleteMarker(ws)) && version(python.toString(), host).isPresent()) {
            return Optional.of(new Lease(python, read::unlock));
        }
        read.unlock();
        return Optional.empty();
    }

    /** "3.11" of "3.11.7". */
    static String minor(String fullVersion) {
        String[] p = fullVersion.split("\\.");
        return p.length >= 2 ? p[0] + "." + p[1] : fullVersion;
    }

    /**
     * The environment for building the environment and installing packages: {@link #childEnv} plus uv's and pip's
     * download caches under {@code <workspace>/.cache/} (a Repair, a rebuilt environment or a new box with the same
     * volume then installs without downloading the wheels again; on the same file system uv links instead of copying)
     * and the Pythons uv downloads under {@code envs/.uv-python/} (an environment on the volume keeps its interpreter
     * on a new box). These always win over the host's: base images set their own (the Vast image has
     * {@code UV_CACHE_DIR=/.uv/cache}, {@code UV_NO_CACHE=1}, {@code UV_PYTHON_INSTALL_DIR=/.uv/python_install}),
     * which would put the launcher's installs off the volume or not cache them at all.
     */
    public static Map<String, String> installEnv(Workspace ws, HostEnvironment host) {
        Map<String, String> env = childEnv(host);
        env.put("UV_CACHE_DIR", ws.cache().resolve("uv").toString());
        env.put("PIP_CACHE_DIR", ws.cache().resolve("pip").toString());
        env.put("UV_PYTHON_INSTALL_DIR", ws.envs().resolve(".uv-python").toString());
        env.remove("UV_NO_CACHE");
        env.remove("PIP_NO_CACHE_DIR");
        return env;
    }

    /**
     * The environment for Python children: the host's variables without PYTHONHOME (which would point a venv's
     * interpreter at another installation's standard library), with unbuffered output so lines stream.
     */
    public static Map<String, String> childEnv(HostEnvironment host) {
        Map<String, String> env = new HashMap<>(host.childVars());
        env.remove("PYTHONHOME");
        env.put("PYTHONUNBUFFERED", "1");
        return env;
    }
}
