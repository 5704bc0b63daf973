package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent.ModelState;
import org.visomaster.launcher.infra.util.Sha256;
import org.visomaster.launcher.steps.models.FileDownload.Outcome;
import org.visomaster.launcher.steps.models.SegmentMap.Segment;

/**
 * One file over several Range connections. The calling thread coordinates: it opens a connection for every segment
 * that is ready while the {@link ConnectionLimits} allow, and returns when every byte is on disk (then the part is cut
 * to the file and hashed), when a segment gave up, or when the server's Range answers cannot be trusted. Each
 * connection writes its bytes at their place in the part, then counts them in the {@link SegmentMap}, whose trailer
 * is rewritten at most every {@link #PERSIST_EVERY_NANOS} and at each segment's end. Every request goes to the
 * manifest's URL, so a signed URL it redirects to is fresh for each segment and each retry.
 */
final class SegmentedTransfer {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final long PERSIST_EVERY_NANOS = 200_000_000L;
    private static final long COORDINATOR_TICK_NANOS = 250_000_000L;

    private final DownloadManager.Shared shared;
    private final ModelEntry entry;
    private final String host;
    private final Path part;
    private final SegmentMap map;
    private final SpaceGuard space;
    private final DownloadListener listener;
    private final Cancellation cancellation;
    private final AtomicLong received;
    private final FileDownload owner;

    private final Set<Call> calls = ConcurrentHashMap.newKeySet();
    private final AtomicInteger running = new AtomicInteger();
    private final Object persistLock = new Object();
    private volatile Outcome stop;
    private volatile IOException localError;
    private volatile long lastPersist;
    private FileChannel channel;
    private HashFrontier frontier;
    private final AtomicLong unflushed = new AtomicLong();
    private final AtomicLong reported = new AtomicLong();
    private CompletableFuture<Void> flushing = CompletableFuture.completedFuture(null);

    SegmentedTransfer(DownloadManager.Shared shared, ModelEntry entry, String host, Path part, SegmentMap map,
                      SpaceGuard space, DownloadListener listener, Cancellation cancellation, AtomicLong received,
                      FileDownload owner) {
        this.shared = shared;
        this.entry = entry;
        this.host = host;
        this.part = part;
        this.map = map;
        this.space = space;
        this.listener = listener;
        this.cancellation = cancellation;
        this.received = received;
        this.owner = owner;
    }

    /**
     * @param first  the open response of the first request (its body starts at {@code have}), or null on a resume
     * @param prefix a digest of the part's first {@code have} bytes, or null
     */
    Outcome run(Response first, ConnectionLimits.Permit permit, long have, MessageDigest prefix)
            throws IOException, Cancellation.CancelledException {
        channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        AutoCloseable reg = cancellation.onCancel(this::cancelCalls);
        try {
            if (channel.size() < map.size()) {
                persist(true); // a new plan: the trailer goes after the (sparse) file bytes
            }
            if (shared.settings().hashInOrder()) {
                frontier = prefix != null ? new HashFrontier(prefix, have, channel)
                        : new HashFrontier(Sha256.newDigest(), 0, channel);
            }
            listener.state(entry, ModelState.DOWNLOADING, "over up to " + shared.limits().perServer()
                    + " connections" + (map.doneBytes() > 0 ? ", resuming at " + map.doneBytes() + " bytes" : ""));
            listener.position(entry, map.doneBytes(), map.size());
            if (first != null) {
                Segment s = map.claimAt(have);
                if (s != null) {
                    start(s, first, permit);
                }
            }
            coordinate();
            waitForConnections();
            if (!map.complete()) {
                persist(true); // what the connections wrote last, for the next run
            }
            cancellation.throwIfCancelled();
            if (localError != null) {
                throw localError;
            }
            if (stop != null) {
                return stop;
            }
            return finish();
        } finally {
            FileDownload.closeQuietly(reg);
            flushing.join();
            channel.close();
        }
    }

