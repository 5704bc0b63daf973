package org.visomaster.launcher.workspace.imports;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Reads at most {@code limit} bytes of another stream; an early end is an error ("the archive is cut short"). */
final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private final String what;
    private long remaining;

    BoundedInputStream(InputStream in, long limit, String what) {
        this.in = in;
        this.remaining = limit;
        this.what = what;
    }

    long remaining() {
        return remaining;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException(what + " ends early");
        }
        remaining -= n;
        return n;
    }

    /** Nothing to release: the underlying stream belongs to the archive reader. */
    @Override
    public void close() {
    }
}
