package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent.ModelState;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;

/** Lists every model of the manifest with its state on disk; changes nothing except the verified cache. */
public final class ModelsReport {
    private static final Logger LOG = LoggerFactory.getLogger(ModelsReport.class);

    private ModelsReport() {
    }

    /**
     * @param verify hash every present file instead of trusting the cache (matches are then cached; a mismatching
     *               file is reported, not moved)
     */
    public static List<ModelStatus> list(StepContext ctx, boolean verify)
            throws StepFailedException, Cancellation.CancelledException {
        return list(ctx, verify, new FileHasher());
    }

    public static List<ModelStatus> list(StepContext ctx, boolean verify, FileHasher hasher)
            throws StepFailedException, Cancellation.CancelledException {
        Path root = requireSource(ctx);
        VerifiedCache cache = new VerifiedCache(ctx.state());
        Manifest m = ManifestLoader.load(ctx, cache, false);
        List<ModelStatus> out = new ArrayList<>();
        try {
            for (ModelEntry e : m.entries()) {
                ctx.cancellation().throwIfCancelled();
                out.add(status(e, root, cache, verify, hasher));
            }
        } finally {
            cache.flush();
        }
        return out;
    }

    /**
     * The models as the last run left them, from the cached manifest only: starts no Python, hashes nothing and
     * writes nothing. Empty when no run has read the manifest yet (or the source or its manifest changed since).
     */
    public static Optional<List<ModelStatus>> fromCache(StepContext ctx) {
        Path root = ctx.workspace().source();
        VerifiedCache cache = new VerifiedCache(ctx.state());
        Manifest m = Files.isDirectory(root) ? ManifestLoader.cached(ctx, cache) : null;
        return Optional.ofNullable(m)
                .map(manifest -> manifest.entries().stream().map(e -> status(e, root, cache, false, null)).toList());
    }

    /** The source folder, or the sentence that it is not there yet. */
    static Path requireSource(StepContext ctx) throws StepFailedException {
        Path root = ctx.workspace().source();
        if (!Files.isDirectory(root)) {
            throw new StepFailedException("VisoMaster's source is not at " + root + " yet, so its models manifest"
                    + " cannot be read; run provision first.");
        }
        return root;
    }

    /** {"total": n, "verified": n, "missing": n, …}: how many models are in each state. */
    public static Map<String, Long> counts(List<ModelStatus> models) {
        Map<String, Long> n = new LinkedHashMap<>();
        n.put("total", (long) models.size());
        for (ModelState st : List.of(ModelState.VERIFIED, ModelState.MISSING, ModelState.PARTIAL,
                ModelState.UNVERIFIED, ModelState.MISMATCH)) {
            n.put(st.name().toLowerCase(Locale.ROOT), models.stream().filter(m -> m.state() == st).count());
        }
        return n;
    }

    private static ModelStatus status(ModelEntry e, Path root, VerifiedCache cache, boolean verify,
                                      FileHasher hasher) {
        Path file = e.file(root);
        Path part = e.partFile(root);
        if (!Files.isRegularFile(file)) {
            if (Files.isRegularFile(part)) {
                long size = partBytes(part);
                return of(e, size, ModelState.PARTIAL, "partial download, " + size + " bytes on disk");
            }
            return of(e, -1, ModelState.MISSING, "not downloaded yet");
        }
        long size = size(file);
        if (!verify && cache.isVerified(e, root)) {
            return of(e, size, ModelState.VERIFIED, "verified earlier; unchanged since");
        }
        if (!verify) {
            return of(e, size, ModelState.UNVERIFIED, "present but not verified yet");
        }
        try {
            String actual = hasher.hash(file);
            if (actual.equals(e.sha256())) {
                cache.markVerified(e, file, actual);
                return of(e, size, ModelState.VERIFIED, "hash matches");
            }
            cache.forget(e.relativePath());
            return of(e, size, ModelState.MISMATCH, "SHA-256 is " + actual + "; Repair moves it aside and"
                    + " downloads a fresh copy");
        } catch (IOException ex) {
            return of(e, size, ModelState.UNVERIFIED, "cannot be read: " + ex.getMessage());
        }
    }

    private static ModelStatus of(ModelEntry e, long size, ModelState state, String detail) {
        return new ModelStatus(e.name(), e.relativePath(), e.url(), e.sha256(), size, state, detail);
    }

    private static long partBytes(Path part) {
        try {
            return SegmentMap.bytesOnDisk(part);
        } catch (IOException e) {
            LOG.debug("{} cannot be measured", part, e);
            return -1;
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            LOG.debug("{} cannot be measured", p, e);
            return -1;
        }
    }
}
