package org.visomaster.launcher.infra.metrics;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples GPU, CPU, RAM, workspace disk and VisoMaster's process once per period on one daemon thread and hands
 * each {@link MetricsSnapshot} to the listener (on that thread; a UI hops to its own thread once per tick). A
 * failing tick is skipped, never the schedule.
 *
 * <p>VisoMaster's figures cover its process and its descendants (normally none; an export runs ffmpeg): RSS
 * through OSHI, GPU memory through the GPU source where it can tell.
 */
public final class MetricsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsService.class);

    /** What runs the ticks: one daemon thread in the launcher, a hand-stepped one in tests. */
    @FunctionalInterface
    public interface Scheduler {
        /** Runs {@code tick} now and then once per period until the returned handle is closed. */
        AutoCloseable every(Duration period, Runnable tick);
    }

    private final GpuSource gpu;
    private final Path diskPath;
    private final LongSupplier visomasterPid;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Object sampling = new Object();
    private final AtomicInteger failedTicks = new AtomicInteger();
    private SystemProbe system;
    private AutoCloseable ticking;

    public MetricsService(GpuSource gpu, Path diskPath, LongSupplier visomasterPid) {
        this(gpu, diskPath, visomasterPid, Clock.systemUTC(), MetricsService::daemonThread);
    }

    public MetricsService(GpuSource gpu, Path diskPath, LongSupplier visomasterPid, Clock clock,
                          Scheduler scheduler) {
        this.gpu = gpu;
        this.diskPath = diskPath;
        this.visomasterPid = visomasterPid;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** Starts ticking: the first snapshot at once, then one per period. A second call is ignored. */
    public synchronized void start(Consumer<MetricsSnapshot> listener, Duration period) {
        if (ticking != null) {
            return;
        }
        ticking = scheduler.every(period, () -> {
            try {
                listener.accept(sampleNow());
            } catch (Throwable t) {
                // a bad tick (or listener) must not end the schedule: scheduleAtFixedRate stops on a throw
                if (failedTicks.incrementAndGet() == 1) {
                    LOG.warn("a metrics tick failed (later failures are logged at debug)", t);
                } else {
                    LOG.debug("a metrics tick failed", t);
                }
            }
        });
    }

    /** The launcher's scheduler: one daemon thread called "metrics", at a fixed rate. */
    static AutoCloseable daemonThread(Duration period, Runnable tick) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleAtFixedRate(tick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return () -> {
            executor.shutdownNow();
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("the metrics thread did not stop within 2 s");
            }
        };
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
                LOG.debug("the GPU source failed this tick", e);
                gpus = List.of();
            }
            long[] disk = SystemProbe.disk(diskPath);
            return new MetricsSnapshot(clock.instant(), gpus, gpu.kind(), gpu.note(), system.cpuPercent(),
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
                LOG.debug("no GPU memory figure for process {}", p, e);
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
        AutoCloseable t;
        synchronized (this) {
            t = ticking;
        }
        if (t != null) {
            try {
                t.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("stopping the metrics ticks failed", e);
            }
        }
        gpu.close();
    }
}
