package org.visomaster.launcher.infra.metrics;

/**
 * The lasting facts of one GPU (not its live figures): what it is, its CUDA compute capability ("9.0", "12.0"; empty
 * when the driver cannot tell) and its memory (-1 when unknown).
 */
public record GpuInfo(int index, String name, String computeCapability, long memoryTotalBytes) {
    public GpuInfo {
        name = name == null ? "" : name.strip();
        computeCapability = computeCapability == null ? "" : computeCapability.strip();
    }

    /** The capability as torch and nvcc spell it: "sm_90", "sm_120"; empty when unknown. */
    public String smName() {
        return computeCapability.isEmpty() ? "" : "sm_" + computeCapability.replace(".", "");
    }

    /** The capability as one number (9.0 → 90, 12.0 → 120), or -1 when unknown or unreadable. */
    public int capabilityNumber() {
        return Capability.number(computeCapability);
    }
}
