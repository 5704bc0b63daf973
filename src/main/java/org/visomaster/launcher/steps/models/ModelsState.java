package org.visomaster.launcher.steps.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The "models" section of {@code .launcher/state.json}: the verified-files cache, the last manifest read (so that
 * {@code isDone} never has to start Python) and figures of the last run.
 */
public final class ModelsState {
    /** The last run's one-line outcome ("57 models verified (3 downloaded, 2.1 GiB)" or the failure sentence). */
    public String summary;
    /** relativePath → what the file looked like when its hash was last checked and matched. */
    public Map<String, VerifiedFile> verified = new TreeMap<>();
    public CachedManifest manifest;
    public RunStats lastRun;

    public record VerifiedFile(long size, long mtimeMillis, String sha256) {
    }

    /** A manifest as read, valid while {@code key} (manifest content hash + URL settings) still matches. */
    public record CachedManifest(String key, List<ModelEntry> entries, List<String> rejected) {
        public CachedManifest {
            entries = entries == null ? List.of() : new ArrayList<>(entries);
            rejected = rejected == null ? List.of() : new ArrayList<>(rejected);
        }

        public Manifest toManifest() {
            return new Manifest(entries, rejected);
        }
    }

    public record RunStats(String finishedAt, int models, int downloaded, long bytesDownloaded, long filesHashed,
                           int failed) {
    }
}
