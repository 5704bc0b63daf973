package org.visomaster.launcher.workspace.imports;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.visomaster.launcher.workspace.imports.ArchiveEntry.Type;

/**
 * Reads tar streams: POSIX ustar, GNU long names ('L', 'K') and base-256 sizes, and pax extended headers
 * (path, linkpath, size), which is what GNU tar, bsdtar and Python's tarfile write.
 */
final class TarReader implements ArchiveReader {
    private static final int BLOCK = 512;
    private static final int MAX_META = 1 << 20;

    private final InputStream in;
    private final String archiveName;
    private BoundedInputStream current = new BoundedInputStream(InputStream.nullInputStream(), 0, "");
    private long padding;

    TarReader(InputStream in, String archiveName) {
        this.in = in;
        this.archiveName = archiveName;
    }

    @Override
    public ArchiveEntry next() throws IOException, RefusedException {
        skip(current.remaining() + padding);
        padding = 0;
        String longName = null;
        String longLink = null;
        Map<String, String> pax = new HashMap<>();
        while (true) {
            byte[] h = new byte[BLOCK];
            if (!readFully(h, true) || isZero(h)) {
                return null;
            }
            checkChecksum(h);
            char flag = (char) h[156];
            long size = number(h, 124, 12);
            if (flag == 'L' || flag == 'K' || flag == 'x' || flag == 'g') {
                if (size > MAX_META) {
                    throw damaged("a metadata record is implausibly large");
                }
                byte[] data = new byte[(int) size];
                readFully(data, false);
                skip(pad(size));
                if (flag == 'L') {
                    longName = cString(data, 0, data.length);
                } else if (flag == 'K') {
                    longLink = cString(data, 0, data.length);
                } else if (flag == 'x') {
                    parsePax(data, pax);
                }
                continue;
            }
            String name = longName != null ? longName : pax.getOrDefault("path", ustarName(h));
            String link = longLink != null ? longLink : pax.getOrDefault("linkpath", cString(h, 157, 100));
            if (pax.containsKey("size")) {
                size = parseLong(pax.get("size"));
            }
            int mode = (int) (number(h, 100, 8) & 07777);
            Type type = switch (flag) {
                case '0', '\0', '7' -> Type.FILE;
                case '5' -> Type.DIRECTORY;
                case '2' -> Type.SYMLINK;
                case '1' -> Type.HARDLINK;
                default -> Type.SPECIAL;
            };
            if (type == Type.FILE && name.endsWith("/")) {
                type = Type.DIRECTORY; // old tars mark directories only by the trailing slash
            }
            current = new BoundedInputStream(in, size, archiveName);
            padding = pad(size);
            boolean isLink = type == Type.SYMLINK || type == Type.HARDLINK;
            return new ArchiveEntry(name, type, type == Type.FILE ? size : 0, mode, isLink ? link : null);
        }
    }

    @Override
    public InputStream content() {
        return current;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private String ustarName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private void parsePax(byte[] data, Map<String, String> pax) throws RefusedException {
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int len = (int) parseLong(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            if (len <= 0 || pos + len > data.length || space >= pos + len) {
                throw damaged("a pax header is malformed");
            }
            String record = new String(data, space + 1, pos + len - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq > 0) {
                pax.put(record.substring(0, eq), record.substring(eq + 1));
            }
            pos += len;
        }
    }

    private void checkChecksum(byte[] h) throws RefusedException {
        long stored = number(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (sum != stored) {
            throw damaged("a header's checksum is wrong (is it really a tar file?)");
        }
    }

    /** Octal, NUL/space terminated, or GNU base-256 when the high bit of the first byte is set. */
    private long number(byte[] h, int off, int len) throws RefusedException {
        if ((h[off] & 0x80) != 0) {
            if ((h[off] & 0x40) != 0) {
                throw damaged("a header holds a negative number");
            }
            long v = h[off] & 0x3f;
            for (int i = 1; i < len; i++) {
                if (v >>> 55 != 0) {
                    throw damaged("a header holds a number too large");
                }
                v = (v << 8) | (h[off + i] & 0xff);
            }
            return v;
        }
        long v = 0;
        for (int i = off; i < off + len; i++) {
            byte c = h[i];
            if (c == 0 || (c == ' ' && v > 0)) {
                break;
            }
            if (c == ' ') {
                continue;
            }
            if (c < '0' || c > '7') {
                throw damaged("a header holds a malformed number");
            }
            v = (v << 3) | (c - '0');
        }
        return v;
    }

    private long parseLong(String s) throws RefusedException {
        try {
            long v = Long.parseLong(s.trim());
            if (v < 0) {
                throw damaged("a header holds a negative number");
            }
            return v;
        } catch (NumberFormatException e) {
            throw damaged("a header holds a malformed number");
        }
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long pad(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** False only when {@code eofAllowed} and the stream ended before the first byte. */
    private boolean readFully(byte[] b, boolean eofAllowed) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                if (off == 0 && eofAllowed) {
                    return false;
                }
                throw new EOFException(archiveName + " ends in the middle of an entry");
            }
            off += n;
        }
        return true;
    }

    private void skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new EOFException(archiveName + " ends in the middle of an entry");
            }
            n -= r;
        }
    }

    private RefusedException damaged(String what) {
        return new RefusedException(archiveName + " is damaged or not a tar archive: " + what
                + "; build it again with tar and drop it again.");
    }
}
