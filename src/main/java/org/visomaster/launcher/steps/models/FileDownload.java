package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent.ModelState;
import org.visomaster.launcher.infra.util.AtomicFiles;
import org.visomaster.launcher.infra.util.Sha256;

/**
 * Downloads one model into {@code <final>.part}, resuming with a Range request, hashing while it streams, and
 * renaming to the final name only when the SHA-256 matches. Network failures are retried with exponential backoff;
 * an attempt that added bytes to the part does not use up the attempts (a long download over a flaky link still
 * converges), but a hard cap keeps it finite.
 */
final class FileDownload {
    private static final Logger LOG = LoggerFactory.getLogger(FileDownload.class);

    /**
     * Bytes read from the network before they are written and hashed. Small enough to stay in the CPU cache between
     * the socket read, the write and the digest: with 1 MiB buffers the same download took about twice the CPU.
     */
    private static final int BUFFER = 128 << 10;
    /** A slow transfer still reaches the disk (and the progress figures) this often. */
    private static final long WRITE_AT_LEAST_EVERY_NANOS = 250_000_000L;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    private final OkHttpClient client;
    private final ModelEntry entry;
    private final Path part;
    private final Path target;
    private final DownloadManager.Settings settings;
    private final FileHasher hasher;
    private final DownloadListener listener;
    private final Cancellation cancellation;
    private final Executor flusher;

    /** The running digest of the part's bytes; valid while {@link #digestLength} equals the part's size. */
    private MessageDigest digest;
    private long digestLength = -1;
    private long received;

