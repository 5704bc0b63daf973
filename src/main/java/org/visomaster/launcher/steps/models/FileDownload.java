package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent.ModelState;
import org.visomaster.launcher.infra.util.AtomicFiles;
import org.visomaster.launcher.infra.util.Sha256;
import org.visomaster.launcher.infra.util.Units;

/**
 * Downloads one model into {@code <final>.part}, resuming with a Range request, and renames it to the final name only
 * when the SHA-256 matches. The first request asks for {@code bytes=<have>-} and streams, hashing as it goes; when
 * the server answered 206 with the file's length and this connection's speed shows that the rest would take longer
 * than {@code splitAfter} (a CDN capping each connection), the rest is fetched over several connections
 * ({@link SegmentedTransfer}, the segment map kept in the part), this one carrying on with the first segment. Network
 * failures are retried with exponential backoff; an attempt that added bytes to the part does not use up the
 * attempts (a long download over a flaky link still converges), but a hard cap keeps it finite. When the network as
 * a whole is down ({@link NetworkHealth}) the download stops at once with that sentence.
 */
final class FileDownload {
    private static final Logger LOG = LoggerFactory.getLogger(FileDownload.class);

    /**
     * Bytes read from the network before they are written and hashed. Small enough to stay in the CPU cache between
     * the socket read, the write and the digest: with 1 MiB buffers the same download took about twice the CPU.
     */
    static final int BUFFER = 128 << 10;
    /** A slow transfer still reaches the disk (and the progress figures) this often. */
    static final long WRITE_AT_LEAST_EVERY_NANOS = 250_000_000L;
    /** A signed URL that expired between the redirect and the request is asked for again at once, this often. */
    static final int EXPIRED_RETRIES = 3;
    /** How often a single stream asks itself whether more connections would finish the file sooner. */
    private static final long SPLIT_CHECK_NANOS = 500_000_000L;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    private final DownloadManager.Shared shared;
    private final DownloadManager.Settings settings;
    private final ModelEntry entry;
    private final Path part;
    private final Path target;
    private final String host;
    private final SpaceGuard space;
    private final DownloadListener listener;
    private final Cancellation cancellation;

    /** The running digest of the part's bytes; valid while {@link #digestLength} equals the part's size. */
    private MessageDigest digest;
    private long digestLength = -1;
    private final AtomicLong received = new AtomicLong();
    /** The segment map of a segmented download in progress in this run (else read from the part). */
    private SegmentMap segments;
    /** Set when a server answered a segment's Range request inconsistently: this file then comes as one stream. */
    private boolean singleStreamOnly;
    /** The request of the current attempt: a segmented transfer that stops early cancels it with its own. */
    private volatile Call firstCall;
    private final java.util.concurrent.atomic.AtomicInteger expiredInARow = new java.util.concurrent.atomic.AtomicInteger();

    FileDownload(DownloadManager.Shared shared, ModelEntry entry, Path sourceRoot, DownloadListener listener,
                 Cancellation cancellation) {
        this.shared = shared;
        this.settings = shared.settings();
        this.entry = entry;
        this.part = entry.partFile(sourceRoot);
        this.target = entry.file(sourceRoot);
        HttpUrl url = HttpUrl.parse(entry.url());
        this.host = url == null ? entry.url() : url.host() + ":" + url.port();
        this.space = new SpaceGuard(entry, part.getParent(), settings.freeSpaceReserve());
        this.listener = listener;
        this.cancellation = cancellation;
    }

