package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.visomaster.launcher.engine.StepIds;
import org.visomaster.launcher.steps.source.SourceStep;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent.ModelState;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.infra.util.Units;

/**
 * Step "models": read VisoMaster's manifest, check the files already present (the verified cache spares re-hashing
 * unchanged ones), download the rest in parallel, and fail — naming every model — when any of them could not be
 * fetched and verified. {@link #repair()} ignores the cache and re-hashes everything.
 */
public final class ModelsStep implements Step {
    public static final StepId ID = StepIds.MODELS;

    private final boolean verifyAll;
    private final IntFunction<DownloadManager> downloadManagers;
    private final FileHasher hasher = new FileHasher();
    /** The sentence of the last run's downloads when they stopped because the network is down. */
    private volatile String networkDown;

    public ModelsStep() {
        this(false);
    }

    public ModelsStep(boolean verifyAll) {
        this(verifyAll, DownloadManager::new);
    }

    /** @param downloadManagers makes the manager for a run from config().parallelDownloads() (tests shrink backoff) */
    public ModelsStep(boolean verifyAll, IntFunction<DownloadManager> downloadManagers) {
        this.verifyAll = verifyAll;
        this.downloadManagers = downloadManagers;
    }

    /** The step that re-hashes every present file instead of trusting the cache. */
    public static ModelsStep repair() {
        return new ModelsStep(true);
    }

    /** Whole model files hashed by this step object so far (cached files are not hashed). */
    public long filesHashed() {
        return hasher.filesHashed();
    }

    public FileHasher hasher() {
        return hasher;
    }

    @Override
    public StepId id() {
        return ID;
    }

    @Override
    public Set<StepId> needs() {
        return Set.of(SourceStep.ID);
    }

    /** Repair re-hashes every model file instead of trusting the verified cache. */
    @Override
    public boolean rerunOnRepair() {
        return true;
    }

    /**
     * How many of the manifest's models are verified, missing, partial … from the cached manifest and the verified
     * cache only: a report starts no Python, hashes nothing and writes nothing.
     */
    @Override
    public Object report(StepContext ctx) throws StepFailedException {
        ModelsReport.requireSource(ctx);
        return ModelsReport.counts(ModelsReport.fromCache(ctx).orElseThrow(() -> new StepFailedException(
                "The models manifest has not been read since VisoMaster's source last changed; `visomaster-launcher"
                        + " models` reads it and lists every model.")));
    }

    @Override
    public String title() {
        return "Models";
    }

    /** Cheap: every entry of the cached manifest is on disk with the size and mtime recorded when it verified. */
    @Override
    public boolean isDone(StepContext ctx) {
        if (repairing(ctx) || !Files.isDirectory(ctx.workspace().source())) {
            return false;
        }
        VerifiedCache cache = new VerifiedCache(ctx.state());
        Manifest m = ManifestLoader.cached(ctx, cache);
        if (m == null) {
            return false;
        }
        Path root = ctx.workspace().source();
        return m.entries().stream().allMatch(e -> cache.isVerified(e, root));
    }

    @Override
    public String plan(StepContext ctx) {
        Path root = ctx.workspace().source();
        int parallel = ctx.config().parallelDownloads();
        Manifest m = ManifestLoader.cached(ctx, new VerifiedCache(ctx.state()));
        if (m == null) {
            return "read " + ctx.config().modelsManifest() + " with Python, hash the model files already present and"
                    + " download the missing ones (" + parallel + " at a time)";
        }
        VerifiedCache cache = new VerifiedCache(ctx.state());
        boolean repair = repairing(ctx);
        long verified = m.entries().stream().filter(e -> !repair && cache.isVerified(e, root)).count();
        long present = m.entries().stream().filter(e -> Files.isRegularFile(e.file(root))).count();
        return m.entries().size() + " models in the manifest: " + verified + " verified, " + (present - verified)
                + " to hash, " + (m.entries().size() - present) + " to download (" + parallel + " at a time)";
    }

