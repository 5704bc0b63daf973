package org.visomaster.launcher.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Samples GPU, CPU, RAM, workspace disk and VisoMaster's process once per period on one daemon thread and hands
 * each {@link MetricsSnapshot} to a listener (on that thread). Never lets an exception stop the ticks.
 */
public final class MetricsService implements AutoCloseable {
    private final GpuSource gpu;
    private final Path diskPath;
    private final LongSupplier visomasterPid;

    public MetricsService(GpuSource gpu, Path diskPath, LongSupplier visomasterPid) {
        this.gpu = gpu;
        this.diskPath = diskPath;
        this.visomasterPid = visomasterPid;
    }

    public void start(Consumer<MetricsSnapshot> listener, Duration period) {
        // TODO
    }

    /** One snapshot now, on the caller's thread. */
    public MetricsSnapshot sampleNow() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Stops the ticks and closes the GPU source. */
    @Override
    public void close() {
        gpu.close();
    }
}
