package org.visomaster.launcher.imports;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.visomaster.launcher.imports.ArchiveEntry.Type;

/**
 * The entries of a tar, tar.gz, tar.xz or tar.bz2 file through commons-compress: ustar, GNU (long names, sparse
 * files, base-256 sizes) and PAX, decompressed in-process. Only entry types are decided here; paths are checked
 * by {@link ExtractionTree}.
 */
final class TarEntries implements ArchiveReader {
    private final TarArchiveInputStream tar;
    private final TarHeaderLimit headerLimit;
    private final String archiveName;

    private TarEntries(TarHeaderLimit headerLimit, String archiveName) throws IOException {
        // names are UTF-8 (PAX headers always are); the JVM's default could be ASCII under LANG=C
        this.tar = new TarArchiveInputStream(headerLimit, StandardCharsets.UTF_8.name());
        this.headerLimit = headerLimit;
        this.archiveName = archiveName;
    }

    static TarEntries open(Path file, ArchiveFormat format, String archiveName) throws IOException, RefusedException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            InputStream data = switch (format) {
                case TAR -> raw;
                case TAR_GZ -> GzipCompressorInputStream.builder().setInputStream(raw)
                        .setDecompressConcatenated(true).get();
                case TAR_XZ -> DecompressionLimits.xz(raw, true);
                case TAR_BZ2 -> new BZip2CompressorInputStream(raw, true);
                case ZIP -> throw new IllegalArgumentException("not a tar format: " + format);
            };
            return new TarEntries(new TarHeaderLimit(data), archiveName);
        } catch (IOException e) {
            raw.close();
            throw new RefusedException(archiveName + " is damaged or not a " + format.name().toLowerCase()
                    .replace('_', '.') + " archive (" + DecompressionLimits.reason(e) + "); build it again and drop it again.", e);
        }
    }

    @Override
    public ArchiveEntry next() throws IOException, RefusedException {
        TarArchiveEntry e;
        try {
            e = tar.getNextEntry();
        } catch (IOException | IllegalArgumentException ex) {
            if (DecompressionLimits.headerTooLarge(ex)) {
                throw new RefusedException(archiveName + " was not extracted because one of its tar headers (a PAX"
                        + " or long-name record) is longer than " + DecompressionLimits.MAX_TAR_HEADER_BYTES / 1024
                        + " KiB, more than any real file name or attribute needs; nothing was written. Use an archive"
                        + " built from a plain folder.", ex);
            }
            throw new RefusedException(archiveName + " is damaged or not a tar archive ("
                    + DecompressionLimits.reason(ex) + "); build it again with tar and drop it again.", ex);
        }
        if (e == null) {
            return null;
        }
        headerLimit.entryReturned(e.getSize());
        Type type = typeOf(e);
        long size = type != Type.FILE ? 0 : e.isSparse() ? e.getRealSize() : e.getSize();
        boolean link = type == Type.SYMLINK || type == Type.HARDLINK;
        return new ArchiveEntry(e.getName(), type, size, e.getMode() & 07777, link ? e.getLinkName() : null);
    }

    private static Type typeOf(TarArchiveEntry e) {
        if (e.isDirectory()) {
            return Type.DIRECTORY;
        }
        if (e.isSymbolicLink()) {
            return Type.SYMLINK;
        }
        if (e.isLink()) {
            return Type.HARDLINK;
        }
        byte flag = e.getLinkFlag();
        boolean regular = flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM
                || flag == TarConstants.LF_CONTIG || flag == TarConstants.LF_GNUTYPE_SPARSE;
        // devices, fifos, and anything else (volume labels, multi-volume parts) never become files
        return regular ? Type.FILE : Type.SPECIAL;
    }

    /** The current entry's data (a sparse file with its holes filled); ends after exactly its size. */
    @Override
    public InputStream content() {
        return tar;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
