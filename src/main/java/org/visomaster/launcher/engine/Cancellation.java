package org.visomaster.launcher.engine;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.process.CancelSignal;

/**
 * A cancellation flag shared by a run and everything it started. {@link #cancel()} returns at once: the callbacks
 * (ending process trees, which waits up to a grace period for a child that ignores SIGTERM) run each on a daemon
 * thread of their own, so the window's Stop button never holds its thread and every step is stopped at the same time.
 * Each callback runs once.
 */
public final class Cancellation implements CancelSignal {
    private static final Logger LOG = LoggerFactory.getLogger(Cancellation.class);
    private static final ExecutorService CALLBACKS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cancel");
        t.setDaemon(true);
        return t;
    });

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final CopyOnWriteArrayList<Once> callbacks = new CopyOnWriteArrayList<>();

    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            callbacks.forEach(c -> CALLBACKS.execute(c::run));
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    public void throwIfCancelled() throws CancelledException {
        if (cancelled.get()) {
            throw new CancelledException();
        }
    }

    /**
     * Runs {@code r} on cancel (at once, on the caller's thread, if already cancelled). Returns a handle that
     * unregisters it.
     */
    @Override
    public AutoCloseable onCancel(Runnable r) {
        Once once = new Once(r);
        callbacks.add(once);
        if (cancelled.get()) {
            once.run();
        }
        return () -> callbacks.remove(once);
    }

    /** A callback that a cancel racing with its registration cannot run twice. */
    private static final class Once {
        private final Runnable action;
        private final AtomicBoolean ran = new AtomicBoolean();

        Once(Runnable action) {
            this.action = action;
        }

        void run() {
            if (ran.compareAndSet(false, true)) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.warn("a cancel callback failed", e);
                }
            }
        }
    }

    public static final class CancelledException extends Exception {
        public CancelledException() {
            super("cancelled");
        }
    }
}
