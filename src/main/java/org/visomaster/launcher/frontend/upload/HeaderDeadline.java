package org.visomaster.launcher.frontend.upload;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that started a request but did not finish its request line and headers within
 * {@code limit}, and a new connection that has not sent a whole request head within {@code limit} of opening.
 * Jetty's idle timeout alone does not bound this: a client sending one header byte just before each idle
 * timeout would keep a connection for hours, and silent connections would hold the connection cap for a whole
 * idle timeout. A kept-alive connection between requests is left to the idle timeout; one whose request is
 * being answered is never touched here.
 *
 * <p>A connection is "in a request head" once it has received bytes since its previous request was answered;
 * a sweep four times a second notices that, and closes it when it is still so after {@code limit}.
 */
final class HeaderDeadline implements Connection.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);
    private static final long SWEEP_MS = 250;

    private final long limitNanos;
    private final Map<Connection, State> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "upload-header-deadline");
        t.setDaemon(true);
        return t;
    });

    private static final class State {
        volatile boolean busy;
        /** Bytes received when the connection was last idle; -1: take it at the next sweep. */
        volatile long baseline;
        /** When the sweep first saw bytes past the baseline (or the connection opened); 0: not yet. */
        volatile long headSince;
    }

    HeaderDeadline(Duration limit) {
        this.limitNanos = limit.toNanos();
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection c) {
        State s = new State();
        s.headSince = System.nanoTime(); // its first request head is due from now, bytes or not
        connections.put(c, s);
    }

    @Override
    public void onClosed(Connection c) {
        connections.remove(c);
    }

    /** The connection's request head is complete: a handler now answers it. */
    void requestStarted(Connection c) {
        State s = connections.get(c);
        if (s != null) {
            s.busy = true;
            s.headSince = 0;
        }
    }

    /** The answer is complete; the next bytes on this connection start a new request head. */
    void requestEnded(Connection c) {
        State s = connections.get(c);
        if (s != null) {
            // taken at the next sweep, after Jetty has read what was left of an unread body
            s.baseline = -1;
            s.headSince = 0;
            s.busy = false;
        }
    }

    int tracked() {
        return connections.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<Connection, State> e : connections.entrySet()) {
            Connection c = e.getKey();
            State s = e.getValue();
            if (s.busy) {
                continue;
            }
            long in = c.getBytesIn();
            if (s.baseline < 0) {
                s.baseline = in;
            } else if (s.headSince == 0 && in > s.baseline) {
                s.headSince = now;
            } else if (s.headSince != 0 && now - s.headSince > limitNanos && !s.busy) {
                LOG.debug("closing a connection whose request head took over {} ms", limitNanos / 1_000_000);
                connections.remove(c);
                c.getEndPoint().close();
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        connections.clear();
    }
}
