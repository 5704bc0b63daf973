package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.infra.util.SecretPolicy;
import org.visomaster.launcher.infra.util.Sha256;

/**
 * The manifest for a context, from the state's cache while the manifest file's content and the URL settings are
 * unchanged, else read with Python (and cached). Keying on the content rather than the source commit also covers a
 * user-provided source folder that is not a git clone.
 */
final class ManifestLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestLoader.class);

    private ManifestLoader() {
    }

    /** The manifest, reading it with Python when {@code fresh} or when the cached copy is stale. */
    public static Manifest load(StepContext ctx, VerifiedCache cache, boolean fresh)
            throws StepFailedException, Cancellation.CancelledException {
        String key = key(ctx);
        if (!fresh) {
            Manifest cached = cached(cache, key);
            if (cached != null) {
                return cached;
            }
        }
        Manifest m = ManifestReader.read(ctx);
        if (key != null) {
            cache.setManifest(new ModelsState.CachedManifest(key, m.entries(), m.rejected()));
            cache.flush();
        }
        return m;
    }

    /** The cached manifest when still valid, else null; never starts Python. */
    public static Manifest cached(StepContext ctx, VerifiedCache cache) {
        return cached(cache, key(ctx));
    }

    private static Manifest cached(VerifiedCache cache, String key) {
        ModelsState.CachedManifest c = cache.manifest();
        if (c != null && c.entries().stream().anyMatch(e -> e.url().contains(SecretPolicy.MASK))) {
            return null; // state.json keeps no secret: a mirror URL with one is read again, never used masked
        }
        return key != null && c != null && key.equals(c.key()) ? c.toManifest() : null;
    }

    /** Content hash of the manifest module + the URL settings + the source root; null when there is no manifest. */
    static String key(StepContext ctx) {
        Path root = ctx.workspace().source();
        Path file = root.resolve(ctx.config().modelsManifest());
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Sha256.ofString(Sha256.ofFile(file) + "\n" + ctx.config().modelsUrlPrefix() + "\n"
                    + ctx.config().modelsBaseUrl() + "\n" + root);
        } catch (IOException e) {
            LOG.debug("the manifest {} cannot be hashed: it is read again", file, e);
            return null;
        }
    }
}
