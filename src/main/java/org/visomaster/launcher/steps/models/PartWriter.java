package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code .part} file being written, and the running SHA-256 of its bytes: each buffer goes to the file first and
 * into the digest only once written, so the digest covers exactly the bytes the part has.
 *
 * <p>Every {@link #FLUSH_EVERY} bytes it asks another thread to fsync what was written so far. Without that the
 * kernel keeps gigabytes dirty and the final fsync waits for the whole file's write-back; with a flush on the
 * download thread itself, the download stalls while the disk catches up. Flushed off-thread, the write-back overlaps
 * the download and the download never waits for the disk until {@link #finish}. One flush per file at a time; a
 * flush that fails makes the next write (or {@link #finish}) fail.
 */
final class PartWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartWriter.class);
    static final long FLUSH_EVERY = 16L << 20;

    private final FileChannel channel;
    private final MessageDigest digest;
    private final Executor flusher;
    private long position;
    private long unflushed;
    private CompletableFuture<Void> flushing = CompletableFuture.completedFuture(null);
    private volatile IOException flushError;

    private PartWriter(FileChannel channel, long position, MessageDigest digest, Executor flusher) {
        this.channel = channel;
        this.position = position;
        this.digest = digest;
        this.flusher = flusher;
    }

    /** Opens {@code part} cut to {@code offset} bytes; {@code digest} must already cover those bytes. */
    static PartWriter open(Path part, long offset, MessageDigest digest, Executor flusher) throws IOException {
        FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            ch.truncate(offset);
            ch.position(offset);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new PartWriter(ch, offset, digest, flusher);
    }

    /** Appends {@code len} bytes; on an exception the part may hold some of them and the digest none. */
    void write(byte[] buf, int off, int len) throws IOException {
        throwIfFlushFailed();
        ByteBuffer bb = ByteBuffer.wrap(buf, off, len);
        while (bb.hasRemaining()) {
            channel.write(bb);
        }
        digest.update(buf, off, len);
        position += len;
        unflushed += len;
        if (unflushed >= FLUSH_EVERY && flushing.isDone()) {
            unflushed = 0;
            try {
                flushing = CompletableFuture.runAsync(this::flushQuietly, flusher);
            } catch (RejectedExecutionException e) {
                LOG.debug("the flusher is shut down; flushing on this thread", e);
                flushQuietly();
            }
        }
    }

    /** The part's size: the offset it was opened at plus the bytes written since. */
    long position() {
        return position;
    }

    /** Waits for a flush in progress, then forces everything written (data and size) to the disk. */
    void finish() throws IOException {
        flushing.join();
        throwIfFlushFailed();
        channel.force(true);
        unflushed = 0;
    }

    private void flushQuietly() {
        try {
            channel.force(false);
        } catch (IOException e) {
            flushError = e;
        }
    }

    private void throwIfFlushFailed() throws IOException {
        IOException e = flushError;
        if (e != null) {
            throw new IOException("flushing to the disk failed: " + e.getMessage(), e);
        }
    }

    /** Closes the file, after any flush in progress (whose error is then ignored: the caller is giving up). */
    @Override
    public void close() throws IOException {
        flushing.join();
        channel.close();
    }
}