    private void coordinate() throws Cancellation.CancelledException {
        while (true) {
            long seen = shared.limits().version();
            if (cancellation.isCancelled() || stop != null || localError != null) {
                cancelCalls();
                return;
            }
            String down = shared.health().downSentence();
            if (down != null) {
                stop = Outcome.fatal(down);
                continue;
            }
            if (map.complete()) {
                return;
            }
            long now = System.nanoTime();
            while (running.get() < shared.limits().perServer() && map.nanosUntilReady(now) == 0) {
                ConnectionLimits.Permit p = shared.limits().tryAcquire(host);
                if (p == null) {
                    break;
                }
                Segment s = map.claimReady(now);
                if (s == null) {
                    p.close();
                    break;
                }
                start(s, null, p);
            }
            long wait = COORDINATOR_TICK_NANOS;
            long ready = map.nanosUntilReady(now);
            if (running.get() == 0 && ready > 0) {
                wait = Math.min(wait, ready);
            }
            try {
                shared.limits().awaitChange(seen, wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancellation.cancel();
                throw new Cancellation.CancelledException();
            }
        }
    }

    private void start(Segment s, Response first, ConnectionLimits.Permit permit) {
        running.incrementAndGet();
        try {
            shared.workers().execute(() -> work(s, first, permit));
        } catch (RejectedExecutionException e) {
            running.decrementAndGet();
            map.release(s);
            permit.close();
            if (first != null) {
                first.close();
            }
            stop = Outcome.retry("the download was shut down", false, false);
        }
    }

    private void waitForConnections() {
        long seen;
        while (running.get() > 0) {
            seen = shared.limits().version();
            if (running.get() == 0) {
                return;
            }
            try {
                shared.limits().awaitChange(seen, COORDINATOR_TICK_NANOS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancelCalls();
            }
        }
    }

    private void cancelCalls() {
        calls.forEach(Call::cancel);
        owner.cancelFirstCall();
        shared.limits().poke();
    }

    /** One connection: fetches its segment, then the next ready one, until none is left or something stops it. */
    private void work(Segment first, Response firstResponse, ConnectionLimits.Permit permit) {
        Segment s = first;
        Response resp = firstResponse;
        try {
            while (s != null && stop == null && localError == null && !cancellation.isCancelled()) {
                Outcome o = fetch(s, resp);
                resp = null;
                if (o == null) {
                    s.failuresInARow = 0;
                    s = map.claimReady(System.nanoTime());
                    continue;
                }
                if (o.kind() == FileDownload.Kind.RETRY) {
                    s.failuresInARow = o.progressed() ? 1 : s.failuresInARow + 1;
                    if (o.restart()) {
                        continue; // an expired signed URL: ask again at once, same connection
                    }
                    if (s.failuresInARow >= shared.settings().maxAttempts()) {
                        stop = Outcome.fatal(DownloadFailures.gaveUp(entry, s.failuresInARow, o.message()));
                    } else {
                        s.notBeforeNanos = System.nanoTime() + owner.backoff(s.failuresInARow).toNanos();
                        listener.state(entry, ModelState.DOWNLOADING, "bytes " + s.position() + "–" + s.end + ": "
                                + o.message() + "; retrying that segment");
                    }
                } else {
                    stop = o;
                }
                map.release(s);
                s = null;
            }
            if (s != null) {
                map.release(s);
            }
        } catch (IOException e) {
            localError = e instanceof SpaceGuard.NoSpaceException ? e : new FileDownload.LocalFileException(e);
            if (s != null) {
                map.release(s);
            }
        } catch (UncheckedIOException e) {
            IOException cause = e.getCause();
            localError = cause instanceof SpaceGuard.NoSpaceException ? cause
                    : new FileDownload.LocalFileException(cause);
            if (s != null) {
                map.release(s);
            }
        } catch (RuntimeException e) {
            stop = Outcome.fatal(entry.name() + ": the download stopped on an internal error (" + e
                    + "); run provision again, and report it if it repeats.");
            if (s != null) {
                map.release(s);
            }
        } finally {
            if (resp != null) {
                resp.close();
            }
            running.decrementAndGet();
            permit.close();
            shared.limits().poke();
        }
    }

    /**
     * Fetches what is left of {@code s}; null when the segment is complete, else how it ended. Throws only for local
     * write trouble.
     */
    private Outcome fetch(Segment s, Response open) throws IOException {
        Response resp = open;
        Call call = null;
        if (resp == null) {
            Request req = RedirectGuard.tagged(new Request.Builder()).url(entry.url())
                    .header("Accept-Encoding", "identity")
                    .header("Range", "bytes=" + s.position() + "-" + (s.end - 1)).build();
            call = shared.client().newCall(req);
            calls.add(call);
            try {
                resp = call.execute();
            } catch (IOException e) {
                calls.remove(call);
                return cancellation.isCancelled() ? Outcome.retry("cancelled", false, false)
                        : DownloadFailures.failedRequest(entry, host, shared.health(), e);
            }
        }
        try (Response r = resp) {
            shared.health().progressed();
            if (open == null) {
                Outcome refused = owner.refusal(r);
                if (refused != null) {
                    return refused;
                }
                Matcher m = CONTENT_RANGE.matcher(String.valueOf(r.header("Content-Range")));
                if (r.code() != 206 || !m.matches() || Long.parseLong(m.group(1)) != s.position()
                        || !m.group(3).equals(Long.toString(map.size()))) {
                    return Outcome.singleStream("the server answered a Range request for bytes " + s.position()
                            + "– with " + r.code() + (m.matches() ? " (Content-Range " + r.header("Content-Range")
                            + ")" : ""));
                }
            }
            return stream(s, r.body().byteStream());
        } finally {
            if (call != null) {
                calls.remove(call);
            }
        }
    }

    private Outcome stream(Segment s, InputStream body) throws IOException {
        byte[] buf = new byte[FileDownload.BUFFER];
        int fill = 0;
        long got = 0;
        long lastWrite = System.nanoTime();
        try (InputStream in = body) {
            while (s.remaining() - fill > 0) {
                int n = in.read(buf, fill, (int) Math.min(buf.length - fill, s.remaining() - fill));
                if (n < 0) {
                    break;
                }
                fill += n;
                long now = System.nanoTime();
                if (fill == buf.length || now - lastWrite >= FileDownload.WRITE_AT_LEAST_EVERY_NANOS) {
                    write(s, buf, fill);
                    got += fill;
                    fill = 0;
                    lastWrite = now;
                }
            }
        } catch (IOException e) {
            write(s, buf, fill);
            got += fill;
            return Outcome.retry(DownloadFailures.describe(e), got > 0, false);
        }
        write(s, buf, fill);
        got += fill;
        if (s.remaining() > 0) {
            return Outcome.retry("the connection closed " + s.remaining() + " bytes before the end of its segment",
                    got > 0, false);
        }
        persist(true);
        if (frontier != null) {
            frontier.catchUp(map.contiguousEnd());
        }
        return null;
    }

    /** Writes at the segment's position, then counts the bytes: the map never claims a byte the part lacks. */
    private void write(Segment s, byte[] buf, int len) throws IOException {
        if (len == 0) {
            return;
        }
        long at = s.position();
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
        try {
            while (bb.hasRemaining()) {
                channel.write(bb, at + bb.position());
            }
            space.wrote(len);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // local trouble, not the network's: ends the transfer (see work)
        }
        if (frontier != null) {
            frontier.offer(at, buf, len);
        }
        map.advance(s, len);
        received.addAndGet(len);
        shared.health().progressed();
        listener.received(entry, len);
        // connections report concurrently: the largest figure seen is the true one (the map only grows)
        listener.position(entry, reported.accumulateAndGet(map.doneBytes(), Math::max), map.size());
        persist(false);
        flushNowAndThen(len);
    }

    private void persist(boolean now) throws IOException {
        long t = System.nanoTime();
        if (!now && t - lastPersist < PERSIST_EVERY_NANOS) {
            return;
        }
        synchronized (persistLock) {
            lastPersist = t;
            map.writeTo(channel);
        }
    }

    /** Every 16 MiB, an fsync on the flusher thread (see {@link PartWriter} for why). */
    private void flushNowAndThen(long n) {
        if (unflushed.addAndGet(n) < PartWriter.FLUSH_EVERY) {
            return;
        }
        synchronized (this) {
            if (unflushed.get() < PartWriter.FLUSH_EVERY || !flushing.isDone()) {
                return;
            }
            unflushed.set(0);
            try {
                flushing = CompletableFuture.runAsync(() -> {
                    try {
                        channel.force(false);
                    } catch (IOException e) {
                        localError = new IOException("flushing to the disk failed: " + e.getMessage(), e);
                    }
                }, shared.flusher());
            } catch (RejectedExecutionException e) {
                // shutting down: the final force covers it
            }
        }
    }

    /** Every byte is there: cut the trailer, hash (or finish the running hash), force to disk. */
    private Outcome finish() throws IOException {
        listener.state(entry, ModelState.DOWNLOADING, "all segments on disk; checking the SHA-256");
        flushing.join();
        map.removeFrom(channel);
        String sha;
        if (frontier != null) {
            sha = frontier.finish(map.size());
        } else {
            MessageDigest d = Sha256.newDigest();
            shared.hasher().update(d, part, null);
            sha = Sha256.hex(d);
        }
        channel.force(true);
        return Outcome.complete(sha);
    }
}
