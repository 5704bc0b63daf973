package org.visomaster.launcher.imports;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Sits between the decompressor and commons-compress' tar reader and bounds what the reader may take while it looks
 * for the next entry: the rest of the previous entry's data, plus at most {@link DecompressionLimits#MAX_TAR_HEADER_BYTES}
 * of headers. commons-compress reads a whole PAX ('x', 'g') or GNU long-name ('L', 'K') record into memory, however
 * long the header says it is; a 680 KB .tar.gz can declare a 700 MB one. Counting here needs no parsing of our own:
 * the reader's own idea of each entry's size sets the bound.
 */
final class TarHeaderLimit extends FilterInputStream {
    private static final int RECORD = 512;

    /** The reader asked for more header bytes than allowed. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("a tar header (PAX or GNU long name) is larger than " + DecompressionLimits.MAX_TAR_HEADER_BYTES
                    + " bytes");
        }
    }

    private long position;
    private long limit;

    TarHeaderLimit(InputStream in) {
        super(in);
        this.limit = DecompressionLimits.MAX_TAR_HEADER_BYTES;
    }

    /**
     * Called each time the reader returns an entry: {@code storedSize} is the size of its data in the archive, which
     * is read or skipped next (padded to whole 512-byte records), followed by the next entry's headers.
     */
    void entryReturned(long storedSize) {
        long padded = storedSize <= 0 ? 0 : ((storedSize + RECORD - 1) / RECORD) * RECORD;
        long next = position + padded + DecompressionLimits.MAX_TAR_HEADER_BYTES;
        limit = next < 0 ? Long.MAX_VALUE : next; // a size near Long.MAX_VALUE: the reader fails on it anyway
    }

    @Override
    public int read() throws IOException {
        check();
        int b = in.read();
        if (b >= 0) {
            position++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check();
        int n = in.read(b, off, (int) Math.min(len, limit - position));
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        check();
        long skipped = in.skip(Math.min(n, limit - position));
        position += Math.max(0, skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check() throws TooLarge {
        if (position >= limit) {
            throw new TooLarge();
        }
    }
}
