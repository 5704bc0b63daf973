package org.visomaster.launcher.frontend.ui.meters;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.visomaster.launcher.infra.metrics.GpuSample;
import org.visomaster.launcher.infra.metrics.MetricsSnapshot;
import org.visomaster.launcher.infra.metrics.ProcessSample;
import org.visomaster.launcher.frontend.ui.services.BackgroundExecutor;
import org.visomaster.launcher.infra.util.Units;

/**
 * The meters: each GPU (utilisation and VRAM), CPU, RAM, workspace disk and VisoMaster's footprint. Snapshots
 * arrive once a second on the metrics thread; each costs exactly one UI hop.
 */
public final class MetricsViewModel {
    private final BackgroundExecutor executor;
    /** Two meters per GPU, in index order: utilisation, then VRAM. */
    private final ObservableList<MeterModel> gpuMeters = FXCollections.observableArrayList();
    /** One read-only view, kept: a fresh wrapper per call would drop listeners when collected. */
    private final ObservableList<MeterModel> gpuMetersView = FXCollections.unmodifiableObservableList(gpuMeters);
    private final MeterModel cpu = new MeterModel("CPU");
    private final MeterModel ram = new MeterModel("RAM");
    private final MeterModel disk = new MeterModel("Workspace disk");
    private final ReadOnlyStringWrapper gpuNote = new ReadOnlyStringWrapper(this, "gpuNote", "");
    private final ReadOnlyStringWrapper visomaster = new ReadOnlyStringWrapper(this, "visomaster", "");
    private final ReadOnlyLongWrapper ticks = new ReadOnlyLongWrapper(this, "ticks");

    public MetricsViewModel(BackgroundExecutor executor) {
        this.executor = executor;
    }

    /** The metrics service's listener (its thread). */
    public void onSnapshot(MetricsSnapshot s) {
        executor.onUi(() -> apply(s));
    }

    private void apply(MetricsSnapshot s) {
        applyGpus(s.gpus());
        gpuNote.set(s.gpus().isEmpty() && s.gpuNote().isBlank() ? "No GPU figures yet." : s.gpuNote());
        double cpuF = s.cpuPercent() / 100.0;
        cpu.sample(cpuF, percent(s.cpuPercent()), "");
        ram.sample(ratio(s.ramUsedBytes(), s.ramTotalBytes()), percent(100 * ratio(s.ramUsedBytes(),
                s.ramTotalBytes())), usedOf(s.ramUsedBytes(), s.ramTotalBytes()));
        disk.sample(ratio(s.diskUsedBytes(), s.diskTotalBytes()), percent(100 * ratio(s.diskUsedBytes(),
                s.diskTotalBytes())), usedOf(s.diskUsedBytes(), s.diskTotalBytes()));
        visomaster.set(describe(s.visomaster()));
        ticks.set(ticks.get() + 1);
    }

    private void applyGpus(List<GpuSample> gpus) {
        if (gpuMeters.size() != gpus.size() * 2) {
            gpuMeters.clear();
            for (GpuSample g : gpus) {
                gpuMeters.add(new MeterModel(""));
                gpuMeters.add(new MeterModel(""));
            }
        }
        for (int i = 0; i < gpus.size(); i++) {
            GpuSample g = gpus.get(i);
            String name = gpuTitle(g, gpus.size());
            MeterModel util = gpuMeters.get(2 * i);
            util.title(name);
            util.sample(g.utilizationPercent() / 100.0, percent(g.utilizationPercent()), gpuDetail(g));
            MeterModel vram = gpuMeters.get(2 * i + 1);
            vram.title("GPU " + g.index() + " VRAM");
            double f = ratio(g.memoryUsedBytes(), g.memoryTotalBytes());
            vram.sample(f, percent(100 * f), usedOf(g.memoryUsedBytes(), g.memoryTotalBytes()));
        }
    }

    /** "GeForce RTX 4090" (the vendor is always NVIDIA here); "1: Tesla T4" when there are several GPUs. */
    static String gpuTitle(GpuSample g, int count) {
        String name = g.name() == null || g.name().isBlank() ? "GPU " + g.index()
                : g.name().replaceFirst("^NVIDIA ", "");
        return count > 1 ? g.index() + ": " + name : name;
    }

    static String gpuDetail(GpuSample g) {
        String temp = Double.isNaN(g.temperatureC()) ? "— °C"
                : String.format(Locale.ROOT, "%.0f °C", g.temperatureC());
        String power = Double.isNaN(g.powerWatts()) ? "— W" : String.format(Locale.ROOT, "%.0f W", g.powerWatts());
        if (!Double.isNaN(g.powerWatts()) && !Double.isNaN(g.powerLimitWatts()) && g.powerLimitWatts() > 0) {
            power += String.format(Locale.ROOT, " of %.0f W", g.powerLimitWatts());
        }
        return temp + " · " + power;
    }

    static String percent(double p) {
        return Double.isNaN(p) || p < 0 ? "—" : String.format(Locale.ROOT, "%.0f %%", p);
    }

    static double ratio(long used, long total) {
        return used < 0 || total <= 0 ? Double.NaN : Math.min(1.0, (double) used / total);
    }

    static String usedOf(long used, long total) {
        if (used < 0 || total <= 0) {
            return "—";
        }
        return Units.bytes(used) + " of " + Units.bytes(total);
    }

    private static String describe(ProcessSample p) {
        if (p == null) {
            return "VisoMaster is not running.";
        }
        String vram = p.gpuMemoryBytes() < 0 ? "VRAM unknown" : "VRAM " + Units.bytes(p.gpuMemoryBytes());
        String rss = p.rssBytes() < 0 ? "RAM unknown" : "RAM " + Units.bytes(p.rssBytes());
        return "VisoMaster (pid " + p.pid() + "): " + rss + " · " + vram;
    }

    public ObservableList<MeterModel> gpuMeters() {
        return gpuMetersView;
    }

    public MeterModel cpu() {
        return cpu;
    }

    public MeterModel ram() {
        return ram;
    }

    public MeterModel disk() {
        return disk;
    }

    /** "No NVIDIA GPU detected" and the like; empty when the GPU source has nothing to say. */
    public ReadOnlyStringProperty gpuNoteProperty() {
        return gpuNote.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty visomasterProperty() {
        return visomaster.getReadOnlyProperty();
    }

    /** Snapshots applied so far. */
    public ReadOnlyLongProperty ticksProperty() {
        return ticks.getReadOnlyProperty();
    }
}
