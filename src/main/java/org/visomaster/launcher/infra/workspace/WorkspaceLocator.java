package org.visomaster.launcher.infra.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Finds the workspace root: --workspace, else $VISO_WORKSPACE, else /workspace when usable, else ~/visomaster-workspace. */
public final class WorkspaceLocator {
    public static final String ENV = "VISO_WORKSPACE";
    /** The workspace on the rented box (the image mounts it), used when it exists and is writable. */
    public static final Path DEFAULT_ROOT = Path.of("/workspace");

    private WorkspaceLocator() {
    }

    public static Path locate(String option, Map<String, String> env, Path defaultRoot, Path home) {
        if (option != null && !option.isBlank()) {
            return Path.of(option).toAbsolutePath().normalize();
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath().normalize();
        }
        if (Files.isDirectory(defaultRoot) && Files.isWritable(defaultRoot)) {
            return defaultRoot;
        }
        return home.resolve("visomaster-workspace");
    }

    public static Path locate(String option) {
        return locate(option, System.getenv(), DEFAULT_ROOT, Path.of(System.getProperty("user.home")));
    }
}
