package org.visomaster.launcher.guard;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications to the user's URL on a thread of its own, so that a slow or dead receiver never holds up the
 * caller. A failure is logged once (again only after a success in between); nothing is retried, as a late "the box
 * stopped" is worse than none.
 */
final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final NotifyTarget target;
    private final OkHttpClient client;
    private final ExecutorService sender;
    private boolean failedBefore;

    /** A notifier that sends nothing (no URL set). */
    public static Notifier none() {
        return new Notifier(null, null);
    }

    public static Notifier of(GuardSettings settings) {
        return settings.notifyUrl() == null ? none() : new Notifier(NotifyTarget.of(settings.notifyUrl()),
                defaultClient());
    }

    Notifier(NotifyTarget target, OkHttpClient client) {
        this.target = target;
        this.client = client;
        this.sender = target == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "notify");
            t.setDaemon(true);
            return t;
        });
    }

    static OkHttpClient defaultClient() {
        return new OkHttpClient.Builder().callTimeout(TIMEOUT).connectTimeout(TIMEOUT).readTimeout(TIMEOUT)
                .retryOnConnectionFailure(false).build();
    }

    public boolean enabled() {
        return target != null;
    }

    /** Where notifications go, without the URL's secret part; "none" when off. */
    public String describe() {
        return target == null ? "none" : target.describe();
    }

    /** Queues the notification; the future says whether the receiver took it (false when off or failed). */
    public CompletableFuture<Boolean> send(Notification n) {
        if (target == null) {
            return CompletableFuture.completedFuture(false);
        }
        try {
            return CompletableFuture.supplyAsync(() -> deliver(n), sender);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.completedFuture(false);
        }
    }

    private boolean deliver(Notification n) {
        try (Response r = client.newCall(target.request(n)).execute()) {
            if (r.isSuccessful()) {
                LOG.info("notification \"{}\" sent to the {}", n.title(), target.describe());
                failedBefore = false;
                return true;
            }
            failed(n, "it answered HTTP " + r.code());
        } catch (IOException | RuntimeException e) {
            failed(n, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        return false;
    }

    private void failed(Notification n, String why) {
        if (!failedBefore) {
            failedBefore = true;
            LOG.warn("The notification \"{}\" could not be sent to the {} ({}); check VISO_NOTIFY_URL. Further"
                    + " failures are not logged until one succeeds.", n.title(), target.describe(), why);
        } else {
            LOG.debug("notification \"{}\" not sent either: {}", n.title(), why);
        }
    }

    /** Lets the sending thread end once the queue is empty; returns at once. */
    void shutdownWhenIdle() {
        if (sender != null) {
            sender.shutdown();
        }
    }

    /** Waits a little for queued notifications (a stop is announced just before the box goes away). */
    @Override
    public void close() {
        if (sender != null) {
            sender.shutdown();
            try {
                sender.awaitTermination(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
