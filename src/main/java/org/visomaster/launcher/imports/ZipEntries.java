package org.visomaster.launcher.imports;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.visomaster.launcher.imports.ArchiveEntry.Type;

/**
 * The entries of a zip file through commons-compress, from its central directory (zip64 included): unix modes and
 * symlinks of zips made on Unix, names flagged UTF-8 or carrying a Unicode extra field as such, other names as
 * UTF-8 when their bytes are valid UTF-8 and as CP437 (what Windows tools write) otherwise. Every entry's size and
 * CRC-32 are checked while it is read, symlink targets included (read through the same check, at most
 * {@link DecompressionLimits#MAX_LINK_TARGET_BYTES}). Only the methods commons-compress reads without further jars
 * are accepted: stored, deflate, deflate64, bzip2 and xz (the last with {@link DecompressionLimits}' memory limit).
 */
final class ZipEntries implements ArchiveReader {
    /** Windows' zip encoding; in the JDK's jdk.charsets module, which the packaged runtime includes. */
    private static final Charset CP437 = Charset.isSupported("IBM437") ? Charset.forName("IBM437") : null;
    private static final int DOS_DIRECTORY = 0x10;
    /** Zstandard (93) needs zstd-jni, which the launcher does not ship; shrink and implode are from the 1980s. */
    private static final Set<Integer> READABLE_METHODS = Set.of(ZipMethod.STORED.getCode(),
            ZipMethod.DEFLATED.getCode(), ZipMethod.ENHANCED_DEFLATED.getCode(), ZipMethod.BZIP2.getCode(),
            ZipMethod.XZ.getCode());

    private final ZipFile zip;
    private final String archiveName;
    private final Enumeration<ZipArchiveEntry> entries;
    private ZipArchiveEntry current;
    private InputStream open;

    private ZipEntries(ZipFile zip, String archiveName) {
        this.zip = zip;
        this.archiveName = archiveName;
        this.entries = zip.getEntries();
    }

    static ZipEntries open(Path file, String archiveName) throws IOException, RefusedException {
        try {
            return new ZipEntries(ZipFile.builder().setPath(file).setCharset(StandardCharsets.UTF_8)
                    .setUseUnicodeExtraFields(true).get(), archiveName);
        } catch (IOException | RuntimeException e) {
            throw new RefusedException(archiveName + " is damaged or not a zip archive (" + e.getMessage()
                    + "); build it again and drop it again.", e);
        }
    }

    @Override
    public long declaredTotalSize() {
        return Collections.list(zip.getEntries()).stream().filter(e -> !e.isDirectory())
                .mapToLong(ZipArchiveEntry::getSize).sum();
    }

    @Override
    public long declaredEntries() {
        return Collections.list(zip.getEntries()).size();
    }

    @Override
    public ArchiveEntry next() throws IOException, RefusedException {
        closeOpen();
        if (!entries.hasMoreElements()) {
            current = null;
            return null;
        }
        current = entries.nextElement();
        String name = name(current).replace('\\', '/');
        int mode = current.getUnixMode();
        int mask = mode & 07777;
        if (current.isUnixSymlink()) {
            return new ArchiveEntry(name, Type.SYMLINK, 0, mask, linkTarget(name));
        }
        if (current.isDirectory() || (current.getExternalAttributes() & DOS_DIRECTORY) != 0
                || (mode & UnixStat.FILE_TYPE_FLAG) == UnixStat.DIR_FLAG) {
            return new ArchiveEntry(name, Type.DIRECTORY, 0, mask, null);
        }
        int fileType = mode & UnixStat.FILE_TYPE_FLAG;
        if (fileType != 0 && fileType != UnixStat.FILE_FLAG) {
            return new ArchiveEntry(name, Type.SPECIAL, 0, mask, null);
        }
        return new ArchiveEntry(name, Type.FILE, current.getSize(), mask, null);
    }

    @Override
    public InputStream content() throws IOException, RefusedException {
        checkReadable();
        closeOpen();
        InputStream data;
        try {
            data = current.getMethod() == ZipMethod.XZ.getCode()
                    ? DecompressionLimits.xz(zip.getRawInputStream(current), false) : zip.getInputStream(current);
        } catch (LinkageError e) { // a codec whose optional jar is missing: refused, never thrown at the caller
            throw cannotRead(e);
        }
        open = new CheckedContent(data, current.getSize(), current.getCrc(), archiveName + ": " + current.getName());
        return open;
    }

    /**
     * A symlink's target is the entry's content: read through the size and CRC check, and never more than a
     * target can be long, whatever the entry inflates to.
     */
    private String linkTarget(String name) throws IOException, RefusedException {
        if (current.getSize() > DecompressionLimits.MAX_LINK_TARGET_BYTES) {
            throw tooLongLink(name);
        }
        byte[] target;
        try (InputStream in = content()) {
            target = in.readNBytes(DecompressionLimits.MAX_LINK_TARGET_BYTES + 1);
        } finally {
            open = null;
        }
        if (target.length > DecompressionLimits.MAX_LINK_TARGET_BYTES) {
            throw tooLongLink(name);
        }
        return decode(target);
    }

    private RefusedException tooLongLink(String name) {
        return new RefusedException(archiveName + " was not extracted because it has a symlink " + name
                + " whose target is longer than " + DecompressionLimits.MAX_LINK_TARGET_BYTES + " bytes; nothing was"
                + " written. Use an archive built from a plain folder.");
    }

    @Override
    public void close() throws IOException {
        try {
            closeOpen();
        } finally {
            zip.close();
        }
    }

    /** Ends the previous entry's stream, and with it its Inflater's native memory. */
    private void closeOpen() throws IOException {
        if (open != null) {
            open.close();
            open = null;
        }
    }

    private void checkReadable() throws RefusedException {
        if (current.getGeneralPurposeBit().usesEncryption()) {
            throw new RefusedException(archiveName + " is encrypted; drop an archive without a password.");
        }
        if (!READABLE_METHODS.contains(current.getMethod()) || !zip.canReadEntryData(current)) {
            throw cannotRead(null);
        }
    }

    private RefusedException cannotRead(Throwable cause) {
        return new RefusedException(archiveName + " uses zip compression method " + current.getMethod()
                + ", which the launcher cannot read; repack it with plain zip (deflate) or as .tar.gz.", cause);
    }

    private static String name(ZipArchiveEntry e) {
        if (e.getNameSource() != ZipArchiveEntry.NameSource.NAME || CP437 == null) {
            return e.getName();
        }
        return decode(e.getRawName());
    }

    /** UTF-8 when the bytes are valid UTF-8, else CP437. */
    private static String decode(byte[] raw) {
        if (CP437 == null) {
            return new String(raw, StandardCharsets.UTF_8);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(raw, CP437);
        }
    }

    /** Fails when the content is longer or shorter than declared or its CRC-32 differs (a zip bomb or damage). */
    private static final class CheckedContent extends FilterInputStream {
        private final long expectedSize;
        private final long expectedCrc;
        private final String what;
        private final CRC32 crc = new CRC32();
        private long seen;

        CheckedContent(InputStream in, long expectedSize, long expectedCrc, String what) {
            super(in);
            this.expectedSize = expectedSize;
            this.expectedCrc = expectedCrc;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                seen += n;
                crc.update(b, off, n);
                if (seen > expectedSize) {
                    throw new IOException(what + " is larger than the archive declares");
                }
            } else if (n < 0 && (seen != expectedSize || crc.getValue() != expectedCrc)) {
                throw new IOException(what + " is damaged (its size or CRC-32 does not match)");
            }
            return n;
        }
    }
}
