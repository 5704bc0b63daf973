package org.visomaster.launcher.steps.models;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent.ModelState;

/**
 * Downloads models N at a time on its own threads (see {@link FileDownload} for what happens to each file). One
 * model failing never stops the others; the caller gets one {@link DownloadResult} per entry and decides.
 */
public final class DownloadManager implements AutoCloseable {
    /**
     * @param maxAttempts      attempts in a row without progress before a file (or one of its segments) fails
     * @param backoffBase      first retry delay, doubled after each failed attempt up to {@code backoffCap}
     * @param perServer        connections open at once to one server (by the host of the manifest's URL)
     * @param totalConnections connections open at once in all
     * @param minSegment       a file is fetched over several Range connections only when at least two segments of
     *                         this size remain; 0 turns segmenting off
     * @param hashInOrder      hash a segmented file as its bytes become contiguous (else read it once at the end)
     * @param splitAfter       a file is split only when, at the speed of its first connection, the rest would take
     *                         longer than this (checked every half second); zero splits at once
     * @param maxUndeclared    the most bytes taken from a body whose length the server did not declare
     * @param freeSpaceReserve a download never takes the workspace disk below this many free bytes
     */
    public record Settings(int parallel, int maxAttempts, Duration backoffBase, Duration backoffCap, int perServer,
                           int totalConnections, long minSegment, boolean hashInOrder, Duration splitAfter,
                           long maxUndeclared, long freeSpaceReserve) {
        /** 8 connections per server, 16 in all: see docs/engine-models.md for the measurements behind them. */
        public static final int PER_SERVER = 8;
        public static final int TOTAL_CONNECTIONS = 16;
        public static final long MIN_SEGMENT = 2L << 20;
        public static final Duration SPLIT_AFTER = Duration.ofSeconds(2);
        public static final long MAX_UNDECLARED = 16L << 30;
        public static final long FREE_SPACE_RESERVE = 512L << 20;

        public Settings {
            if (parallel < 1 || maxAttempts < 1 || perServer < 1 || totalConnections < 1) {
                throw new IllegalArgumentException("parallel, maxAttempts and connection limits must be at least 1");
            }
        }

        public Settings(int parallel, int maxAttempts, Duration backoffBase, Duration backoffCap) {
            this(parallel, maxAttempts, backoffBase, backoffCap, PER_SERVER, TOTAL_CONNECTIONS, MIN_SEGMENT, true,
                    SPLIT_AFTER, MAX_UNDECLARED, FREE_SPACE_RESERVE);
        }

        /** 6 attempts, 1 s, 2 s, 4 s, 8 s, 16 s apart. */
        public static Settings defaults(int parallel) {
            return new Settings(parallel, 6, Duration.ofSeconds(1), Duration.ofSeconds(16));
        }

        /** The same schedule scaled to {@code base} (tests shrink it to milliseconds). */
        public static Settings withBackoff(int parallel, Duration base) {
            return new Settings(parallel, 6, base, base.multipliedBy(16));
        }

        public Settings withConnections(int perServer, int total) {
            return new Settings(parallel, maxAttempts, backoffBase, backoffCap, perServer, total, minSegment,
                    hashInOrder, splitAfter, maxUndeclared, freeSpaceReserve);
        }

        /** {@code minSegment} 0: one stream per file, as before segmenting. */
        public Settings withSegments(long minSegment, boolean hashInOrder) {
            return new Settings(parallel, maxAttempts, backoffBase, backoffCap, perServer, totalConnections,
                    minSegment, hashInOrder, splitAfter, maxUndeclared, freeSpaceReserve);
        }

        /** Split a file once the rest would take longer than {@code d} over one connection (zero: at once). */
        public Settings withSplitAfter(Duration d) {
            return new Settings(parallel, maxAttempts, backoffBase, backoffCap, perServer, totalConnections,
                    minSegment, hashInOrder, d, maxUndeclared, freeSpaceReserve);
        }

        public Settings withBounds(long maxUndeclared, long freeSpaceReserve) {
            return new Settings(parallel, maxAttempts, backoffBase, backoffCap, perServer, totalConnections,
                    minSegment, hashInOrder, splitAfter, maxUndeclared, freeSpaceReserve);
        }
    }

