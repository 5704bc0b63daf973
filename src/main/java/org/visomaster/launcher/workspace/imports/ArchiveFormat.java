package org.visomaster.launcher.workspace.imports;

import java.util.Locale;

/** Archive formats the launcher extracts, recognised by file name. */
public enum ArchiveFormat {
    ZIP(null, ".zip"),
    TAR(null, ".tar"),
    TAR_GZ(null, ".tar.gz", ".tgz"),
    /** Decompressed by the system's {@code xz} (xz-utils), then read as tar. */
    TAR_XZ("xz", ".tar.xz", ".txz"),
    /** Decompressed by the system's {@code bzip2}, then read as tar. */
    TAR_BZ2("bzip2", ".tar.bz2", ".tbz2", ".tbz");

    private final String decompressor;
    private final String[] suffixes;

    ArchiveFormat(String decompressor, String... suffixes) {
        this.decompressor = decompressor;
        this.suffixes = suffixes;
    }

    /** The external program that decompresses this format, or null when the JDK can. */
    public String decompressor() {
        return decompressor;
    }

    /** The format a file name says, or null when it is not an archive the launcher extracts. */
    public static ArchiveFormat of(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        for (ArchiveFormat f : values()) {
            for (String s : f.suffixes) {
                if (n.endsWith(s) && n.length() > s.length()) {
                    return f;
                }
            }
        }
        return null;
    }
}