    DownloadResult run() throws Cancellation.CancelledException {
        boolean mismatchRetried = false;
        int failuresInARow = 0;
        int attempts = 0;
        String lastError = "";
        try {
            Files.createDirectories(target.getParent());
            while (true) {
                cancellation.throwIfCancelled();
                if (shared.health().downSentence() != null) {
                    return fail(shared.health().downSentence());
                }
                attempts++;
                Outcome o = attempt();
                if (o.kind == Kind.COMPLETE) {
                    if (o.sha256.equals(entry.sha256())) {
                        AtomicFiles.moveAtomically(part, target);
                        listener.completed(entry, target);
                        listener.state(entry, ModelState.VERIFIED, "downloaded");
                        return DownloadResult.success(entry, received.get());
                    }
                    Files.deleteIfExists(part);
                    digest = null;
                    segments = null;
                    if (!mismatchRetried) {
                        mismatchRetried = true;
                        failuresInARow = 0;
                        listener.state(entry, ModelState.RETRYING, "SHA-256 mismatch (got " + o.sha256
                                + "); downloading it once more from the start");
                        continue;
                    }
                    return fail(entry.name() + ": the file downloaded from " + entry.url() + " has SHA-256 "
                            + o.sha256 + " but the manifest expects " + entry.sha256() + " (downloaded twice, the bad"
                            + " copy was removed); the server or mirror serves another file — set"
                            + " VISO_MODELS_BASE_URL to a good mirror or report it to the VisoMaster project.");
                }
                if (o.kind == Kind.FATAL) {
                    return fail(o.message);
                }
                if (o.kind == Kind.SINGLE_STREAM) {
                    listener.state(entry, ModelState.RETRYING, o.message + "; fetching it as one stream from the start");
                    singleStreamOnly = true;
                    segments = null;
                    restartFromZero();
                    continue;
                }
                lastError = o.message;
                failuresInARow = o.progressed ? 1 : failuresInARow + 1;
                if (failuresInARow >= settings.maxAttempts() || attempts >= settings.maxAttempts() * 5) {
                    return fail(DownloadFailures.gaveUp(entry, attempts, lastError));
                }
                Duration delay = o.restart ? Duration.ZERO : backoff(failuresInARow);
                listener.state(entry, ModelState.RETRYING, lastError + "; attempt " + (attempts + 1)
                        + (delay.isZero() ? " now" : delay.toMillis() < 1000 ? " in " + delay.toMillis() + " ms"
                        : " in " + delay.toSeconds() + " s"));
                sleep(delay);
            }
        } catch (LocalWriteException | IOException e) {
            Throwable cause = e instanceof LocalWriteException ? e.getCause() : e;
            if (cause instanceof SpaceGuard.NoSpaceException) {
                return fail(cause.getMessage());
            }
            return fail(entry.name() + ": cannot write " + part + " (" + e.getMessage() + "); free space on the"
                    + " workspace disk or fix its permissions, then run provision again.");
        }
    }

    private DownloadResult fail(String sentence) {
        listener.state(entry, ModelState.FAILED, sentence);
        return DownloadResult.failed(entry, received.get(), sentence);
    }

