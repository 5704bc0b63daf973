package org.visomaster.launcher.frontend.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.visomaster.launcher.frontend.ui.services.BackgroundExecutor;

/**
 * The synchronous twin of the FX executor for view-model tests: background work runs at once on the caller's thread;
 * UI work is queued and runs when the test calls {@link #runUiTasks()} on its own thread (standing in for the FX
 * thread), so tests stay single-threaded where the window is, and can count the UI hops.
 */
public final class QueuedExecutor implements BackgroundExecutor {
    private final ConcurrentLinkedQueue<Runnable> ui = new ConcurrentLinkedQueue<>();
    private final AtomicInteger uiHops = new AtomicInteger();

    @Override
    public <T> void run(Callable<T> work, Consumer<T> onDone, Consumer<Throwable> onError) {
        T result;
        try {
            result = work.call();
        } catch (Exception e) {
            onError.accept(e);
            return;
        }
        onDone.accept(result);
    }

    @Override
    public void onUi(Runnable action) {
        uiHops.incrementAndGet();
        ui.add(action);
    }

    @Override
    public void onNextFrame(Runnable action) {
        onUi(action);
    }

    /** Runs the queued UI tasks (and any they queue) on the calling thread; returns how many ran. */
    public int runUiTasks() {
        int n = 0;
        for (Runnable r = ui.poll(); r != null; r = ui.poll()) {
            r.run();
            n++;
        }
        return n;
    }

    /** Runs only the UI tasks queued before this call (one frame); returns how many ran. */
    /** Runs the UI tasks as they come until {@code done} holds (Awaitility's defaults), then the ones left. */
    public void runUiTasksUntil(String what, BooleanSupplier done) {
        Awaitility.await(what).until(() -> {
            runUiTasks();
            return done.getAsBoolean();
        });
        runUiTasks();
    }

    public int runOneFrame() {
        int n = ui.size();
        for (int i = 0; i < n; i++) {
            ui.poll().run();
        }
        return n;
    }

    /** UI hops requested so far. */
    public int uiHops() {
        return uiHops.get();
    }
}
