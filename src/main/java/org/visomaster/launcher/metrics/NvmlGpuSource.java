package org.visomaster.launcher.metrics;

import java.util.List;

/** GPU figures straight from the driver's NVML library (libnvidia-ml.so.1) through JNA. */
final class NvmlGpuSource implements GpuSource {
    /** Opens NVML, or returns null when the library is missing or fails to initialise. */
    static NvmlGpuSource open() {
        return null; // TODO
    }

    @Override
    public GpuSourceKind kind() {
        return GpuSourceKind.NVML;
    }

    @Override
    public List<GpuSample> sample() {
        return List.of();
    }

    @Override
    public long processGpuMemory(long pid) {
        return -1;
    }

    @Override
    public void close() {
    }
}
