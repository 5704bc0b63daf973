package org.visomaster.launcher.frontend.upload;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes chunks to a file on its own thread, so that reading the next chunk from the socket overlaps writing the
 * last one to disk (on a small box this is what lets an upload keep pace with {@code cp}). A fixed set of buffers
 * circulates between the reader and the writer, so memory stays bounded whatever the file size. Every
 * {@link #SYNC_EVERY} bytes it starts an fdatasync on a third thread (writing goes on meanwhile), which keeps the
 * final fsync short.
 */
final class ChunkWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkWriter.class);
    static final int BUFFERS = 8;
    static final long SYNC_EVERY = 128L << 20;

    private record Chunk(byte[] buf, int len) {
    }

    private static final Chunk END = new Chunk(new byte[0], -1);

    private final FileChannel ch;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final ExecutorService pool;
    private final Future<?> task;
    private volatile Future<?> syncing;
    private volatile IOException failure;
    private boolean ended;

    ChunkWriter(FileChannel ch, ExecutorService pool, int bufferSize) {
        this.ch = ch;
        this.pool = pool;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[bufferSize]);
        }
        this.task = pool.submit(this::drain);
    }

    /** An empty buffer to fill; waits while all are queued for writing. */
    byte[] buffer() throws IOException {
        rethrow();
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    /** Queues {@code len} bytes of {@code buf} (a buffer from {@link #buffer()}) for writing. */
    void write(byte[] buf, int len) throws IOException {
        rethrow();
        put(new Chunk(buf, len));
    }

    /** Waits for every queued chunk, then fsyncs. Throws the writer's failure, if any. */
    void finish() throws IOException {
        end();
        await();
        rethrow();
        ch.force(true);
        rethrow();
    }

    /** Stops writing (what was queued may or may not be written) and waits for the writer thread. */
    @Override
    public void close() {
        full.clear();
        end();
        try {
            await();
        } catch (IOException e) {
            LOG.debug("closing after a failure: the caller already has the reason", e);
        }
    }

    private void drain() {
        long sinceSync = 0;
        try {
            while (true) {
                Chunk c = full.take();
                if (c == END) {
                    return;
                }
                ByteBuffer bb = ByteBuffer.wrap(c.buf(), 0, c.len());
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
                sinceSync += c.len();
                if (sinceSync >= SYNC_EVERY && (syncing == null || syncing.isDone())) {
                    syncing = pool.submit(this::syncQuietly);
                    sinceSync = 0;
                }
                free.put(c.buf());
            }
        } catch (IOException e) {
            failure = e;
            free.offer(new byte[0]); // wake a reader waiting for a buffer; rethrow() then reports the failure
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void syncQuietly() {
        try {
            ch.force(false);
        } catch (IOException e) {
            failure = e;
        }
    }

    private void end() {
        if (!ended) {
            ended = true;
            put(END);
        }
    }

    private void put(Chunk c) {
        // the queue has room for every buffer plus END, so this never blocks
        if (!full.offer(c)) {
            throw new IllegalStateException("chunk queue overflow");
        }
    }

    private void await() throws IOException {
        try {
            task.get();
            if (syncing != null) {
                syncing.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    private void rethrow() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw f;
        }
    }
}
