package org.visomaster.launcher.metrics;

/** Where GPU figures come from, best first. */
public enum GpuSourceKind {
    NVML, NVIDIA_SMI, NONE
}
