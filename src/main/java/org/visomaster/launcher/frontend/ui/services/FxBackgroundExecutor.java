package org.visomaster.launcher.frontend.ui.services;

import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.concurrent.Task;

/** The window's executor: a small pool of daemon threads; results come back through {@link Task}'s FX callbacks. */
public final class FxBackgroundExecutor implements BackgroundExecutor, AutoCloseable {
    private final AtomicInteger count = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> frameTasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean frameTimerOn = new AtomicBoolean();
    private final FrameTimer frameTimer = new FrameTimer();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ui-background-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    @Override
    public <T> void run(Callable<T> work, Consumer<T> onDone, Consumer<Throwable> onError) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        // Task's handlers already run on the FX thread
        task.setOnSucceeded(e -> onDone.accept(task.getValue()));
        task.setOnFailed(e -> onError.accept(task.getException()));
        pool.execute(task);
    }

    @Override
    public void onUi(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    @Override
    public void onNextFrame(Runnable action) {
        frameTasks.add(action);
        if (frameTimerOn.compareAndSet(false, true)) {
            Platform.runLater(frameTimer::start);
        }
    }

    /** Runs the tasks queued for this frame; stops itself when a frame finds none (no pulses forced while idle). */
    private final class FrameTimer extends AnimationTimer {
        @Override
        public void handle(long now) {
            int n = frameTasks.size();
            if (n == 0) {
                stop();
                frameTimerOn.set(false);
                if (!frameTasks.isEmpty() && frameTimerOn.compareAndSet(false, true)) {
                    start();
                }
                return;
            }
            // only the tasks queued before this frame: a task that queues another runs it next frame
            for (int i = 0; i < n; i++) {
                Runnable r = frameTasks.poll();
                if (r != null) {
                    r.run();
                }
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
