package org.visomaster.launcher.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.process.HostEnvironment;

/**
 * The machine's environment as the engine's tests must see it: without the developer's own uv, conda, mamba or
 * micromamba, so the environment-manager selection (and uv pip) is exactly the one a test sets up. A PATH folder
 * that holds one of them is replaced by a mirror of it (links to everything else in it), so the python3 or git
 * beside a developer's uv stays reachable; CONDA_EXE and MAMBA_EXE, which the selection also reads, are removed.
 */
public final class NoEnvManagers {
    public static final List<String> TOOLS = List.of("uv", "conda", "mamba", "micromamba");
    public static final List<String> VARIABLES = List.of("CONDA_EXE", "MAMBA_EXE", "CONDA_PREFIX", "UV_PYTHON");

    private static final Map<String, Path> MIRRORS = new ConcurrentHashMap<>();
    private static Path mirrorRoot;

    private NoEnvManagers() {
    }

    /** The real environment, with a PATH without env managers and without their variables. */
    public static HostEnvironment host() {
        Map<String, String> changes = new HashMap<>();
        VARIABLES.forEach(v -> changes.put(v, null));
        changes.put("PATH", path(System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
        return HostEnvironment.system().with(changes);
    }

    /** {@code path} with every folder holding an env manager replaced by a mirror that lacks it. */
    public static String path(String path) {
        List<String> kept = new ArrayList<>();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            boolean has = TOOLS.stream().anyMatch(t -> Files.exists(Path.of(dir, t)));
            kept.add(has ? MIRRORS.computeIfAbsent(dir, NoEnvManagers::mirror).toString() : dir);
        }
        return String.join(File.pathSeparator, kept);
    }

    private static Path mirror(String dir) {
        try {
            Path m = Files.createDirectories(root().resolve(String.valueOf(MIRRORS.size())));
            try (Stream<Path> entries = Files.list(Path.of(dir))) {
                for (Path e : (Iterable<Path>) entries::iterator) {
                    String name = e.getFileName().toString();
                    if (!TOOLS.contains(name)) {
                        Files.createSymbolicLink(m.resolve(name), e);
                    }
                }
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mirror " + dir + " without its env managers", e);
        }
    }

    private static synchronized Path root() throws IOException {
        if (mirrorRoot == null) {
            mirrorRoot = Files.createTempDirectory("visomaster-test-path-");
            Path r = mirrorRoot;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteLinksAndFolders(r)));
        }
        return mirrorRoot;
    }

    /** Our mirrors hold only links and folders; links are removed, never followed. */
    private static void deleteLinksAndFolders(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LoggerFactory.getLogger(NoEnvManagers.class).warn("test PATH mirrors left in {}", root, e);
        }
    }
}
