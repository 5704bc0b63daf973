package org.visomaster.launcher.ui.services;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Collects items from any thread and hands them to the UI thread in batches, at most one batch per frame: one pending
 * hop at a time however fast items arrive, at most {@code maxPerBatch} items per frame (the rest wait for the next
 * frame, so the window keeps rendering), and optionally only the newest {@code keepNewest} of a backlog: older ones
 * could never be seen (a bounded view would push them out at once), so they are dropped as soon as they are queued,
 * which also keeps a flood from piling up garbage the collector must copy while the UI waits.
 */
public final class UiBatcher<T> {
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final BackgroundExecutor executor;
    private final int maxPerBatch;
    private final int keepNewest;
    private final IntConsumer skipped;
    private final Consumer<List<T>> sink;

    /** Every item, in order, in batches of any size. */
    public UiBatcher(BackgroundExecutor executor, Consumer<List<T>> sink) {
        this(executor, Integer.MAX_VALUE, Integer.MAX_VALUE, n -> {
        }, sink);
    }

    /**
     * @param skipped told how many of the oldest queued items were dropped because more than {@code keepNewest}
     *                were waiting
     */
    public UiBatcher(BackgroundExecutor executor, int maxPerBatch, int keepNewest, IntConsumer skipped,
                     Consumer<List<T>> sink) {
        this.executor = executor;
        this.maxPerBatch = maxPerBatch;
        this.keepNewest = keepNewest;
        this.skipped = skipped;
        this.sink = sink;
    }

    public void add(T item) {
        queue.add(item);
        if (queued.incrementAndGet() > keepNewest && queue.poll() != null) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
        }
        if (scheduled.compareAndSet(false, true)) {
            executor.onNextFrame(this::drain);
        }
    }

    private void drain() {
        // cleared before polling: an item added after the poll loop schedules the next batch itself
        scheduled.set(false);
        int drop = dropped.getAndSet(0);
        if (drop > 0) {
            skipped.accept(drop);
        }
        List<T> batch = new ArrayList<>(Math.min(queued.get(), maxPerBatch));
        while (batch.size() < maxPerBatch) {
            T t = queue.poll();
            if (t == null) {
                break;
            }
            queued.decrementAndGet();
            batch.add(t);
        }
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            executor.onNextFrame(this::drain);
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }
}
