package org.visomaster.launcher.steps.models;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.ProvisionEvent.ModelState;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.infra.util.Units;

/**
 * Turns download callbacks into events: state changes go out at once, byte counts go out from a ticker four times a
 * second (one ModelProgress per active file, one StepProgress overall with speed and ETA), never per buffer.
 */
final class ModelsProgress implements DownloadListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelsProgress.class);
    private static final long TICK_MILLIS = 250;

    private final StepContext ctx;
    private final Map<String, FileState> files = new ConcurrentHashMap<>();
    private volatile boolean listenerFailed;
    private final Map<String, Long> expectedSizes = new ConcurrentHashMap<>();
    private final AtomicLong receivedAll = new AtomicLong();
    private final ScheduledExecutorService ticker;
    private long lastTickNanos = System.nanoTime();
    private long lastReceivedAll;
    private double overallSpeed;

    ModelsProgress(StepContext ctx) {
        this.ctx = ctx;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "model-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The files this run downloads: the overall figures are theirs. */
    void track(Iterable<ModelEntry> downloads) {
        for (ModelEntry e : downloads) {
            files.computeIfAbsent(e.relativePath(), k -> new FileState(e));
        }
    }

    /** Sizes found by a HEAD probe, used for the overall total before each response arrives. */
    void expectSizes(Map<String, Long> sizesByPath) {
        expectedSizes.putAll(sizesByPath);
    }

    /** A state for a file that is not downloaded (checked against the cache or hashed). */
    void checked(ModelEntry entry, ModelState state, long size, String detail) {
        ctx.events().emit(new ProvisionEvent.ModelProgress(Instant.now(), ctx.stepId(), entry.name(),
                entry.relativePath(), state == ModelState.VERIFIED ? size : 0, size, 0, state, detail));
    }

    // synchronized with tick(): tick's "still downloading? then report bytes" must not interleave with a file's
    // move to VERIFIED, or a late DOWNLOADING row would follow the VERIFIED one and the table would end on it
    @Override
    public synchronized void state(ModelEntry entry, ModelState state, String detail) {
        FileState f = file(entry);
        f.state = state;
        emit(f, state, detail);
    }

    @Override
    public void position(ModelEntry entry, long done, long total) {
        FileState f = file(entry);
        f.done = done;
        if (total >= 0) {
            f.total = total;
        }
    }

    @Override
    public void received(ModelEntry entry, long n) {
        file(entry).received.addAndGet(n);
        receivedAll.addAndGet(n);
    }

    private FileState file(ModelEntry entry) {
        return files.computeIfAbsent(entry.relativePath(), k -> new FileState(entry));
    }

    private void emit(FileState f, ModelState state, String detail) {
        ctx.events().emit(new ProvisionEvent.ModelProgress(Instant.now(), ctx.stepId(), f.entry.name(),
                f.entry.relativePath(), f.done, total(f), f.speed, state, detail));
    }

    private long total(FileState f) {
        return f.total >= 0 ? f.total : expectedSizes.getOrDefault(f.entry.relativePath(), -1L);
    }

    private synchronized void tick() {
        try {
            long now = System.nanoTime();
            double seconds = Math.max(1e-3, (now - lastTickNanos) / 1e9);
            lastTickNanos = now;
            long done = 0;
            long total = 0;
            boolean totalKnown = true;
            int active = 0;
            for (FileState f : files.values()) {
                long received = f.received.get();
                f.speed = smooth(f.speed, (received - f.lastReceived) / seconds);
                f.lastReceived = received;
                long t = total(f);
                done += f.done;
                total += Math.max(t, 0);
                totalKnown &= t >= 0;
                if (f.state == ModelState.DOWNLOADING && f.done != f.lastReported) {
                    f.lastReported = f.done;
                    emit(f, ModelState.DOWNLOADING, "");
                }
                if (f.state == ModelState.DOWNLOADING || f.state == ModelState.RETRYING) {
                    active++;
                }
            }
            long all = receivedAll.get();
            overallSpeed = smooth(overallSpeed, (all - lastReceivedAll) / seconds);
            if (all != lastReceivedAll) {
                long eta = totalKnown && overallSpeed > 1 ? (long) ((total - done) / overallSpeed) : -1;
                ctx.progress(done, totalKnown ? total : -1, overallSpeed, eta, active + " downloading, "
                        + Units.bytes(done) + " of " + (totalKnown ? Units.bytes(total) : "?"));
            }
            lastReceivedAll = all;
        } catch (RuntimeException e) {
            // a listener problem must not stop the ticker; said once, since this runs twice a second
            if (!listenerFailed) {
                listenerFailed = true;
                LOG.warn("a progress listener failed; the download goes on", e);
            }
        }
    }

    private static double smooth(double previous, double sample) {
        return previous == 0 ? sample : previous * 0.6 + sample * 0.4;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        tick();
    }

    private static final class FileState {
        final ModelEntry entry;
        final AtomicLong received = new AtomicLong();
        volatile ModelState state = ModelState.QUEUED;
        volatile long done;
        volatile long total = -1;
        volatile double speed;
        long lastReceived;
        long lastReported = -1;

        FileState(ModelEntry entry) {
            this.entry = entry;
        }
    }
}
