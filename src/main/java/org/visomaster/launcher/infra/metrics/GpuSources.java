package org.visomaster.launcher.infra.metrics;

import org.visomaster.launcher.infra.process.HostEnvironment;

/** Picks the best GPU source available: NVML, else a long-running nvidia-smi, else none. Never throws. */
public final class GpuSources {
    private GpuSources() {
    }

    public static GpuSource detect(HostEnvironment host) {
        GpuSource nvml = NvmlGpuSource.open();
        if (nvml != null) {
            return nvml;
        }
        return detectWithoutNvml(host);
    }

    /** The nvidia-smi / none part of {@link #detect}; tests use it so a real NVML on the machine cannot interfere. */
    public static GpuSource detectWithoutNvml(HostEnvironment host) {
        return host.which("nvidia-smi")
                .<GpuSource>map(smi -> new NvidiaSmiGpuSource(smi, host))
                .orElseGet(() -> new NoGpuSource("No NVIDIA GPU detected"));
    }
}
