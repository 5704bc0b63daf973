package org.visomaster.launcher.steps.models;

/**
 * One manifest entry as it stands on disk, for the {@code models} command and the window's model list.
 *
 * @param size the final file's size, or the part's size when PARTIAL, or -1 when there is no file
 */
public record ModelStatus(String name, String relativePath, String url, String expectedSha, long size, State state,
                          String detail) {

    public enum State {
        /** On disk and its hash matched (now, or earlier with the same size and mtime). */
        VERIFIED,
        /** Not on disk and no partial download. */
        MISSING,
        /** A {@code .part} from an interrupted download is waiting to be resumed. */
        PARTIAL,
        /** On disk but not checked since it appeared or changed (run with verify to hash it). */
        UNVERIFIED,
        /** On disk with the wrong hash (found by verify). */
        MISMATCH
    }
}
