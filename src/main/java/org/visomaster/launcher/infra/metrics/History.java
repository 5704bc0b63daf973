package org.visomaster.launcher.infra.metrics;

/** A fixed-size ring of the newest values (e.g. 60 one-second samples) for a meter's history line. Thread-safe. */
public final class History {
    private final double[] ring;
    private int next;
    private int size;

    public History(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        ring = new double[capacity];
    }

    public synchronized void add(double v) {
        ring[next] = v;
        next = (next + 1) % ring.length;
        if (size < ring.length) {
            size++;
        }
    }

    /** The stored values, oldest first (at most capacity of them). */
    public synchronized double[] values() {
        double[] out = new double[size];
        int start = (next - size + ring.length) % ring.length;
        for (int i = 0; i < size; i++) {
            out[i] = ring[(start + i) % ring.length];
        }
        return out;
    }

    public int capacity() {
        return ring.length;
    }

    public synchronized int size() {
        return size;
    }
}
