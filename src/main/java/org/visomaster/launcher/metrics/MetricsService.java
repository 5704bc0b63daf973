package org.visomaster.launcher.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Samples GPU, CPU, RAM, workspace disk and VisoMaster's process once per period on one daemon thread and hands
 * each {@link MetricsSnapshot} to the listener (on that thread; a UI hops to its own thread once per tick). A
 * failing tick is skipped, never the schedule.
 *
 * <p>VisoMaster's figures cover its process and its descendants (normally none; an export runs ffmpeg): RSS
 * through OSHI, GPU memory through the GPU source where it can tell.
 */
public final class MetricsService implements AutoCloseable {
    private final GpuSource gpu;
    private final Path diskPath;
    private final LongSupplier visomasterPid;
    private final Object sampling = new Object();
    private SystemProbe system;
    private ScheduledExecutorService scheduler;

    public MetricsService(GpuSource gpu, Path diskPath, LongSupplier visomasterPid) {
        this.gpu = gpu;
        this.diskPath = diskPath;
        this.visomasterPid = visomasterPid;
    }

    /** Starts ticking: the first snapshot at once, then one per period. A second call is ignored. */
    public synchronized void start(Consumer<MetricsSnapshot> listener, Duration period) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleAtFixedRate(() -> {
            try {
                listener.accept(sampleNow());
            } catch (Throwable t) {
                // a bad tick (or listener) must not end the schedule: scheduleAtFixedRate stops on a throw
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One snapshot now, on the caller's thread. CPU is NaN on the very first call right after construction. */
    public MetricsSnapshot sampleNow() {
        synchronized (sampling) {
            if (system == null) {
                system = new SystemProbe();
            }
            List<GpuSample> gpus;
            try {
                gpus = gpu.sample();
            } catch (RuntimeException | LinkageError e) {
                gpus = List.of();
            }
            long[] disk = SystemProbe.disk(diskPath);
            return new MetricsSnapshot(Instant.now(), gpus, gpu.kind(), gpu.note(), system.cpuPercent(),
                    system.ramUsed(), system.ramTotal(), disk[0], disk[1], visomaster());
        }
    }

    private ProcessSample visomaster() {
        long pid = visomasterPid.getAsLong();
        if (pid <= 0) {
            return null;
        }
        List<Long> tree = SystemProbe.tree(pid);
        if (tree.isEmpty()) {
            return null;
        }
        long vram = -1;
        for (long p : tree) {
            long v;
            try {
                v = gpu.processGpuMemory(p);
            } catch (RuntimeException | LinkageError e) {
                v = -1;
            }
            if (v >= 0) {
                vram = Math.max(vram, 0) + v;
            }
        }
        return new ProcessSample(pid, system.rss(tree), vram);
    }

    /** Stops the ticks and closes the GPU source. */
    @Override
    public void close() {
        ScheduledExecutorService s;
        synchronized (this) {
            s = scheduler;
        }
        if (s != null) {
            s.shutdownNow();
            try {
                s.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        gpu.close();
    }
}
