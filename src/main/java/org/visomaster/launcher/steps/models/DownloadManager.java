package org.visomaster.launcher.steps.models;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
     * @param maxAttempts attempts in a row without progress before a file fails (at least 5)
     * @param backoffBase first retry delay, doubled after each failed attempt up to {@code backoffCap}
     */
    public record Settings(int parallel, int maxAttempts, Duration backoffBase, Duration backoffCap) {
        public Settings {
            if (parallel < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("parallel and maxAttempts must be at least 1");
            }
        }

        /** 6 attempts, 1 s, 2 s, 4 s, 8 s, 16 s apart. */
        public static Settings defaults(int parallel) {
            return new Settings(parallel, 6, Duration.ofSeconds(1), Duration.ofSeconds(16));
        }

        /** The same schedule scaled to {@code base} (tests shrink it to milliseconds). */
        public static Settings withBackoff(int parallel, Duration base) {
            return new Settings(parallel, 6, base, base.multipliedBy(16));
        }
    }

    private final OkHttpClient client;
    private final Settings settings;
    private final FileHasher hasher;
    private final ExecutorService executor;
    /** Runs the periodic fsyncs of the parts being written (see {@link PartWriter}). */
    private final ExecutorService flusher;

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
        return new FileDownload(client, e, sourceRoot, settings, hasher, listener, cancellation, flusher)
                .run();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        flusher.shutdown(); // not shutdownNow: interrupting a force would close the part's channel
    }
}
