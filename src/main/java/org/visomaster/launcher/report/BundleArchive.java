package org.visomaster.launcher.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** A .tar.gz or .zip being written entry by entry; closing it finishes the archive and syncs it to the disk. */
abstract class BundleArchive implements AutoCloseable {
    private final Path path;

    private BundleArchive(Path path) {
        this.path = path;
    }

    static BundleArchive create(Path path, boolean zip) throws IOException {
        OutputStream buffered = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        return zip ? new Zip(path, new ZipArchiveOutputStream(buffered)) : new Tar(path,
                new TarArchiveOutputStream(new GzipCompressorOutputStream(buffered)));
    }

    abstract void add(String name, byte[] content, Instant modified) throws IOException;

    /** Writes the archive's end and closes it. */
    abstract void finish() throws IOException;

    @Override
    public void close() throws IOException {
        finish();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static final class Tar extends BundleArchive {
        private final TarArchiveOutputStream out;

        Tar(Path path, TarArchiveOutputStream out) {
            super(path);
            this.out = out;
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        @Override
        void add(String name, byte[] content, Instant modified) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(content.length);
            e.setMode(0644);
            e.setModTime(FileTime.from(modified));
            out.putArchiveEntry(e);
            out.write(content);
            out.closeArchiveEntry();
        }

        @Override
        void finish() throws IOException {
            out.finish();
            out.close();
        }
    }

    private static final class Zip extends BundleArchive {
        private final ZipArchiveOutputStream out;

        Zip(Path path, ZipArchiveOutputStream out) {
            super(path);
            this.out = out;
        }

        @Override
        void add(String name, byte[] content, Instant modified) throws IOException {
            ZipArchiveEntry e = new ZipArchiveEntry(name);
            e.setSize(content.length);
            e.setLastModifiedTime(FileTime.from(modified));
            e.setUnixMode(0100644);
            out.putArchiveEntry(e);
            out.write(content);
            out.closeArchiveEntry();
        }

        @Override
        void finish() throws IOException {
            out.finish();
            out.close();
        }
    }
}
