package org.visomaster.launcher.steps.python;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;

/** {@code uv venv --python X.Y --seed DIR}: uv finds or downloads the exact Python by itself. */
final class UvManager implements EnvManager {
    private final Path uv;
    private final String version;

    UvManager(Path uv, String version) {
        this.uv = uv;
        this.version = version;
    }

    @Override
    public String name() {
        return "uv";
    }

    @Override
    public String describe() {
        return version + " (" + uv + "), which downloads Python by itself when needed";
    }

    @Override
    public boolean relocatable() {
        return true;
    }

    @Override
    public void create(Path envDir, String pythonVersion, StepContext ctx)
            throws StepFailedException, Cancellation.CancelledException, IOException {
        // --seed puts pip into the environment so that people (and the pip fallback) can use it too
        ManagerCommand.run(ctx, List.of(uv.toString(), "venv", "--python", pythonVersion, "--seed",
                envDir.toString()), envDir.getParent(), Duration.ofMinutes(30),
                "Creating the Python " + pythonVersion + " environment with uv");
    }
}
