package org.visomaster.launcher.steps.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.StepContext;

/** Figures for preflight and the plan: how many bytes the models step still has to fetch. */
public final class ModelsPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(ModelsPlanner.class);

    private ModelsPlanner() {
    }

    /**
     * Bytes still to download: the servers' sizes (HEAD requests, in parallel, short timeouts) of the files not on
     * disk, less what their {@code .part} files already hold. Files present on disk count as 0. Returns -1 when it
     * cannot be known: no source yet, the manifest unreadable, or a server that did not tell a size.
     */
    public static long remainingBytes(StepContext ctx) {
        return remainingBytes(ctx, new SizeProbe());
    }

    public static long remainingBytes(StepContext ctx, SizeProbe probe) {
        Path root = ctx.workspace().source();
        if (!Files.isDirectory(root)) {
            return -1;
        }
        Manifest m;
        try {
            m = ManifestLoader.load(ctx, new VerifiedCache(ctx.state()), false);
        } catch (Exception e) {
            LOG.debug("the models still to fetch cannot be sized: the manifest cannot be read yet", e);
            return -1;
        }
        List<ModelEntry> missing = new ArrayList<>();
        for (ModelEntry e : m.entries()) {
            if (!Files.isRegularFile(e.file(root))) {
                missing.add(e);
            }
        }
        Map<String, Long> sizes = probe.sizes(missing);
        long total = 0;
        for (ModelEntry e : missing) {
            long size = sizes.getOrDefault(e.relativePath(), -1L);
            if (size < 0) {
                return -1;
            }
            Path part = e.partFile(root);
            long have = 0;
            try {
                have = Files.isRegularFile(part) ? SegmentMap.bytesOnDisk(part) : 0;
            } catch (java.io.IOException ex) {
                LOG.debug("{} cannot be measured: counted as nothing downloaded", part, ex);
            }
            total += Math.max(0, size - (have <= size ? have : 0));
        }
        return total;
    }
}