    @Override
    public StepOutcome run(StepContext ctx) throws StepFailedException, Cancellation.CancelledException {
        Path root = ctx.workspace().source();
        if (!Files.isDirectory(root)) {
            throw new StepFailedException("VisoMaster's source is not at " + root + " yet; run the source step first.");
        }
        boolean repair = repairing(ctx);
        networkDown = null;
        VerifiedCache cache = new VerifiedCache(ctx.state());
        Manifest manifest = ManifestLoader.load(ctx, cache, repair);
        manifest.rejected().forEach(ctx::warn);
        long hashedBefore = hasher.filesHashed();
        List<DownloadResult> failures = new ArrayList<>();
        List<DownloadResult> results = List.of();
        try (ModelsProgress progress = new ModelsProgress(ctx)) {
            PresentFiles check = new PresentFiles(ctx, cache, hasher, progress, repair);
            List<ModelEntry> missing = check.run(manifest.entries(), failures);
            cache.flush();
            if (!missing.isEmpty()) {
                results = download(ctx, cache, progress, missing);
            }
        } finally {
            cache.flush();
        }
        List<DownloadResult> downloaded = results.stream().filter(DownloadResult::ok).toList();
        results.stream().filter(r -> !r.ok()).forEach(failures::add);
        long bytes = downloaded.stream().mapToLong(DownloadResult::bytesReceived).sum();
        long hashed = hasher.filesHashed() - hashedBefore;
        int total = manifest.entries().size();
        ctx.log(hashed + " model files hashed, " + downloaded.size() + " downloaded (" + Units.bytes(bytes) + ")");
        String detail;
        if (!failures.isEmpty()) {
            detail = failures.size() + " of " + total + " models could not be fetched and verified ("
                    + failures.stream().map(r -> r.entry().name()).collect(Collectors.joining(", "))
                    + "); the reasons are below — run provision again to resume, or set VISO_MODELS_BASE_URL to a"
                    + " mirror.";
        } else {
            detail = total + " models verified (" + downloaded.size() + " downloaded, " + Units.bytes(bytes) + ")";
            if (!manifest.rejected().isEmpty()) {
                detail += "; " + manifest.rejected().size() + " manifest entries were skipped (see the warnings)";
            }
        }
        cache.setLastRun(new ModelsState.RunStats(Instant.now().toString(), total, downloaded.size(), bytes, hashed,
                failures.size()), detail);
        cache.flush();
        if (!failures.isEmpty()) {
            if (networkDown != null) {
                throw new StepFailedException(networkDown);
            }
            throw new StepFailedException(detail, failures.stream().map(DownloadResult::failure).toList());
        }
        return manifest.rejected().isEmpty() ? StepOutcome.done(detail) : StepOutcome.warning(detail);
    }

    /** The constructor's flag, or a repair asked for through the context (the runner's --repair). */
    private boolean repairing(StepContext ctx) {
        return verifyAll || ctx.repair();
    }

    private List<DownloadResult> download(StepContext ctx, VerifiedCache cache, ModelsProgress progress,
                                          List<ModelEntry> missing) throws Cancellation.CancelledException {
        Path root = ctx.workspace().source();
        progress.track(missing);
        CompletableFuture.supplyAsync(() -> new SizeProbe().sizes(missing)).thenAccept(progress::expectSizes);
        DownloadListener listener = new DownloadListener() {
            @Override
            public void state(ModelEntry e, ModelState s, String detail) {
                progress.state(e, s, detail);
            }

            @Override
            public void position(ModelEntry e, long done, long total) {
                progress.position(e, done, total);
            }

            @Override
            public void received(ModelEntry e, long n) {
                progress.received(e, n);
            }

            @Override
            public void completed(ModelEntry e, Path file) {
                try {
                    cache.markVerified(e, file, e.sha256());
                } catch (IOException ex) {
                    ctx.warn(e.relativePath() + " was downloaded but cannot be read back (" + ex.getMessage()
                            + "); it will be hashed again next time.");
                }
            }
        };
        int parallel = ctx.config().parallelDownloads();
        try (DownloadManager manager = withConnectionSettings(ctx, downloadManagers.apply(parallel))) {
            DownloadManager.Settings s = manager.settings();
            ctx.log("downloading " + missing.size() + " models, " + parallel + " at a time, up to " + s.perServer()
                    + " connections per server and " + s.totalConnections() + " in all");
            List<DownloadResult> results = manager.downloadAll(missing, root, listener, ctx.cancellation());
            networkDown = manager.networkDown().orElse(null);
            return results;
        }
    }

    /**
     * {@code VISO_CONNECTIONS_PER_SERVER} and {@code VISO_CONNECTIONS_TOTAL} (1–64) override the manager's limits;
     * a value that is not such a number is named in a warning and ignored.
     */
    private static DownloadManager withConnectionSettings(StepContext ctx, DownloadManager manager) {
        int perServer = connections(ctx, "VISO_CONNECTIONS_PER_SERVER", manager.settings().perServer());
        int total = connections(ctx, "VISO_CONNECTIONS_TOTAL", manager.settings().totalConnections());
        if (perServer == manager.settings().perServer() && total == manager.settings().totalConnections()) {
            return manager;
        }
        return manager.withSettings(manager.settings().withConnections(perServer, total));
    }

    private static int connections(StepContext ctx, String variable, int fallback) {
        String v = ctx.host().get(variable);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1 && n <= 64) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        ctx.warn(variable + "=" + v.trim() + " is not a number from 1 to 64; using " + fallback + ".");
        return fallback;
    }

    private static String modelName(String failureSentence) {
        int colon = failureSentence.indexOf(':');
        return colon > 0 ? failureSentence.substring(0, colon) : failureSentence;
    }
}
