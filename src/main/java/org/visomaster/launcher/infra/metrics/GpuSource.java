package org.visomaster.launcher.infra.metrics;

import java.util.List;

/** A provider of GPU figures. Implementations never throw from {@link #sample()}: trouble means an empty list. */
interface GpuSource extends AutoCloseable {
    GpuSourceKind kind();

    /** The latest figures for every GPU, ordered by index; empty when none are known (yet). */
    List<GpuSample> sample();

    /** GPU memory used by one process across all GPUs, or -1 when this source cannot tell. */
    long processGpuMemory(long pid);

    /** A sentence for the user about this source (e.g. "No NVIDIA GPU detected"), or empty. */
    default String note() {
        return "";
    }

    @Override
    void close();
}
