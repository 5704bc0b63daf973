package org.visomaster.launcher.infra.metrics;

import java.util.List;

/** The source when there is no NVIDIA GPU to read: no figures, one note for the user. */
final class NoGpuSource implements GpuSource {
    private final String note;

    NoGpuSource(String note) {
        this.note = note;
    }

    @Override
    public GpuSourceKind kind() {
        return GpuSourceKind.NONE;
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
    public String note() {
        return note;
    }

    @Override
    public void close() {
    }
}
