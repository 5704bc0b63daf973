package org.visomaster.launcher.infra.metrics;

/** VisoMaster's own footprint: resident memory (-1 unknown) and GPU memory (-1 when the GPU source cannot tell). */
public record ProcessSample(long pid, long rssBytes, long gpuMemoryBytes) {
}
