package org.visomaster.launcher.steps.python;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.process.CommandResult;
import org.visomaster.launcher.infra.process.CommandRunner;
import org.visomaster.launcher.infra.process.HostEnvironment;

/**
 * Finds a way to get a Python X.Y environment on this host: uv, else conda/mamba/micromamba, else a base interpreter
 * that reports exactly X.Y ({@code pythonX.Y}, {@code python3}, {@code python}). Every candidate is run, because a
 * name on PATH proves nothing (pyenv shims exist for versions that are not installed and fail when run).
 */
public final class PythonLocator {
    private static final Logger LOG = LoggerFactory.getLogger(PythonLocator.class);

    private PythonLocator() {
    }

    /** For preflight: how a Python {@code version} environment can be had, in words; empty when it cannot. */
    public static Optional<String> findBase(HostEnvironment host, String version) {
        return findBase(host, version, "auto");
    }

    /** Like {@link #findBase(HostEnvironment, String)} for a configured manager (auto, uv, conda, venv). */
    public static Optional<String> findBase(HostEnvironment host, String version, String manager) {
        return choose(host, version, manager).map(m -> m.name() + ": " + m.describe());
    }

    /** The manager the python step uses: the forced one, or uv → conda → venv for "auto". */
    public static Optional<EnvManager> choose(HostEnvironment host, String version, String manager) {
        return switch (manager == null ? "auto" : manager) {
            case "uv" -> uv(host);
            case "conda" -> conda(host);
            case "venv" -> venv(host, version);
            default -> uv(host).or(() -> conda(host)).or(() -> venv(host, version));
        };
    }

    /** The sentence for when {@link #choose} found nothing. */
    public static String notFoundSentence(String version, String manager) {
        return switch (manager == null ? "auto" : manager) {
            case "uv" -> "envManager is \"uv\" but uv is not on PATH or does not run: install uv or set envManager"
                    + " to \"auto\".";
            case "conda" -> "envManager is \"conda\" but no working conda, mamba or micromamba is on PATH: install"
                    + " one or set envManager to \"auto\".";
            case "venv" -> "envManager is \"venv\" but no python" + version + " (or python3 reporting " + version
                    + ") runs on this machine: install python" + version + " with its venv module or set envManager"
                    + " to \"auto\".";
            default -> "No Python " + version + " found: install uv (it downloads Python by itself) or python"
                    + version + ", or pick another profile.";
        };
    }

    static Optional<EnvManager> uv(HostEnvironment host) {
        return host.which("uv").flatMap(p -> toolVersion(p, host).map(v -> new UvManager(p, v)));
    }

    static Optional<EnvManager> conda(HostEnvironment host) {
        List<Path> candidates = new ArrayList<>();
        for (String name : List.of("conda", "mamba", "micromamba")) {
            host.which(name).ifPresent(candidates::add);
        }
        for (String variable : List.of("CONDA_EXE", "MAMBA_EXE")) {
            String v = host.get(variable);
            if (v != null && !v.isBlank()) {
                host.which(v).ifPresent(candidates::add);
            }
        }
        for (Path p : candidates) {
            Optional<String> v = toolVersion(p, host);
            if (v.isPresent()) {
                return Optional.of(new CondaManager(p, v.get()));
            }
        }
        return Optional.empty();
    }

    /** Exact minor version only: VisoMaster's pinned wheels are built for one Python. */
    static Optional<EnvManager> venv(HostEnvironment host, String version) {
        for (String name : List.of("python" + version, "python3", "python")) {
            Optional<Path> p = host.which(name);
            if (p.isEmpty()) {
                continue;
            }
            Optional<String> full = PythonEnv.version(p.get().toString(), host);
            if (full.isPresent() && PythonEnv.minor(full.get()).equals(version)) {
                return Optional.of(new VenvManager(p.get(), full.get()));
            }
        }
        return Optional.empty();
    }

    /** First line of {@code tool --version} when it runs and exits 0. */
    private static Optional<String> toolVersion(Path tool, HostEnvironment host) {
        List<String> out = new ArrayList<>();
        try {
            CommandResult r = CommandRunner.run(List.of(tool.toString(), "--version"), null, host.childVars(),
                    PythonEnv.PROBE_TIMEOUT, out::add, null);
            if (!r.ok()) {
                return Optional.empty();
            }
        } catch (IOException e) {
            LOG.debug("{} --version does not run", tool, e);
            return Optional.empty();
        }
        return out.stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst();
    }
}
