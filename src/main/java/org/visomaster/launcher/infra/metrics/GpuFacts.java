package org.visomaster.launcher.infra.metrics;

import java.util.List;
import java.util.stream.Collectors;
import org.visomaster.launcher.infra.util.Units;

/**
 * What the launcher knows about this machine's NVIDIA GPUs for choosing wheels: each GPU's name, compute capability
 * and memory, the driver version and the highest CUDA version that driver supports ("12.8"; empty when unknown).
 *
 * @param source where the facts came from (NVML, nvidia-smi, or NONE when no GPU is visible)
 * @param note   a sentence when something could not be read (empty otherwise)
 */
public record GpuFacts(List<GpuInfo> gpus, String driverVersion, String cudaVersion, GpuSourceKind source,
                       String note) {
    public GpuFacts {
        gpus = List.copyOf(gpus);
        driverVersion = driverVersion == null ? "" : driverVersion.strip();
        cudaVersion = cudaVersion == null ? "" : cudaVersion.strip();
        note = note == null ? "" : note;
    }

    public static GpuFacts none(String note) {
        return new GpuFacts(List.of(), "", "", GpuSourceKind.NONE, note);
    }

    /** The driver's tool is there ({@code source}) but reads no GPU; {@code note} is its error. */
    public static GpuFacts failing(GpuSourceKind source, String note) {
        return new GpuFacts(List.of(), "", "", source, note);
    }

    public boolean hasGpu() {
        return !gpus.isEmpty();
    }

    /**
     * True when NVML or nvidia-smi is present but reads no GPU: on a rented GPU box that is a broken driver (or a
     * GPU the container lost), not a machine without a GPU.
     */
    public boolean driverFailing() {
        return gpus.isEmpty() && source != GpuSourceKind.NONE;
    }

    /** For {@link #driverFailing()}: the error and the way out, in one sentence. */
    public String driverFailingSentence() {
        String error = note.endsWith(".") ? note.substring(0, note.length() - 1) : note;
        return error + ": the NVIDIA driver on this host is broken or cannot reach its GPU, and the launcher cannot"
                + " repair a host's driver; restart the instance, or rent another host.";
    }

    /** "driver 570.124.06 (CUDA 12.8)", or what is known of it. */
    public String driverText() {
        if (driverVersion.isEmpty() && cudaVersion.isEmpty()) {
            return "driver unknown";
        }
        return (driverVersion.isEmpty() ? "driver" : "driver " + driverVersion)
                + (cudaVersion.isEmpty() ? "" : " (CUDA " + cudaVersion + ")");
    }

    /** One line per machine: "NVIDIA H100 80GB HBM3 (sm_90, 79.6 GiB); driver 550.54.15 (CUDA 12.4)". */
    public String summary() {
        if (!hasGpu()) {
            return note.isEmpty() ? "No NVIDIA GPU detected" : note;
        }
        return gpus.stream().map(g -> g.name() + " (" + (g.smName().isEmpty() ? "compute capability unknown"
                        : g.smName()) + (g.memoryTotalBytes() > 0 ? ", " + Units.bytes(g.memoryTotalBytes()) : "")
                        + ")").collect(Collectors.joining(", ")) + "; " + driverText();
    }

    /** What identifies this GPU set and driver for stamps: a change of either re-runs what depends on them. */
    public String identity() {
        return gpus.stream().map(g -> g.name() + "/" + g.computeCapability()).collect(Collectors.joining(","))
                + "|" + driverVersion + "|" + cudaVersion;
    }
}
