package org.visomaster.launcher.provision;

import java.util.concurrent.CopyOnWriteArrayList;
import org.visomaster.launcher.process.CancelSignal;

/** A cancellation flag shared by a run and everything it started; callbacks fire once, on cancel. */
public final class Cancellation implements CancelSignal {
    private volatile boolean cancelled;
    private final CopyOnWriteArrayList<Runnable> callbacks = new CopyOnWriteArrayList<>();

    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        callbacks.forEach(Runnable::run);
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    public void throwIfCancelled() throws CancelledException {
        if (cancelled) {
            throw new CancelledException();
        }
    }

    /** Runs {@code r} on cancel (at once if already cancelled). Returns a handle that unregisters it. */
    @Override
    public AutoCloseable onCancel(Runnable r) {
        callbacks.add(r);
        if (cancelled) {
            r.run();
        }
        return () -> callbacks.remove(r);
    }

    public static final class CancelledException extends Exception {
        public CancelledException() {
            super("cancelled");
        }
    }
}
