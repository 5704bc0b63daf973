package org.visomaster.launcher.infra.process;

/**
 * One GPU as the launch sees it: its index as nvidia-smi counts (PCI bus order), its name, and its CUDA compute
 * capability ("8.9"; empty when unknown). The supervisor gets the list from whoever reads the GPU facts.
 */
public record LaunchGpu(int index, String name, String computeCapability) {
    public LaunchGpu {
        name = name == null ? "" : name;
        computeCapability = computeCapability == null ? "" : computeCapability;
    }

    /** "GPU 1: NVIDIA A100-SXM4-80GB". */
    public String label() {
        return "GPU " + index + ": " + name;
    }
}
