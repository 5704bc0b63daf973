package org.visomaster.launcher.imports;

import java.util.Locale;

/** Archive formats the launcher extracts (all in-process), recognised by file name. */
public enum ArchiveFormat {
    ZIP(".zip"),
    TAR(".tar"),
    TAR_GZ(".tar.gz", ".tgz"),
    TAR_XZ(".tar.xz", ".txz"),
    TAR_BZ2(".tar.bz2", ".tbz2", ".tbz");

    private final String[] suffixes;

    ArchiveFormat(String... suffixes) {
        this.suffixes = suffixes;
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
