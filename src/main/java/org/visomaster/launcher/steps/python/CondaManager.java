package org.visomaster.launcher.steps.python;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;

/** {@code conda create -y -p DIR python=X.Y} (also mamba and micromamba, which take the same arguments). */
final class CondaManager implements EnvManager {
    private final Path exe;
    private final String version;

    CondaManager(Path exe, String version) {
        this.exe = exe;
        this.version = version;
    }

    @Override
    public String name() {
        return "conda";
    }

    @Override
    public String describe() {
        return version + " (" + exe + ")";
    }

    @Override
    public boolean relocatable() {
        return false;
    }

    @Override
    public void create(Path envDir, String pythonVersion, StepContext ctx)
            throws StepFailedException, Cancellation.CancelledException, IOException {
        List<String> argv = new ArrayList<>(List.of(exe.toString(), "create", "-y", "-p", envDir.toString(),
                "python=" + pythonVersion, "pip"));
        if (exe.getFileName().toString().startsWith("micromamba")) {
            argv.addAll(List.of("-c", "conda-forge")); // micromamba has no default channel
        }
        ManagerCommand.run(ctx, argv, envDir.getParent(), Duration.ofMinutes(60),
                "Creating the Python " + pythonVersion + " environment with " + exe.getFileName());
    }
}
