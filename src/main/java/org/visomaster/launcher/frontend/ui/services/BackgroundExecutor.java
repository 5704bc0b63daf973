package org.visomaster.launcher.frontend.ui.services;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * All background work of the window goes through here. The FX implementation runs work on daemon threads and
 * results on the FX thread; tests use a synchronous twin that runs everything on the calling thread.
 */
public interface BackgroundExecutor {
    /** Runs {@code work} off the UI thread, then {@code onDone} or {@code onError} on the UI thread. */
    <T> void run(Callable<T> work, Consumer<T> onDone, Consumer<Throwable> onError);

    /** Runs a small piece of UI work on the UI thread (never blocks the caller). */
    void onUi(Runnable action);

    /**
     * Runs {@code action} on the UI thread at the next frame (pulse). Work spread over several frames this way lets
     * the window render in between, where back-to-back {@link #onUi} tasks would not.
     */
    void onNextFrame(Runnable action);

    /** Runs {@code work} off the UI thread when nobody needs its result. Failures go to {@code onError}. */
    default void run(ThrowingRunnable work, Consumer<Throwable> onError) {
        run(() -> {
            work.run();
            return null;
        }, ignored -> {
        }, onError);
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
