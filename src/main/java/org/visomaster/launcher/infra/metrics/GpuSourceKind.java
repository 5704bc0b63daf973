package org.visomaster.launcher.infra.metrics;

/** Where GPU figures come from, best first. */
public enum GpuSourceKind {
    NVML, NVIDIA_SMI, NONE
}
