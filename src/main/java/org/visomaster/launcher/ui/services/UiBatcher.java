package org.visomaster.launcher.ui.services;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Collects items from any thread and hands them to the UI thread in batches: at most one pending hop at a time,
 * however fast items arrive, so a flood of log lines costs one UI task per batch rather than one per line.
 */
public final class UiBatcher<T> {
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final BackgroundExecutor executor;
    private final Consumer<List<T>> sink;

    public UiBatcher(BackgroundExecutor executor, Consumer<List<T>> sink) {
        this.executor = executor;
        this.sink = sink;
    }

    public void add(T item) {
        queue.add(item);
        if (scheduled.compareAndSet(false, true)) {
            executor.onUi(this::drain);
        }
    }

    private void drain() {
        // cleared before polling: an item added after the poll loop schedules the next batch itself
        scheduled.set(false);
        List<T> batch = new ArrayList<>();
        for (T t = queue.poll(); t != null; t = queue.poll()) {
            batch.add(t);
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }
}
