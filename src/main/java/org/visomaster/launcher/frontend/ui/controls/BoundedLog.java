package org.visomaster.launcher.frontend.ui.controls;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest {@code capacity} lines of a log in a ring: appending a batch costs the batch only, whatever the oldest
 * lines it pushes out (JavaFX's observable list removes a range from its head one element at a time, each shifting
 * the whole array: 6-15 ms per 4,000 lines at 20,000 kept). Read-only as a {@link List}; listeners hear once per
 * change. Each line has an absolute number (how many lines were appended before it), so a view can keep its place
 * and selection while old lines leave. Use on one thread (the UI thread).
 */
public final class BoundedLog<T> extends AbstractList<T> {
    /** Told after each change: the lines just appended (empty after {@link #clear()}). */
    @FunctionalInterface
    public interface Listener<T> {
        void changed(List<? extends T> appended);
    }

    private final Object[] ring;
    private int head;
    private int size;
    private long first;
    private final List<Listener<? super T>> listeners = new ArrayList<>();

    public BoundedLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        ring = new Object[capacity];
    }

    public int capacity() {
        return ring.length;
    }

    /** Appends in order; the oldest lines beyond the capacity leave (with a batch larger than it, its head too). */
    public void appendAll(List<? extends T> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int cap = ring.length;
        int skip = Math.max(0, batch.size() - cap);
        for (int i = skip; i < batch.size(); i++) {
            int tail = (head + size) % cap;
            ring[tail] = batch.get(i);
            if (size < cap) {
                size++;
            } else {
                head = (head + 1) % cap;
                first++;
            }
        }
        first += skip;
        List<? extends T> appended = skip == 0 ? batch : batch.subList(skip, batch.size());
        for (Listener<? super T> l : listeners) {
            l.changed(appended);
        }
    }

    @Override
    public void clear() {
        java.util.Arrays.fill(ring, null);
        first += size;
        head = 0;
        size = 0;
        for (Listener<? super T> l : listeners) {
            l.changed(List.of());
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return (T) ring[(head + index) % ring.length];
    }

    @Override
    public int size() {
        return size;
    }

    /** The absolute number of {@code get(0)}: how many lines left the head so far. */
    public long firstNumber() {
        return first;
    }

    public void addListener(Listener<? super T> l) {
        listeners.add(l);
    }

    public void removeListener(Listener<? super T> l) {
        listeners.remove(l);
    }
}
