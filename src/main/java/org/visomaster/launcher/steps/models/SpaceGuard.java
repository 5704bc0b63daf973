package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.visomaster.launcher.infra.util.Units;

/**
 * Keeps one download from taking the workspace disk below a reserve, so that state.json, the logs and the other
 * steps keep working: checked before a download starts (when its size is known) and again every
 * {@link #CHECK_EVERY} bytes written (a body of unknown length, or other writers on the disk).
 */
final class SpaceGuard {
    static final long CHECK_EVERY = 8L << 20;

    /** The disk is (about to be) too full; the message is the user's sentence. */
    static final class NoSpaceException extends IOException {
        NoSpaceException(String sentence) {
            super(sentence);
        }
    }

    private final ModelEntry entry;
    private final Path dir;
    private final long reserve;
    private final AtomicLong written = new AtomicLong();

    SpaceGuard(ModelEntry entry, Path dir, long reserve) {
        this.entry = entry;
        this.dir = dir;
        this.reserve = reserve;
    }

    /** Throws when {@code needed} more bytes (-1: unknown) would take the disk below the reserve. */
    void before(long needed) throws IOException {
        long free = usable();
        if (free - Math.max(needed, 0) < reserve) {
            throw new NoSpaceException(sentence(needed, free));
        }
    }

    /** Counts {@code n} bytes written; every {@link #CHECK_EVERY} bytes looks at the disk again. */
    void wrote(long n) throws IOException {
        long after = written.addAndGet(n);
        if (after / CHECK_EVERY != (after - n) / CHECK_EVERY) {
            long free = usable();
            if (free < reserve) {
                throw new NoSpaceException(sentence(-1, free));
            }
        }
    }

    private long usable() throws IOException {
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? Long.MAX_VALUE : Files.getFileStore(p).getUsableSpace();
    }

    private String sentence(long needed, long free) {
        return entry.name() + ": " + (needed > 0 ? "needs " + Units.bytes(needed) + " more, but " : "stopped: ")
                + "the workspace disk has " + Units.bytes(Math.max(free, 0)) + " free and the launcher keeps "
                + Units.bytes(reserve) + " free for its state and logs; free space on " + dir.getRoot()
                + (dir.getNameCount() > 0 ? dir.subpath(0, 1) : "")
                + " (or rent a bigger disk), then run provision again — the partial file is kept.";
    }
}
