package org.visomaster.launcher.frontend.upload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.EventJson;
import org.visomaster.launcher.engine.EventSink;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.ProvisionEvent.ModelProgress;
import org.visomaster.launcher.engine.ProvisionEvent.StepProgress;
import org.visomaster.launcher.infra.util.Json;

/**
 * {@code GET /api/events}: server-sent events, one engine event per {@code data:} line (EventJson), preceded by a
 * {"type":"Status"} snapshot. Progress events are throttled per client (the latest one per step or model is kept
 * and sent at most every {@link #THROTTLE}); a comment line every heartbeat keeps proxies open and finds clients
 * that left. Each client has its own writer thread so a stalled browser never holds up the engine or other pages.
 */
final class EventStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    static final Duration THROTTLE = Duration.ofMillis(250);
    static final int MAX_CLIENTS = 32;
    static final int MAX_QUEUED = 2000;

    private final ProvisionFeed feed;
    private final Duration heartbeat;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threadNo = new AtomicInteger();
    private final ExecutorService writers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "upload-events-" + threadNo.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    EventStream(ProvisionFeed feed, Duration heartbeat) {
        this.feed = feed;
        this.heartbeat = heartbeat;
    }

    int clientCount() {
        return clients.size();
    }

    /**
     * Takes over the exchange: sends the headers and streams until the client leaves or the server stops. Returns
     * false when it answered without taking over (too many clients).
     */
    boolean open(Exchange ex) throws IOException {
        if (clients.size() >= MAX_CLIENTS) {
            HttpReplies.error(ex, 503, "Too many pages are following progress; close some tabs and reload.");
            return false;
        }
        HttpReplies.commonHeaders(ex);
        ex.setHeader("Content-Type", "text/event-stream; charset=utf-8");
        ex.setHeader("X-Accel-Buffering", "no");
        ex.sendHeaders(200, 0);
        Client c = new Client(ex);
        clients.add(c);
        try {
            // subscribe first: an event racing the snapshot is then sent twice (harmless), never lost
            c.subscription = feed.subscribe(c);
            c.offerFirst(statusLine());
            writers.execute(c::pump);
            return true;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private String statusLine() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("type", "Status");
        n.set("status", Json.MAPPER.valueToTree(feed.status()));
        return n.toString();
    }

    @Override
    public void close() {
        for (Client c : clients) {
            c.close();
        }
        writers.shutdownNow();
    }

    private final class Client implements EventSink {
        private final Exchange ex;
        private final OutputStream out;
        private final ArrayDeque<String> ready = new ArrayDeque<>();
        /** Throttled progress not yet sent, by step or model; and when each key last went out. */
        private final Map<String, ProvisionEvent> pending = new LinkedHashMap<>();
        private final Map<String, Long> lastSent = new ConcurrentHashMap<>();
        private volatile AutoCloseable subscription;
        private boolean overflowed;
        private volatile boolean closed;

        Client(Exchange ex) {
            this.ex = ex;
            this.out = ex.responseBody();
        }

        /** Engine thread: never blocks, never throws. */
        @Override
        public void emit(ProvisionEvent e) {
            String key = progressKey(e);
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (key != null) {
                    Long last = lastSent.get(key);
                    if (last != null && System.nanoTime() - last < THROTTLE.toNanos()) {
                        pending.put(key, e);
                        return;
                    }
                    pending.remove(key);
                    lastSent.put(key, System.nanoTime());
                } else {
                    dropStaleProgress(e);
                }
                offerLocked(EventJson.toLine(e));
                notifyAll();
            }
        }

        synchronized void offerFirst(String line) {
            ready.addFirst(line);
            notifyAll();
        }

        private void offerLocked(String line) {
            if (ready.size() >= MAX_QUEUED) {
                // a client this far behind cannot catch up event by event: tell it to reload the snapshot
                ready.clear();
                overflowed = true;
                return;
            }
            ready.add(line);
        }

        /** Progress that would arrive after its step's or model's end is stale: drop it. */
        private void dropStaleProgress(ProvisionEvent e) {
            if (e instanceof ProvisionEvent.RunFinished || e instanceof ProvisionEvent.RunStarted) {
                pending.clear();
            } else if (e instanceof ProvisionEvent.StepFinished f) {
                pending.remove("step:" + f.stepId());
            } else if (e instanceof ModelProgress m) {
                pending.remove("model:" + m.name());
            }
        }

        /** Writer thread: sends what is ready, due progress, and heartbeats until the client goes away. */
        void pump() {
            long lastWrite = System.nanoTime();
            try {
                while (!closed) {
                    StringBuilder batch = new StringBuilder();
                    synchronized (this) {
                        if (ready.isEmpty() && pending.isEmpty() && !overflowed) {
                            long waitMs = heartbeat.toMillis() - (System.nanoTime() - lastWrite) / 1_000_000;
                            if (waitMs > 0) {
                                wait(waitMs);
                            }
                        } else if (ready.isEmpty() && !overflowed) {
                            wait(Math.max(1, THROTTLE.toMillis() / 2));
                        }
                        if (overflowed) {
                            overflowed = false;
                            batch.append("data: ").append(statusLine()).append("\n\n");
                        }
                        for (String line; (line = ready.poll()) != null; ) {
                            batch.append("data: ").append(line).append("\n\n");
                        }
                        duePending(batch);
                    }
                    if (batch.length() == 0 && (System.nanoTime() - lastWrite) / 1_000_000 >= heartbeat.toMillis()) {
                        batch.append(": keep-alive\n\n");
                    }
                    if (batch.length() > 0) {
                        out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        lastWrite = System.nanoTime();
                    }
                }
            } catch (IOException | InterruptedException e) {
                LOG.debug("an event stream ended: the client left or the server is stopping", e);
            } finally {
                close();
                // here, on the stream's own thread: ending a response to a stalled client may block until the
                // connection idles out, which must hold up neither the engine nor a stopping server
                ex.close();
            }
        }

        private void duePending(StringBuilder batch) {
            long now = System.nanoTime();
            Iterator<Map.Entry<String, ProvisionEvent>> it = pending.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, ProvisionEvent> en = it.next();
                Long last = lastSent.get(en.getKey());
                if (last == null || now - last >= THROTTLE.toNanos()) {
                    batch.append("data: ").append(EventJson.toLine(en.getValue())).append("\n\n");
                    lastSent.put(en.getKey(), now);
                    it.remove();
                }
            }
        }

        void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                notifyAll();
            }
            clients.remove(this);
            try {
                AutoCloseable s = subscription;
                if (s != null) {
                    s.close();
                }
            } catch (Exception e) {
                LOG.debug("unsubscribing an event stream failed", e);
            }
        }
    }

    private static String progressKey(ProvisionEvent e) {
        if (e instanceof StepProgress p) {
            return "step:" + p.stepId();
        }
        if (e instanceof ModelProgress m && m.state() == ProvisionEvent.ModelState.DOWNLOADING) {
            return "model:" + m.name();
        }
        return null;
    }
}
