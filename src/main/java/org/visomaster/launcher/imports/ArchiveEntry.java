package org.visomaster.launcher.imports;

/**
 * One entry as an archive declares it, before any checks.
 *
 * @param name       the path inside the archive: UTF-8 where the archive says so or the bytes are valid UTF-8,
 *                   else (zip only) CP437, the encoding of zips made on Windows
 * @param size       bytes of content for files (a sparse file's full size); 0 otherwise
 * @param mode       unix permission bits (0 when the archive has none)
 * @param linkTarget what a symlink points to, or the archive path a hardlink copies; null otherwise
 */
record ArchiveEntry(String name, Type type, long size, int mode, String linkTarget) {
    enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, SPECIAL }
}
