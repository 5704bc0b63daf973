package org.visomaster.launcher.steps.models;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many download connections may be open to one server and in all. Every connection a download opens holds one
 * permit for its (first URL's) host. Waiters are woken on every release, which is also how a segmented download
 * learns that one of its connections ended: {@link #version()} changes.
 */
final class ConnectionLimits {
    private final int perServer;
    private final int total;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Integer> open = new HashMap<>();
    private int openTotal;
    private long version;

    ConnectionLimits(int perServer, int total) {
        if (perServer < 1 || total < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        this.perServer = perServer;
        this.total = total;
    }

    int perServer() {
        return perServer;
    }

    /** A permit, released once however often {@link Permit#close} is called. */
    final class Permit implements AutoCloseable {
        private final String host;
        private boolean released;

        private Permit(String host) {
            this.host = host;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (!released) {
                    released = true;
                    open.merge(host, -1, Integer::sum);
                    openTotal--;
                    version++;
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** A permit for {@code host} if one is free now, else null. */
    Permit tryAcquire(String host) {
        lock.lock();
        try {
            return takeIfFree(host);
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code millis} for a permit; null when none came. */
    Permit acquire(String host, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (true) {
                Permit p = takeIfFree(host);
                if (p != null) {
                    return p;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a permit is released after {@code seen} (or {@link #poke} is called), at most {@code nanos}. */
    void awaitChange(long seen, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        lock.lock();
        try {
            while (version == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter (a segment ended without releasing its connection, or a cancel). */
    void poke() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Permit takeIfFree(String host) {
        int forHost = open.getOrDefault(host, 0);
        if (forHost >= perServer || openTotal >= total) {
            return null;
        }
        open.put(host, forHost + 1);
        openTotal++;
        return new Permit(host);
    }
}
