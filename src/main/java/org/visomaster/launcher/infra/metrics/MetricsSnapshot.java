package org.visomaster.launcher.infra.metrics;

import java.time.Instant;
import java.util.List;

/**
 * Everything the meters show for one tick. {@code gpuNote} is a sentence for the user when there is something to
 * say about the GPU source (e.g. "No NVIDIA GPU detected"), else empty. {@code cpuPercent} is NaN on the first tick
 * or when unknown; byte counts are -1 when unknown. {@code visomaster} is null when VisoMaster is not running.
 */
public record MetricsSnapshot(Instant time, List<GpuSample> gpus, GpuSourceKind gpuSource, String gpuNote,
                              double cpuPercent, long ramUsedBytes, long ramTotalBytes, long diskUsedBytes,
                              long diskTotalBytes, ProcessSample visomaster) {
    public MetricsSnapshot {
        gpus = List.copyOf(gpus);
        gpuNote = gpuNote == null ? "" : gpuNote;
    }
}
