package org.visomaster.launcher.steps.models;

import org.visomaster.launcher.engine.ProvisionEvent.ModelState;

/**
 * What a download tells its observer. {@link #state} is called on each change of state (rare);
 * {@link #position} is called for every buffer written and must only record the numbers (no events, no locks),
 * throttled reporting is the listener's business.
 */
public interface DownloadListener {
    void state(ModelEntry entry, ModelState state, String detail);

    /** {@code done} bytes of the file are on disk out of {@code total} (-1 when unknown). */
    void position(ModelEntry entry, long done, long total);

    /** {@code n} more bytes came over the network (for speed figures; a resumed prefix is not counted). */
    void received(ModelEntry entry, long n);

    /** The verified file is now under its final name (called before the VERIFIED state). */
    default void completed(ModelEntry entry, java.nio.file.Path file) {
    }

    DownloadListener NONE = new DownloadListener() {
        @Override
        public void state(ModelEntry entry, ModelState state, String detail) {
        }

        @Override
        public void position(ModelEntry entry, long done, long total) {
        }

        @Override
        public void received(ModelEntry entry, long n) {
        }
    };
}
