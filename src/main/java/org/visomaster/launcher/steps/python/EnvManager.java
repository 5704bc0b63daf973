package org.visomaster.launcher.steps.python;

import java.io.IOException;
import java.nio.file.Path;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;

/** A way to make a Python environment of an exact X.Y version: uv, conda (mamba, micromamba) or venv. */
interface EnvManager {
    /** uv, conda or venv: what the state and the config call it. */
    String name();

    /** Which program and version, for people: "uv 0.5.11 (/usr/local/bin/uv)". */
    String describe();

    /**
     * Whether an environment made at one path still works after a rename. venv and uv environments only carry
     * their own path in scripts under bin/ (fixed after the rename); conda bakes its prefix into binaries.
     */
    boolean relocatable();

    /** Creates a new environment at {@code envDir}, which does not exist yet; streams output through ctx.log. */
    void create(Path envDir, String version, StepContext ctx)
            throws StepFailedException, Cancellation.CancelledException, IOException;
}
