package org.visomaster.launcher.infra.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** A .tar.gz or .zip being written entry by entry; closing it finishes the archive and syncs it to the disk. */
final class BundleArchive<E extends ArchiveEntry> implements AutoCloseable {
    /** A plain file's entry: its name, size, time and mode 0644. */
    private interface EntryMaker<E> {
        E make(String name, long size, FileTime modified);
    }

    private final Path path;
    private final ArchiveOutputStream<E> out;
    private final EntryMaker<E> entries;

    private BundleArchive(Path path, ArchiveOutputStream<E> out, EntryMaker<E> entries) {
        this.path = path;
        this.out = out;
        this.entries = entries;
    }

    static BundleArchive<?> create(Path path, boolean zip) throws IOException {
        OutputStream buffered = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        if (zip) {
            return new BundleArchive<>(path, new ZipArchiveOutputStream(buffered), (name, size, modified) -> {
                ZipArchiveEntry e = new ZipArchiveEntry(name);
                e.setSize(size);
                e.setLastModifiedTime(modified);
                e.setUnixMode(0100644);
                return e;
            });
        }
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(buffered));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        return new BundleArchive<>(path, tar, (name, size, modified) -> {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(size);
            e.setModTime(modified);
            e.setMode(0644);
            return e;
        });
    }

    void add(String name, byte[] content, Instant modified) throws IOException {
        out.putArchiveEntry(entries.make(name, content.length, FileTime.from(modified)));
        out.write(content);
        out.closeArchiveEntry();
    }

    @Override
    public void close() throws IOException {
        out.finish();
        out.close();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
