package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.locks.ReentrantLock;
import org.visomaster.launcher.infra.util.Sha256;

/**
 * The SHA-256 of a segmented part's contiguous prefix, kept as segments complete: the connection writing at the
 * frontier hashes its buffers straight from memory, and whoever finds finished segments beyond it reads them back
 * from the page cache. Never blocks a connection: a busy frontier is caught up later. Measured against hashing the
 * whole file once after the last byte (docs/engine-models.md): faster, since the hashing overlaps the download.
 */
final class HashFrontier {
    private final MessageDigest digest;
    private final FileChannel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private long position;

    /** {@code digest} covers the part's first {@code position} bytes. */
    HashFrontier(MessageDigest digest, long position, FileChannel channel) {
        this.digest = digest;
        this.position = position;
        this.channel = channel;
    }

    /** {@code len} bytes were just written at {@code at}: hashed now if they extend the frontier. */
    void offer(long at, byte[] buf, int len) {
        if (lock.tryLock()) {
            try {
                if (at == position) {
                    digest.update(buf, 0, len);
                    position += len;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** The part's bytes are contiguous up to {@code upTo}: hashes what is not yet, unless another thread is. */
    void catchUp(long upTo) throws IOException {
        if (lock.tryLock()) {
            try {
                readUpTo(upTo);
            } finally {
                lock.unlock();
            }
        }
    }

    /** Hashes the rest up to {@code size} (waiting for any catch-up in progress); returns the hex digest. */
    String finish(long size) throws IOException {
        lock.lock();
        try {
            readUpTo(size);
            return Sha256.hex(digest);
        } finally {
            lock.unlock();
        }
    }

    private void readUpTo(long upTo) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(FileHasher.BUFFER_SIZE);
        while (position < upTo) {
            b.clear().limit((int) Math.min(b.capacity(), upTo - position));
            int n = channel.read(b, position);
            if (n < 0) {
                throw new IOException("the part is shorter than its segment map says");
            }
            digest.update(b.array(), 0, n);
            position += n;
        }
    }
}
