package org.visomaster.launcher.workspace.imports;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.visomaster.launcher.workspace.imports.ArchiveEntry.Type;

/**
 * Reads zip files from their central directory (zip64 included). Written here rather than using
 * java.util.zip.ZipFile because that hides the unix mode bits (executables, symlinks) and rejects names that are
 * not valid UTF-8.
 */
final class ZipReader implements ArchiveReader {
    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CEN = 0x02014b50;
    private static final int LOC = 0x04034b50;
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFREG = 0100000;

    private record Cen(ArchiveEntry entry, int method, int flags, long crc, long compressedSize, long size, long offset) {
    }

    private final FileChannel ch;
    private final String archiveName;
    private final List<Cen> entries = new ArrayList<>();
    private int index = -1;

    ZipReader(Path file, String archiveName) throws IOException, RefusedException {
        this.ch = FileChannel.open(file, StandardOpenOption.READ);
        this.archiveName = archiveName;
        try {
            readCentralDirectory();
        } catch (RuntimeException e) {
            ch.close();
            throw damaged("its directory is malformed");
        } catch (IOException | RefusedException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public long declaredTotalSize() {
        return entries.stream().mapToLong(c -> c.entry().size()).sum();
    }

    @Override
    public ArchiveEntry next() throws IOException, RefusedException {
        index++;
        if (index >= entries.size()) {
            return null;
        }
        Cen c = entries.get(index);
        if (c.entry().type() != Type.SYMLINK) {
            return c.entry();
        }
        byte[] target = contentOf(c).readNBytes(4096); // a zip symlink's target is its content
        ArchiveEntry e = c.entry();
        return new ArchiveEntry(e.name(), Type.SYMLINK, 0, e.mode(), new String(target, StandardCharsets.UTF_8));
    }

    @Override
    public InputStream content() throws IOException, RefusedException {
        return contentOf(entries.get(index));
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }

    private void readCentralDirectory() throws IOException, RefusedException {
        long size = ch.size();
        int tail = (int) Math.min(size, 22 + 65535);
        ByteBuffer end = read(size - tail, tail);
        int eocd = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (end.getInt(i) == EOCD) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw damaged("it has no zip directory");
        }
        long count = end.getShort(eocd + 10) & 0xffff;
        long cdSize = end.getInt(eocd + 12) & 0xffffffffL;
        long cdOffset = end.getInt(eocd + 16) & 0xffffffffL;
        long eocdPos = size - tail + eocd;
        if (eocdPos >= 20 && read(eocdPos - 20, 4).getInt(0) == ZIP64_LOCATOR) {
            ByteBuffer z = read(read(eocdPos - 20, 20).getLong(8), 56);
            if (z.getInt(0) != ZIP64_EOCD) {
                throw damaged("its zip64 directory is missing");
            }
            count = z.getLong(32);
            cdSize = z.getLong(40);
            cdOffset = z.getLong(48);
        }
        if (cdSize > Integer.MAX_VALUE || cdOffset + cdSize > size || count > cdSize / 46) {
            throw damaged("its directory does not fit in the file");
        }
        ByteBuffer cd = read(cdOffset, (int) cdSize);
        int p = 0;
        for (long i = 0; i < count; i++) {
            if (cd.getInt(p) != CEN) {
                throw damaged("its directory is malformed");
            }
            int madeBy = cd.getShort(p + 4) >> 8 & 0xff;
            int flags = cd.getShort(p + 8) & 0xffff;
            int method = cd.getShort(p + 10) & 0xffff;
            long crc = cd.getInt(p + 16) & 0xffffffffL;
            long csize = cd.getInt(p + 20) & 0xffffffffL;
            long usize = cd.getInt(p + 24) & 0xffffffffL;
            int nameLen = cd.getShort(p + 28) & 0xffff;
            int extraLen = cd.getShort(p + 30) & 0xffff;
            int commentLen = cd.getShort(p + 32) & 0xffff;
            long external = cd.getInt(p + 38) & 0xffffffffL;
            long offset = cd.getInt(p + 42) & 0xffffffffL;
            byte[] nameBytes = new byte[nameLen];
            cd.get(p + 46, nameBytes);
            // zip64 extra field: the 8-byte values present are those whose 4-byte field is 0xFFFFFFFF, in order
            int x = p + 46 + nameLen;
            while (x + 4 <= p + 46 + nameLen + extraLen) {
                int id = cd.getShort(x) & 0xffff;
                int len = cd.getShort(x + 2) & 0xffff;
                if (id == 1) {
                    int v = x + 4;
                    if (usize == 0xffffffffL) { usize = cd.getLong(v); v += 8; }
                    if (csize == 0xffffffffL) { csize = cd.getLong(v); v += 8; }
                    if (offset == 0xffffffffL) { offset = cd.getLong(v); }
                }
                x += 4 + len;
            }
            String name = new String(nameBytes, StandardCharsets.UTF_8).replace('\\', '/');
            int unixMode = madeBy == 3 ? (int) (external >>> 16) : 0;
            Type type = switch (unixMode & S_IFMT) {
                case S_IFLNK -> Type.SYMLINK;
                case S_IFDIR -> Type.DIRECTORY;
                case S_IFREG, 0 -> name.endsWith("/") || (external & 0x10) != 0 ? Type.DIRECTORY : Type.FILE;
                default -> Type.SPECIAL;
            };
            long entrySize = type == Type.FILE ? usize : 0;
            entries.add(new Cen(new ArchiveEntry(name, type, entrySize, unixMode & 07777, null),
                    method, flags, crc, csize, usize, offset));
            p += 46 + nameLen + extraLen + commentLen;
        }
    }

    private InputStream contentOf(Cen c) throws IOException, RefusedException {
        if ((c.flags() & 1) != 0) {
            throw new RefusedException(archiveName + " is encrypted; drop an archive without a password.");
        }
        if (c.method() != 0 && c.method() != 8) {
            throw new RefusedException(archiveName + " uses zip compression method " + c.method()
                    + ", which the launcher cannot read; repack it with plain zip (deflate) or as .tar.gz.");
        }
        ByteBuffer loc = read(c.offset(), 30);
        if (loc.getInt(0) != LOC) {
            throw damaged("an entry's header is missing");
        }
        long dataStart = c.offset() + 30 + (loc.getShort(26) & 0xffff) + (loc.getShort(28) & 0xffff);
        if (dataStart + c.compressedSize() > ch.size()) {
            throw damaged("an entry runs past the end of the file");
        }
        InputStream raw = new BufferedInputStream(Channels.newInputStream(ch.position(dataStart)), 65536);
        InputStream bounded = new BoundedInputStream(raw, c.compressedSize(), archiveName);
        InputStream data = c.method() == 0 ? bounded : new InflaterInputStream(bounded, new Inflater(true), 65536);
        return new CheckedStream(data, c.size(), c.crc(), archiveName + ": " + c.entry().name());
    }

    private ByteBuffer read(long pos, int len) throws IOException, RefusedException {
        if (pos < 0 || pos + len > ch.size()) {
            throw damaged("it points outside itself");
        }
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw damaged("it ends early");
            }
        }
        return b.flip();
    }

    private RefusedException damaged(String what) {
        return new RefusedException(archiveName + " is damaged or not a zip archive (" + what
                + "); build it again and drop it again.");
    }

    /** Fails when the content is longer or shorter than declared or its CRC-32 differs (a zip bomb or damage). */
    private static final class CheckedStream extends InputStream {
        private final InputStream in;
        private final long expectedSize;
        private final long expectedCrc;
        private final String what;
        private final CRC32 crc = new CRC32();
        private long seen;

        CheckedStream(InputStream in, long expectedSize, long expectedCrc, String what) {
            this.in = in;
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
                throw new IOException(what + " is damaged (size or CRC does not match)");
            }
            return n;
        }
    }
}
