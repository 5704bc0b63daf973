package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.StateStore;

/**
 * The verified-files cache kept in the state's "models" section. A file whose size and modification time still
 * match the entry recorded when its hash last matched, for the same expected hash, is taken as verified without
 * reading it. Writes are batched (at most one state save per second) and {@link #flush()} saves the rest.
 */
public final class VerifiedCache {
    private static final Logger LOG = LoggerFactory.getLogger(VerifiedCache.class);
    public static final String SECTION = "models";
    private static final long SAVE_INTERVAL_NANOS = 1_000_000_000L;

    private final StateStore store;
    private final ModelsState state;
    private boolean dirty;
    private long lastSave = System.nanoTime();

    public VerifiedCache(StateStore store) {
        this.store = store;
        ModelsState s = store.get(SECTION, ModelsState.class);
        this.state = s == null ? new ModelsState() : s;
        if (state.verified == null) {
            state.verified = new java.util.TreeMap<>();
        }
    }

    /** True when the file exists and matches the cached entry for {@code expectedSha} (one stat, no reading). */
    public synchronized boolean isVerified(ModelEntry entry, Path sourceRoot) {
        ModelsState.VerifiedFile v = state.verified.get(entry.relativePath());
        if (v == null || !v.sha256().equals(entry.sha256())) {
            return false;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(entry.file(sourceRoot), BasicFileAttributes.class);
            return a.isRegularFile() && a.size() == v.size() && a.lastModifiedTime().toMillis() == v.mtimeMillis();
        } catch (IOException e) {
            LOG.debug("{} cannot be read: not verified", entry.relativePath(), e);
            return false;
        }
    }

    /** Records that {@code file} (as it is now on disk) has hash {@code sha256}. */
    public synchronized void markVerified(ModelEntry entry, Path file, String sha256) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        state.verified.put(entry.relativePath(),
                new ModelsState.VerifiedFile(a.size(), a.lastModifiedTime().toMillis(), sha256));
        dirty = true;
        saveIfDue();
    }

    public synchronized void forget(String relativePath) {
        if (state.verified.remove(relativePath) != null) {
            dirty = true;
        }
    }

    public synchronized ModelsState.CachedManifest manifest() {
        return state.manifest;
    }

    public synchronized void setManifest(ModelsState.CachedManifest manifest) {
        state.manifest = manifest;
        dirty = true;
    }

    public synchronized void setLastRun(ModelsState.RunStats stats, String summary) {
        state.lastRun = stats;
        state.summary = summary;
        dirty = true;
    }

    public synchronized ModelsState.RunStats lastRun() {
        return state.lastRun;
    }

    public synchronized void flush() {
        if (dirty) {
            store.put(SECTION, state);
            dirty = false;
            lastSave = System.nanoTime();
        }
    }

    private void saveIfDue() {
        if (System.nanoTime() - lastSave >= SAVE_INTERVAL_NANOS) {
            flush();
        }
    }
}
