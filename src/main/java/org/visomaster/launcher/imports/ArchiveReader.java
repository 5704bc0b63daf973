package org.visomaster.launcher.imports;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** Streams the entries of one archive; implementations check the archive's structure, not its paths. */
interface ArchiveReader extends Closeable {
    /** The next entry, or null at the end. A damaged archive is a {@link RefusedException}. */
    ArchiveEntry next() throws IOException, RefusedException;

    /** The content of the entry {@link #next} just returned (a FILE). Ends after exactly its size. */
    InputStream content() throws IOException, RefusedException;

    /** The sum of all entries' uncompressed sizes when the archive states it up front (zip), else -1. */
    default long declaredTotalSize() {
        return -1;
    }

    /** How many entries the archive says it has, when it states it up front (zip), else -1. */
    default long declaredEntries() {
        return -1;
    }
}