    FileDownload(OkHttpClient client, ModelEntry entry, Path sourceRoot, DownloadManager.Settings settings,
                 FileHasher hasher, DownloadListener listener, Cancellation cancellation, Executor flusher) {
        this.client = client;
        this.entry = entry;
        this.part = entry.partFile(sourceRoot);
        this.target = entry.file(sourceRoot);
        this.settings = settings;
        this.hasher = hasher;
        this.listener = listener;
        this.cancellation = cancellation;
        this.flusher = flusher;
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
                attempts++;
                Outcome o = attempt();
                if (o.kind == Kind.COMPLETE) {
                    if (o.sha256.equals(entry.sha256())) {
                        AtomicFiles.moveAtomically(part, target);
                        listener.completed(entry, target);
                        listener.state(entry, ModelState.VERIFIED, "downloaded");
                        return DownloadResult.success(entry, received);
                    }
                    Files.deleteIfExists(part);
                    digest = null;
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
                lastError = o.message;
                failuresInARow = o.progressed ? 1 : failuresInARow + 1;
                if (failuresInARow >= settings.maxAttempts() || attempts >= settings.maxAttempts() * 5) {
                    return fail(entry.name() + ": downloading " + entry.url() + " failed " + attempts + " times (last: "
                            + lastError + "); the partial file is kept — check the network and run provision again"
                            + " to resume.");
                }
                Duration delay = o.restart ? Duration.ZERO : backoff(failuresInARow);
                listener.state(entry, ModelState.RETRYING, lastError + "; attempt " + (attempts + 1)
                        + (delay.isZero() ? " now" : delay.toMillis() < 1000 ? " in " + delay.toMillis() + " ms"
                        : " in " + delay.toSeconds() + " s"));
                sleep(delay);
            }
        } catch (LocalWriteException | IOException e) {
            return fail(entry.name() + ": cannot write " + part + " (" + e.getMessage() + "); free space on the"
                    + " workspace disk or fix its permissions, then run provision again.");
        }
    }

    private DownloadResult fail(String sentence) {
        listener.state(entry, ModelState.FAILED, sentence);
        return DownloadResult.failed(entry, received, sentence);
    }

    private Duration backoff(int failures) {
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
        try {
            wake.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancellation.CancelledException();
        } finally {
            closeQuietly(reg);
        }
        cancellation.throwIfCancelled();
    }

    /** One request; returns how it ended. Throws only for local file trouble or a cancel. */
    private Outcome attempt() throws IOException, LocalWriteException, Cancellation.CancelledException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (digest == null || digestLength != have) {
            digest = Sha256.newDigest();
            digestLength = have > 0 ? hasher.update(digest, part, null) : 0;
            if (digestLength != have) {
                restartFromZero();
                have = 0;
            }
        }
        Request.Builder rb = new Request.Builder().url(entry.url()).header("Accept-Encoding", "identity");
        if (have > 0) {
            rb.header("Range", "bytes=" + have + "-");
        }
        Call call = client.newCall(rb.build());
        AutoCloseable reg = cancellation.onCancel(call::cancel);
        try (Response resp = call.execute()) {
            return handle(resp, have);
        } catch (IOException e) {
            if (cancellation.isCancelled()) {
                throw new Cancellation.CancelledException();
            }
            return Outcome.retry(describe(e), false, false);
        } finally {
            closeQuietly(reg);
        }
    }

    private Outcome handle(Response resp, long have)
            throws IOException, LocalWriteException, Cancellation.CancelledException {
        int code = resp.code();
        switch (code) {
            case 401, 403, 404, 410 -> {
                return Outcome.fatal(entry.name() + ": the server answered " + code + " " + reason(code) + " for "
                        + entry.url() + "; the file may have moved — set VISO_MODELS_BASE_URL to a mirror or try"
                        + " Repair later.");
            }
            case 408, 429 -> {
                return Outcome.retry("the server answered " + code + " " + reason(code), false, false);
            }
            case 416 -> {
                restartFromZero();
                return Outcome.retry("the server refused to resume at byte " + have + " (416); starting again",
                        false, true);
            }
            default -> {
                // handled below
            }
        }
        if (code >= 500) {
            return Outcome.retry("the server answered " + code + " " + resp.message().trim(), false, false);
        }
        if (code != 200 && code != 206) {
            return Outcome.fatal(entry.name() + ": the server answered " + code + " " + resp.message().trim()
                    + " for " + entry.url() + "; set VISO_MODELS_BASE_URL to a mirror or try Repair later.");
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
        return stream(body, offset, total, have);
    }

    private Outcome stream(ResponseBody body, long offset, long total, long have)
            throws IOException, LocalWriteException, Cancellation.CancelledException {
        listener.state(entry, ModelState.DOWNLOADING, offset > 0 ? "resuming at byte " + offset : "");
        listener.position(entry, offset, total);
        byte[] buf = new byte[BUFFER];
        int fill = 0;
        long pos;
        try (PartWriter out = openPart(offset)) {
            try (InputStream in = body.byteStream()) {
                long lastWrite = System.nanoTime();
                int n;
                while ((n = in.read(buf, fill, buf.length - fill)) >= 0) {
                    fill += n;
                    long now = System.nanoTime();
                    if (fill == buf.length || now - lastWrite >= WRITE_AT_LEAST_EVERY_NANOS) {
                        write(out, buf, fill, total);
                        fill = 0;
                        lastWrite = now;
                    }
                }
            } catch (IOException e) {
                write(out, buf, fill, total);
                finish(out);
                if (cancellation.isCancelled()) {
                    throw new Cancellation.CancelledException();
                }
                return Outcome.retry(describe(e), out.position() > have, false);
            }
            write(out, buf, fill, total);
            finish(out);
            pos = out.position();
        }
        if (total >= 0 && pos < total) {
            return Outcome.retry("the connection closed after " + pos + " of " + total + " bytes", pos > have, false);
        }
        return Outcome.complete(Sha256.hex(digest));
    }

    private PartWriter openPart(long offset) throws LocalWriteException {
        try {
            return PartWriter.open(part, offset, digest, flusher);
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
        received += len;
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

    private void restartFromZero() throws IOException {
        Files.deleteIfExists(part);
        digest = Sha256.newDigest();
        digestLength = 0;
    }

    private static String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "the connection timed out";
        }
        if (e instanceof ProtocolException || e instanceof java.io.EOFException) {
            return "the connection closed early (" + e.getMessage() + ")";
        }
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    static String reason(int code) {
        return switch (code) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 410 -> "Gone";
            case 416 -> "Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            default -> "";
        };
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("unregistering a cancel callback failed", e);
        }
    }

    private enum Kind {
        COMPLETE, RETRY, FATAL
    }

    private record Outcome(Kind kind, String message, String sha256, boolean progressed, boolean restart) {
        static Outcome complete(String sha) {
            return new Outcome(Kind.COMPLETE, null, sha, true, false);
        }

        static Outcome retry(String message, boolean progressed, boolean restart) {
            return new Outcome(Kind.RETRY, message, null, progressed, restart);
        }

        static Outcome fatal(String sentence) {
            return new Outcome(Kind.FATAL, sentence, null, false, false);
        }
    }

    /** The local disk refused a write: not worth retrying over the network. */
    private static final class LocalWriteException extends Exception {
        LocalWriteException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
