package org.visomaster.launcher.infra.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.visomaster.launcher.infra.util.ProgramLookup;
import org.visomaster.launcher.infra.util.SecretPolicy;

/**
 * The environment variables the launcher sees, what it passes to children, and PATH look-ups over them. Children get
 * {@link #childVars()}: the launcher's environment without the secrets ({@link SecretPolicy#childEnvironment}), so no
 * child process, wherever it is started, sees the portal's or Vast's tokens and passwords. Tests build one with their
 * own PATH (a fake nvidia-smi, no uv) instead of touching the real environment.
 */
public final class HostEnvironment implements ProgramLookup {
    private final Map<String, String> all;
    private final Map<String, String> vars;

    public HostEnvironment(Map<String, String> vars) {
        this.all = Map.copyOf(vars);
        this.vars = Map.copyOf(SecretPolicy.childEnvironment(vars));
    }

    public static HostEnvironment system() {
        return new HostEnvironment(System.getenv());
    }

    /** What a child process gets: everything but the secret variables. */
    public Map<String, String> childVars() {
        return vars;
    }

    /** Every variable, secrets included: for reading settings and for masking the secrets' values, never for a child. */
    public Map<String, String> all() {
        return all;
    }

    /** One variable, secret or not. */
    public String get(String name) {
        return all.get(name);
    }

    /** A copy with some variables set (null values remove them). */
    public HostEnvironment with(Map<String, String> changes) {
        Map<String, String> m = new HashMap<>(all);
        changes.forEach((k, v) -> {
            if (v == null) {
                m.remove(k);
            } else {
                m.put(k, v);
            }
        });
        return new HostEnvironment(m);
    }

    /** The first executable called {@code name} on PATH, like the shell's {@code command -v}. */
    @Override
    public Optional<Path> which(String name) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = vars.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
