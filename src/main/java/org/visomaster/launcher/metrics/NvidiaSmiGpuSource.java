package org.visomaster.launcher.metrics;

import java.nio.file.Path;
import java.util.List;
import org.visomaster.launcher.process.HostEnvironment;

/** GPU figures from one long-running {@code nvidia-smi --query-gpu=... -lms 1000}. */
final class NvidiaSmiGpuSource implements GpuSource {
    private final Path binary;
    private final HostEnvironment host;

    NvidiaSmiGpuSource(Path binary, HostEnvironment host) {
        this.binary = binary;
        this.host = host;
    }

    @Override
    public GpuSourceKind kind() {
        return GpuSourceKind.NVIDIA_SMI;
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
