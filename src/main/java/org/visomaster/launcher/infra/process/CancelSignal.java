package org.visomaster.launcher.infra.process;

/**
 * What a running command listens to for a cancel. The provisioning engine's {@code Cancellation} is one; the
 * process layer depends on this interface only, so it stays below the engine.
 */
public interface CancelSignal {
    boolean isCancelled();

    /** Runs {@code r} on cancel (at once if already cancelled). Returns a handle that unregisters it. */
    AutoCloseable onCancel(Runnable r);

    /** Never cancelled. */
    CancelSignal NONE = new CancelSignal() {
        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public AutoCloseable onCancel(Runnable r) {
            return () -> {
            };
        }
    };
}