    Duration backoff(int failures) {
        long base = settings.backoffBase().toMillis();
        long ms = base << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(ms, settings.backoffCap().toMillis()));
    }

    private void sleep(Duration d) throws Cancellation.CancelledException {
        if (d.isZero()) {
            return;
        }
        CountDownLatch wake = new CountDownLatch(1);
        AutoCloseable reg = cancellation.onCancel(wake::countDown);
        Runnable down = wake::countDown;
        shared.health().onDown(down);
        try {
            wake.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancellation.CancelledException();
        } finally {
            shared.health().removeOnDown(down);
            closeQuietly(reg);
        }
        cancellation.throwIfCancelled();
    }

    /** One request (or one segmented transfer); returns how it ended. Throws only for local trouble or a cancel. */
    private Outcome attempt() throws IOException, LocalWriteException, Cancellation.CancelledException {
        SegmentMap map = segments != null ? segments : SegmentMap.read(part);
        if (map != null && segmenting()) {
            segments = map;
            return segmented(map, null, null, 0);
        }
        if (map != null) {
            // segmenting is off now: keep the part's contiguous start as a plain prefix
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(part,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(map.contiguousEnd());
            }
            segments = null;
            digest = null;
        }
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (digest == null || digestLength != have) {
            digest = Sha256.newDigest();
            digestLength = have > 0 ? shared.hasher().update(digest, part, null) : 0;
            if (digestLength != have) {
                restartFromZero();
                have = 0;
            }
        }
        space.before(-1);
        Request.Builder rb = RedirectGuard.tagged(new Request.Builder()).url(entry.url())
                .header("Accept-Encoding", "identity").header("Range", "bytes=" + have + "-");
        ConnectionLimits.Permit permit = acquire();
        Call call = shared.client().newCall(rb.build());
        firstCall = call;
        AutoCloseable reg = cancellation.onCancel(call::cancel);
        try (permit; Response resp = call.execute()) {
            shared.health().progressed();
            return handle(resp, have, permit);
        } catch (SpaceGuard.NoSpaceException | LocalFileException e) {
            throw e;
        } catch (IOException e) {
            if (cancellation.isCancelled()) {
                throw new Cancellation.CancelledException();
            }
            return DownloadFailures.failedRequest(entry, host, shared.health(), e);
        } finally {
            closeQuietly(reg);
        }
    }

    /**
     * More connections pay off when the rest is large and, at this connection's speed, would take longer than
     * {@code splitAfter}: a CDN that caps each connection. A fast link finishes the file on one stream instead of
     * spending CPU on more connections (on loopback, splitting every file cost about 40%).
     */
    private boolean worthSplitting(long bytes, long nanos, long left) {
        if (left < 2 * settings.minSegment()) {
            return false;
        }
        double seconds = settings.splitAfter().toNanos() / 1e9;
        return seconds <= 0 || bytes <= 0 || left / (bytes / Math.max(nanos / 1e9, 1e-3)) > seconds;
    }

    void cancelFirstCall() {
        Call c = firstCall;
        if (c != null) {
            c.cancel();
        }
    }

    private boolean segmenting() {
        return !singleStreamOnly && settings.minSegment() > 0;
    }

    /** A connection permit for this file's server, waiting as long as it takes (a cancel ends the wait). */
    private ConnectionLimits.Permit acquire() throws Cancellation.CancelledException {
        while (true) {
            cancellation.throwIfCancelled();
            try {
                ConnectionLimits.Permit p = shared.limits().acquire(host, 250);
                if (p != null) {
                    return p;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Cancellation.CancelledException();
            }
        }
    }

    /** The answers every request treats alike; null when the response is to be read. */
    Outcome refusal(Response resp) {
        int code = resp.code();
        boolean redirected = resp.priorResponse() != null;
        if ((code == 401 || code == 403 || code == 410) && redirected
                && expiredInARow.incrementAndGet() <= EXPIRED_RETRIES) {
            return Outcome.retry("the signed URL answered " + code + " (expired); asking " + entry.url()
                    + " for a fresh one", false, true);
        }
        switch (code) {
            case 401, 403, 404, 410 -> {
                return Outcome.fatal(entry.name() + ": the server answered " + code + " " + DownloadFailures.reason(code) + " for "
                        + entry.url() + "; the file may have moved — set VISO_MODELS_BASE_URL to a mirror or try"
                        + " Repair later.");
            }
            case 408, 429 -> {
                return Outcome.retry("the server answered " + code + " " + DownloadFailures.reason(code), false, false);
            }
            default -> {
                // handled below
            }
        }
        if (code >= 500) {
            return Outcome.retry("the server answered " + code + " " + resp.message().trim(), false, false);
        }
        if (code != 200 && code != 206 && code != 416) {
            return Outcome.fatal(entry.name() + ": the server answered " + code + " " + resp.message().trim()
                    + " for " + entry.url() + "; set VISO_MODELS_BASE_URL to a mirror or try Repair later.");
        }
        expiredInARow.set(0);
        return null;
    }

    private Outcome segmented(SegmentMap map, Response first, ConnectionLimits.Permit permit, long have)
            throws IOException, Cancellation.CancelledException {
        MessageDigest prefix = have > 0 && digestLength == have ? digest : null;
        SegmentedTransfer t = new SegmentedTransfer(shared, entry, host, part, map, space, listener, cancellation,
                received, this);
        Outcome o;
        try {
            o = t.run(first, permit, have, prefix);
        } catch (SpaceGuard.NoSpaceException | LocalFileException e) {
            throw e;
        } catch (IOException e) {
            throw new LocalFileException(e); // the transfer's network errors never leave it: this is the part's
        }
        if (o.kind == Kind.COMPLETE || o.kind == Kind.SINGLE_STREAM) {
            segments = null;
        }
        digest = null;
        return o;
    }

    private Outcome handle(Response resp, long have, ConnectionLimits.Permit permit)
            throws IOException, LocalWriteException, Cancellation.CancelledException {
        Outcome refused = refusal(resp);
        if (refused != null) {
            return refused;
        }
        int code = resp.code();
        if (code == 416) {
            restartFromZero();
            return Outcome.retry("the server refused to resume at byte " + have + " (416); starting again",
                    false, true);
        }
        ResponseBody body = resp.body();
        long offset;
        long total;
        if (code == 206) {
            Matcher m = CONTENT_RANGE.matcher(String.valueOf(resp.header("Content-Range")));
            if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                restartFromZero();
                return Outcome.retry("the server resumed at the wrong place (Content-Range: "
                        + resp.header("Content-Range") + ", wanted byte " + have + "); starting again", false, true);
            }
            offset = have;
            total = "*".equals(m.group(3)) ? -1 : Long.parseLong(m.group(3));
        } else {
            if (have > 0) {
                listener.state(entry, ModelState.DOWNLOADING, "the server does not resume; starting again");
            }
            restartFromZero();
            offset = 0;
            total = body.contentLength();
        }
        return stream(resp, offset, total, have, permit);
    }

    private Outcome stream(Response resp, long offset, long total, long have, ConnectionLimits.Permit permit)
            throws IOException, LocalWriteException, Cancellation.CancelledException {
        if (total > offset) {
            space.before(total - offset);
        }
        listener.state(entry, ModelState.DOWNLOADING, offset > 0 ? "resuming at byte " + offset : "");
        listener.position(entry, offset, total);
        // a body is bounded by the length the server declared, or by a cap when it declared none
        long limit = total >= 0 ? total : settings.maxUndeclared();
        boolean maySplit = segmenting() && resp.code() == 206 && total > 0;
        long started = System.nanoTime();
        long nextSplitCheck = started + Math.min(SPLIT_CHECK_NANOS, settings.splitAfter().toNanos());
        byte[] buf = new byte[BUFFER];
        int fill = 0;
        long pos;
        boolean split = false;
        InputStream in = resp.body().byteStream(); // closed with the response: a split hands it on, open
        try (PartWriter out = openPart(offset)) {
            try {
                long lastWrite = System.nanoTime();
                int n;
                while (out.position() + fill < limit
                        && (n = in.read(buf, fill, (int) Math.min(buf.length - fill, limit - out.position() - fill)))
                        >= 0) {
                    fill += n;
                    long now = System.nanoTime();
                    if (fill == buf.length || now - lastWrite >= WRITE_AT_LEAST_EVERY_NANOS) {
                        write(out, buf, fill, total);
                        fill = 0;
                        lastWrite = now;
                        if (maySplit && now - nextSplitCheck >= 0) {
                            nextSplitCheck = now + SPLIT_CHECK_NANOS;
                            if (worthSplitting(out.position() - offset, now - started, total - out.position())) {
                                split = true;
                                break;
                            }
                        }
                    }
                }
            } catch (IOException e) {
                write(out, buf, fill, total);
                finish(out);
                if (cancellation.isCancelled()) {
                    throw new Cancellation.CancelledException();
                }
                return Outcome.retry(DownloadFailures.describe(e), out.position() > have, false);
            }
            write(out, buf, fill, total);
            finish(out);
            pos = out.position();
        }
        if (split) {
            segments = SegmentMap.plan(total, pos, settings.minSegment(), settings.perServer());
            return segmented(segments, resp, permit, pos);
        }
        if (total < 0 && pos >= limit) {
            Files.deleteIfExists(part);
            digest = null;
            return Outcome.fatal(entry.name() + ": " + entry.url() + " sent " + Units.bytes(limit) + " without"
                    + " declaring a length and was stopped there (no model is that large; the partial file was"
                    + " removed); set VISO_MODELS_BASE_URL to a mirror that serves the real file.");
        }
        if (total >= 0 && pos < total) {
            return Outcome.retry("the connection closed after " + pos + " of " + total + " bytes", pos > have, false);
        }
        return Outcome.complete(Sha256.hex(digest));
    }

    private PartWriter openPart(long offset) throws LocalWriteException {
        try {
            return PartWriter.open(part, offset, digest, shared.flusher());
        } catch (IOException e) {
            throw new LocalWriteException(e);
        }
    }

    /** Writes a buffer to the part (and so to the digest), then reports it: one listener call per buffer. */
    private void write(PartWriter out, byte[] buf, int len, long total) throws LocalWriteException {
        if (len == 0) {
            return;
        }
        try {
            out.write(buf, 0, len);
        } catch (IOException e) {
            digest = null;
            throw new LocalWriteException(e);
        }
        digestLength += len;
        received.addAndGet(len);
        shared.health().progressed();
        try {
            space.wrote(len);
        } catch (IOException e) {
            throw new LocalWriteException(e);
        }
        listener.received(entry, len);
        listener.position(entry, out.position(), total);
    }

    private void finish(PartWriter out) throws LocalWriteException {
        try {
            out.finish();
        } catch (IOException e) {
            digest = null;
            throw new LocalWriteException(e);
        }
    }

    void restartFromZero() throws IOException {
        Files.deleteIfExists(part);
        digest = Sha256.newDigest();
        digestLength = 0;
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("unregistering a cancel callback failed", e);
        }
    }

    enum Kind {
        COMPLETE, RETRY, FATAL, SINGLE_STREAM
    }

    record Outcome(Kind kind, String message, String sha256, boolean progressed, boolean restart) {
        static Outcome complete(String sha) {
            return new Outcome(Kind.COMPLETE, null, sha, true, false);
        }

        static Outcome retry(String message, boolean progressed, boolean restart) {
            return new Outcome(Kind.RETRY, message, null, progressed, restart);
        }

        static Outcome fatal(String sentence) {
            return new Outcome(Kind.FATAL, sentence, null, false, false);
        }

        /** The server's answers to Range requests cannot be trusted: fetch the file as one stream. */
        static Outcome singleStream(String why) {
            return new Outcome(Kind.SINGLE_STREAM, why, null, false, true);
        }
    }

    /** A segmented transfer could not write or read its part: not worth retrying over the network. */
    static final class LocalFileException extends IOException {
        LocalFileException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The local disk refused a write: not worth retrying over the network. */
    private static final class LocalWriteException extends Exception {
        LocalWriteException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
