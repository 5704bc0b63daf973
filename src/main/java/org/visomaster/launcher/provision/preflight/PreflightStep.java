package org.visomaster.launcher.provision.preflight;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.visomaster.launcher.git.RemoteCheck;
import org.visomaster.launcher.models.ModelsPlanner;
import org.visomaster.launcher.provision.Step;
import org.visomaster.launcher.provision.StepContext;
import org.visomaster.launcher.provision.StepFailedException;
import org.visomaster.launcher.provision.StepOutcome;
import org.visomaster.launcher.python.PythonLocator;
import org.visomaster.launcher.util.Units;

/**
 * Checks before any work: free space against what is still to fetch, a Python of the profile's version, the git
 * remote, the driver against the chosen wheel variant, a GPU (a warning only). Skipped when every later step is already done.
 */
public final class PreflightStep implements Step {
    /** Stated estimate of a VisoMaster environment (torch + CUDA wheels + TensorRT + onnxruntime), with pip's cache. */
    public static final long ENV_ESTIMATE = 14L << 30;
    /** Used when the models' sizes cannot be known yet (the source is not cloned): upstream's 57 files. */
    public static final long MODELS_ESTIMATE = 8L << 30;
    static final long SOURCE_ESTIMATE = 300L << 20;
    static final long MARGIN = 1L << 30;
    static final Duration REMOTE_TIMEOUT = Duration.ofSeconds(20);

    private final List<Step> later;
    private final ToLongFunction<Path> freeSpace;

    public PreflightStep(List<Step> later) {
        this(later, PreflightStep::usableSpace);
    }

    PreflightStep(List<Step> later, ToLongFunction<Path> freeSpace) {
        this.later = List.copyOf(later);
        this.freeSpace = freeSpace;
    }

    @Override
    public String id() {
        return "preflight";
    }

    @Override
    public String title() {
        return "Checks";
    }

    @Override
    public boolean isDone(StepContext ctx) throws Exception {
        for (Step s : later) {
            if (!s.isDone(ctx.forStep(s.id()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String plan(StepContext ctx) {
        return "check free space, Python " + ctx.config().pythonVersion() + ", the git remote and the GPU";
    }

    @Override
    public StepOutcome run(StepContext ctx) throws Exception {
        String wheels = org.visomaster.launcher.python.DriverCheck.preflight(ctx);
        List<String> done = new ArrayList<>();
        for (Step s : later) {
            if (s.isDone(ctx.forStep(s.id()))) {
                done.add(s.id());
            }
        }
        List<String> summary = new ArrayList<>();
        summary.add(checkSpace(ctx, done));
        if (!done.contains("python")) {
            String v = ctx.config().pythonVersion();
            Optional<String> how = PythonLocator.findBase(ctx.host(), v);
            if (how.isEmpty()) {
                throw new StepFailedException("No way to get Python " + v + " was found (no uv, no conda, no python"
                        + v + "): install uv (it downloads Python by itself) or python" + v
                        + ", or choose a profile that uses another Python.");
            }
            summary.add("Python " + v + ": " + how.get());
        }
        if (!done.contains("source")) {
            String url = ctx.config().repoUrl();
            Optional<String> problem = RemoteCheck.check(url, REMOTE_TIMEOUT);
            if (problem.isPresent()) {
                throw new StepFailedException(problem.get());
            }
            summary.add("git remote reachable");
        }
        if (!wheels.isEmpty()) {
            summary.add(wheels);
        }
        if (!hasGpu(ctx)) {
            String sentence = "No NVIDIA GPU is visible (nvidia-smi is not on PATH): installation goes on, but"
                    + " VisoMaster needs an NVIDIA GPU to run; rent a GPU instance or check the driver.";
            ctx.warn(sentence);
            summary.add("no GPU visible");
            return StepOutcome.warning(String.join("; ", summary));
        }
        summary.add("GPU visible");
        return StepOutcome.done(String.join("; ", summary));
    }

    private String checkSpace(StepContext ctx, List<String> done) throws StepFailedException {
        Path root = ctx.workspace().root();
        long free = freeSpace.applyAsLong(root);
        long models = done.contains("models") ? 0 : ModelsPlanner.remainingBytes(ctx);
        boolean modelsKnown = models >= 0;
        if (!modelsKnown) {
            models = MODELS_ESTIMATE;
        }
        long env = done.contains("requirements") ? 0 : ENV_ESTIMATE;
        long source = done.contains("source") ? 0 : SOURCE_ESTIMATE;
        long needed = models + env + source;
        String breakdown = "models " + Units.bytes(models) + (modelsKnown ? "" : " (estimate)")
                + ", Python environment ~" + Units.bytes(env) + " (estimate), source ~" + Units.bytes(source);
        if (free >= 0 && free < needed + MARGIN) {
            throw new StepFailedException("Not enough free space in " + root + ": " + Units.bytes(free)
                    + " free, about " + Units.bytes(needed + MARGIN) + " needed (" + breakdown
                    + ", 1 GiB margin); free up space or rent an instance with a larger disk.");
        }
        return Units.bytes(free) + " free, about " + Units.bytes(needed) + " needed";
    }

    private static boolean hasGpu(StepContext ctx) {
        return ctx.host().which("nvidia-smi").isPresent();
    }

    private static long usableSpace(Path p) {
        try {
            Path existing = p;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            FileStore store = Files.getFileStore(existing == null ? Path.of("/") : existing);
            return store.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
