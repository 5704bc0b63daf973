package org.visomaster.launcher.steps.preflight;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.steps.source.SourceStep;
import org.visomaster.launcher.steps.models.ModelsPlanner;
import org.visomaster.launcher.steps.models.ModelsStep;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.steps.requirements.RequirementsStep;
import org.visomaster.launcher.infra.util.Units;
import org.visomaster.launcher.steps.python.PythonStep;

/**
 * Free space against what is still to fetch. When it is short, it stops the step that cannot fit, in this order:
 * the source (small; everything needs it), then the models (their sizes are known exactly), then the Python packages
 * (an estimate) — so the steps that do fit still run.
 */
final class SpaceCheck implements PreflightCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceCheck.class);

    /** Stated estimate of a VisoMaster environment (torch + CUDA wheels + TensorRT + onnxruntime), with pip's cache. */
    static final long ENV_ESTIMATE = 14L << 30;
    /** Used when the models' sizes cannot be known yet (the source is not cloned): upstream's 57 files. */
    static final long MODELS_ESTIMATE = 8L << 30;
    static final long SOURCE_ESTIMATE = 300L << 20;
    static final long MARGIN = 1L << 30;

    private final ToLongFunction<Path> freeSpace;

    SpaceCheck(ToLongFunction<Path> freeSpace) {
        this.freeSpace = freeSpace;
    }

    @Override
    public void check(StepContext ctx, Set<StepId> done, Findings findings) {
        Path root = ctx.workspace().root();
        long free = freeSpace.applyAsLong(root);
        long models = done.contains(ModelsStep.ID) ? 0 : ModelsPlanner.remainingBytes(ctx);
        boolean modelsKnown = models >= 0;
        if (!modelsKnown) {
            models = MODELS_ESTIMATE;
        }
        long env = done.contains(RequirementsStep.ID) ? 0 : ENV_ESTIMATE;
        String envs = "";
        if (!done.contains(PythonStep.ID)) {
            try {
                PythonStep.EnvSpace space = PythonStep.envSpace(ctx);
                if (space.restoresKept()) {
                    env = 0; // its packages are there already
                }
                if (free >= 0) {
                    free += space.freedBytes();
                }
                envs = space.environments() == 0 ? "" : " (" + space.environments() + " Python environment"
                        + (space.environments() == 1 ? "" : "s") + " on disk, at most two: the current one and one"
                        + " kept" + (space.freedBytes() > 0 ? "; the older kept one, " + Units.bytes(space.freedBytes())
                        + ", is removed for the new one" : "") + ")";
            } catch (IOException e) {
                LOG.debug("the environments' space is unknown", e);
            }
        }
        long source = done.contains(SourceStep.ID) ? 0 : SOURCE_ESTIMATE;
        long needed = models + env + source;
        findings.note(Units.bytes(free) + " free, about " + Units.bytes(needed) + " needed" + envs);
        if (free < 0 || free >= needed + MARGIN) {
            return;
        }
        String modelsText = "models " + Units.bytes(models) + (modelsKnown ? "" : " (estimate)");
        String sourceText = "source ~" + Units.bytes(source);
        String fix = "; free up space or rent an instance with a larger disk.";
        if (free < source + MARGIN) {
            findings.block(SourceStep.ID, "Not enough free space in " + root + " for VisoMaster's source: "
                    + Units.bytes(free) + " free, about " + Units.bytes(source + MARGIN) + " needed (" + sourceText
                    + ", 1 GiB margin)" + fix);
        } else if (models > 0 && free < source + models + MARGIN) {
            findings.block(ModelsStep.ID, "Not enough free space in " + root + " for the models: "
                    + Units.bytes(free) + " free, about " + Units.bytes(source + models + MARGIN) + " needed ("
                    + modelsText + ", " + sourceText + ", 1 GiB margin)" + fix);
        } else {
            findings.block(RequirementsStep.ID, "Not enough free space in " + root + " for the Python packages: "
                    + Units.bytes(free) + " free, about " + Units.bytes(needed + MARGIN) + " needed (Python"
                    + " environment ~" + Units.bytes(env) + " (estimate), " + modelsText + ", " + sourceText
                    + ", 1 GiB margin)" + fix);
        }
    }

    static long usableSpace(Path p) {
        try {
            Path existing = p;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            FileStore store = Files.getFileStore(existing == null ? Path.of("/") : existing);
            return store.getUsableSpace();
        } catch (IOException e) {
            LOG.debug("the free space at {} is unknown", p, e);
            return -1;
        }
    }
}