    /** What every download of one manager shares. */
    record Shared(OkHttpClient client, Settings settings, FileHasher hasher, Executor flusher,
                  ConnectionLimits limits, NetworkHealth health, ExecutorService workers) {
    }

    private final OkHttpClient client;
    private final Settings settings;
    private final FileHasher hasher;
    private final ExecutorService executor;
    /** Runs the periodic fsyncs of the parts being written (see {@link PartWriter}). */
    private final ExecutorService flusher;
    /** Runs the extra connections of segmented downloads. */
    private final ExecutorService segments;
    private final NetworkHealth health = new NetworkHealth();
    private final ConnectionLimits limits;

    public DownloadManager(int parallel) {
        this(HttpClients.shared(), Settings.defaults(parallel), new FileHasher());
    }

    public DownloadManager(OkHttpClient client, Settings settings, FileHasher hasher) {
        this.client = client;
        this.settings = settings;
        this.hasher = hasher;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(settings.parallel(), r -> {
            Thread t = new Thread(r, "model-download-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.limits = new ConnectionLimits(settings.perServer(), settings.totalConnections());
        AtomicInteger s = new AtomicInteger();
        this.segments = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "model-segment-" + s.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicInteger f = new AtomicInteger();
        this.flusher = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "model-flush-" + f.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public Settings settings() {
        return settings;
    }

    /** A manager like this one with other settings; this one is closed. */
    public DownloadManager withSettings(Settings other) {
        close();
        return new DownloadManager(client, other, hasher);
    }

    /**
     * The one sentence saying the network is down, when the last {@link #downloadAll} stopped for that reason (every
     * entry then failed with this sentence).
     */
    public Optional<String> networkDown() {
        return Optional.ofNullable(health.downSentence());
    }

    /**
     * Downloads every entry into the source tree and returns one result per entry, in order. A cancel stops the
     * transfers in flight (their {@code .part} files stay for resuming) and throws once all of them have stopped.
     */
    public List<DownloadResult> downloadAll(List<ModelEntry> entries, Path sourceRoot, DownloadListener listener,
                                            Cancellation cancellation) throws Cancellation.CancelledException {
        List<Future<DownloadResult>> futures = new ArrayList<>();
        for (ModelEntry e : entries) {
            listener.state(e, ModelState.QUEUED, "");
            futures.add(executor.submit(() -> download(e, sourceRoot, listener, cancellation)));
        }
        List<DownloadResult> results = new ArrayList<>();
        boolean cancelled = false;
        for (int i = 0; i < futures.size(); i++) {
            try {
                results.add(futures.get(i).get());
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof Cancellation.CancelledException) {
                    cancelled = true;
                } else {
                    ModelEntry e = entries.get(i);
                    String sentence = e.name() + ": the download stopped on an internal error (" + ex.getCause()
                            + "); run provision again, and report it if it repeats.";
                    listener.state(e, ModelState.FAILED, sentence);
                    results.add(DownloadResult.failed(e, 0, sentence));
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                cancellation.cancel();
                cancelled = true;
            }
        }
        if (cancelled || cancellation.isCancelled()) {
            throw new Cancellation.CancelledException();
        }
        return results;
    }

    private DownloadResult download(ModelEntry e, Path sourceRoot, DownloadListener listener,
                                    Cancellation cancellation) throws Cancellation.CancelledException {
        cancellation.throwIfCancelled();
        return new FileDownload(new Shared(client, settings, hasher, flusher, limits, health, segments), e, sourceRoot,
                listener, cancellation).run();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        segments.shutdownNow();
        flusher.shutdown(); // not shutdownNow: interrupting a force would close the part's channel
    }
}
