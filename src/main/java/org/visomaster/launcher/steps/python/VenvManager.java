package org.visomaster.launcher.steps.python;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;

/** {@code pythonX.Y -m venv DIR} with a base interpreter that was run and reported exactly X.Y. */
final class VenvManager implements EnvManager {
    private final Path python;
    private final String fullVersion;

    VenvManager(Path python, String fullVersion) {
        this.python = python;
        this.fullVersion = fullVersion;
    }

    @Override
    public String name() {
        return "venv";
    }

    @Override
    public String describe() {
        return "Python " + fullVersion + " (" + python + ") with its venv module";
    }

    @Override
    public boolean relocatable() {
        return true;
    }

    @Override
    public void create(Path envDir, String version, StepContext ctx)
            throws StepFailedException, Cancellation.CancelledException, IOException {
        ManagerCommand.run(ctx, List.of(python.toString(), "-m", "venv", envDir.toString()), envDir.getParent(),
                Duration.ofMinutes(10), "Creating the Python " + version + " environment with venv");
    }
}
