package org.visomaster.launcher.frontend.ui.services;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Collects items from any thread and hands them to the UI thread in batches, at most one batch per frame: one pending
 * hop at a time however fast items arrive, at most {@code maxPerBatch} items per frame (the rest wait for the next
 * frame, so the window keeps rendering), and optionally only the newest {@code keepNewest} of a backlog: older ones
 * could never be seen (a bounded view would push them out at once), so they are dropped as soon as they are queued,
 * which also keeps a flood from piling up garbage the collector must copy while the UI waits.
 *
 * <p>One lock around an array deque rather than a lock-free queue: a producer at full speed and the UI thread then
 * do not fight over the queue's head node by node (measured: a contended 4,000-item drain took 10-30 ms), and no
 * node is allocated per item.
 */
public final class UiBatcher<T> {
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private int dropped;
    private boolean scheduled;
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
        boolean schedule;
        lock.lock();
        try {
            queue.addLast(item);
            if (queue.size() > keepNewest) {
                queue.pollFirst();
                dropped++;
            }
            schedule = !scheduled;
            scheduled = true;
        } finally {
            lock.unlock();
        }
        if (schedule) {
            executor.onNextFrame(this::drain);
        }
    }

    /**
     * Hands everything queued so far to the sink now, in batches (call on the UI thread): for a result that must not
     * overtake the items that came before it.
     */
    public void flush() {
        while (drain(true)) {
            // until the queue is empty
        }
    }

    private void drain() {
        drain(false);
    }

    /** One batch; true when more items wait. */
    private boolean drain(boolean flushing) {
        // never wait on the UI thread: a producer descheduled while holding the lock would stall the frame
        if (flushing) {
            lock.lock();
        } else if (!lock.tryLock()) {
            executor.onNextFrame(this::drain);
            return true;
        }
        List<T> batch;
        int drop;
        boolean more;
        try {
            drop = dropped;
            dropped = 0;
            batch = new ArrayList<>(Math.min(queue.size(), maxPerBatch));
            for (int i = 0; i < maxPerBatch && !queue.isEmpty(); i++) {
                batch.add(queue.pollFirst());
            }
            more = !queue.isEmpty();
            if (!flushing) {
                // still scheduled while items remain; an item added later schedules the next batch itself (a flush
                // leaves the flag alone: a frame task already pending just finds less)
                scheduled = more;
            }
        } finally {
            lock.unlock();
        }
        if (more && !flushing) {
            executor.onNextFrame(this::drain);
        }
        if (drop > 0) {
            skipped.accept(drop);
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
        return more;
    }
}
