package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent.ModelState;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.infra.util.MoveAside;

/**
 * Checks the model files already on disk before anything is downloaded: a file the cache vouches for is taken as
 * is; any other present file is hashed once (several at a time). A present file with the wrong hash is never
 * deleted — it may be the user's own — but moved aside to {@code <name>.mismatch-<UTC timestamp>} ({@link MoveAside}) so that a fresh copy
 * can take its place.
 */
final class PresentFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PresentFiles.class);
    private final StepContext ctx;
    private final VerifiedCache cache;
    private final FileHasher hasher;
    private final ModelsProgress progress;
    private final boolean ignoreCache;
    private final Path root;

    PresentFiles(StepContext ctx, VerifiedCache cache, FileHasher hasher, ModelsProgress progress,
                 boolean ignoreCache) {
        this.ctx = ctx;
        this.cache = cache;
        this.hasher = hasher;
        this.progress = progress;
        this.ignoreCache = ignoreCache;
        this.root = ctx.workspace().source();
    }

    /** Returns the entries still to download; unreadable files are added to {@code failures}. */
    List<ModelEntry> run(List<ModelEntry> entries, List<DownloadResult> failures)
            throws Cancellation.CancelledException {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "model-hash");
            t.setDaemon(true);
            return t;
        });
        List<Future<DownloadResult>> checks = new java.util.concurrent.CopyOnWriteArrayList<>();
        // a cancel stops the hashing too: queued checks are dropped, running ones interrupted
        AutoCloseable onCancel = ctx.cancellation().onCancel(() -> checks.forEach(f -> f.cancel(true)));
        try {
            for (ModelEntry e : entries) {
                checks.add(pool.submit(() -> check(e)));
            }
            List<ModelEntry> missing = new ArrayList<>();
            int done = 0;
            for (int i = 0; i < checks.size(); i++) {
                DownloadResult r = get(checks.get(i));
                // a count, not bytes: the figures of steps running together add up as bytes
                ctx.progress(0, -1, 0, -1, "checked " + ++done + " of " + entries.size() + " files");
                if (r == null) {
                    missing.add(entries.get(i));
                } else if (!r.ok()) {
                    failures.add(r);
                }
            }
            return missing;
        } finally {
            try {
                onCancel.close();
            } catch (Exception e) {
                LOG.debug("unregistering the cancel callback failed", e);
            }
            pool.shutdownNow();
        }
    }

    private DownloadResult get(Future<DownloadResult> f) throws Cancellation.CancelledException {
        try {
            DownloadResult r = f.get();
            ctx.cancellation().throwIfCancelled();
            return r;
        } catch (java.util.concurrent.CancellationException e) {
            throw new Cancellation.CancelledException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancellation.CancelledException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Cancellation.CancelledException c) {
                throw c;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** null: must be downloaded; ok: verified; failed: unreadable. */
    private DownloadResult check(ModelEntry e) throws Cancellation.CancelledException {
        ctx.cancellation().throwIfCancelled();
        Path file = e.file(root);
        if (!Files.isRegularFile(file)) {
            cache.forget(e.relativePath());
            return null;
        }
        if (!ignoreCache && cache.isVerified(e, root)) {
            progress.checked(e, ModelState.VERIFIED, size(file), "verified earlier (cached)");
            removeStalePart(e);
            return DownloadResult.success(e, 0);
        }
        progress.checked(e, ModelState.VERIFYING, size(file), "hashing the file already present");
        try {
            String actual = hasher.hash(file);
            if (actual.equals(e.sha256())) {
                cache.markVerified(e, file, actual);
                progress.checked(e, ModelState.VERIFIED, size(file), "hash matches");
                removeStalePart(e);
                return DownloadResult.success(e, 0);
            }
            cache.forget(e.relativePath());
            Path aside = MoveAside.move(file, "mismatch");
            ctx.warn(e.relativePath() + " did not have the expected SHA-256 (found " + actual + ", expected "
                    + e.sha256() + "); it was kept as " + root.relativize(aside) + " and a fresh copy is downloaded.");
            return null;
        } catch (IOException ex) {
            String sentence = e.name() + ": " + e.relativePath() + " exists but cannot be read or moved ("
                    + ex.getMessage() + "); fix its permissions or move it away, then run provision again.";
            progress.checked(e, ModelState.FAILED, -1, sentence);
            return DownloadResult.failed(e, 0, sentence);
        }
    }

    /** A .part beside a verified file is a leftover of the launcher's own interrupted download. */
    private void removeStalePart(ModelEntry e) {
        try {
            Files.deleteIfExists(e.partFile(root));
        } catch (IOException ex) {
            LOG.debug("the stale {} stays (it only takes space)", e.partFile(root), ex);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            LOG.debug("{} cannot be measured", file, e);
            return -1;
        }
    }
}
