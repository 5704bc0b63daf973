package org.visomaster.launcher.frontend.ui.meters;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.metrics.GpuSample;
import org.visomaster.launcher.infra.metrics.GpuSourceKind;
import org.visomaster.launcher.infra.metrics.GpuSources;
import org.visomaster.launcher.infra.metrics.MetricsService;
import org.visomaster.launcher.infra.metrics.MetricsSnapshot;
import org.visomaster.launcher.infra.metrics.ProcessSample;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.testing.FakeNvidiaSmi;
import org.visomaster.launcher.frontend.ui.QueuedExecutor;

class MetricsViewModelTest {
    @TempDir
    Path tmp;
    final QueuedExecutor ex = new QueuedExecutor();

    static MetricsSnapshot snapshot(List<GpuSample> gpus, String note, double cpu, ProcessSample viso) {
        return new MetricsSnapshot(Instant.now(), gpus, gpus.isEmpty() ? GpuSourceKind.NONE
                : GpuSourceKind.NVIDIA_SMI, note, cpu, 6L << 30, 16L << 30, 40L << 30, 100L << 30, viso);
    }

    @Test
    void eachSnapshotIsOneUiHopAndFillsEveryMeter() {
        MetricsViewModel vm = new MetricsViewModel(ex);
        GpuSample gpu = new GpuSample(0, "NVIDIA GeForce RTX 4090", 57, 10L << 30, 24L << 30, 61, 215.4, 450);
        vm.onSnapshot(snapshot(List.of(gpu), "", 12.5, new ProcessSample(4242, 3L << 30, 5L << 30)));
        assertEquals(1, ex.uiHops());
        ex.runUiTasks();
        assertEquals(2, vm.gpuMeters().size());
        MeterModel util = vm.gpuMeters().get(0);
        assertEquals("GeForce RTX 4090", util.title());
        assertEquals("57 %", util.value());
        assertEquals("61 °C · 215 W of 450 W", util.detail());
        MeterModel vram = vm.gpuMeters().get(1);
        assertEquals("42 %", vram.value());
        assertEquals("10.0 GiB of 24.0 GiB", vram.detail());
        assertEquals("13 %", vm.cpu().value());
        assertEquals("6.0 GiB of 16.0 GiB", vm.ram().detail());
        assertEquals("40 %", vm.disk().value());
        assertEquals("", vm.gpuNoteProperty().get());
        assertEquals("VisoMaster (pid 4242): RAM 3.0 GiB · VRAM 5.0 GiB", vm.visomasterProperty().get());
    }

    @Test
    void unknownFiguresShowAsDashesAndNoGpuIsSaidPlainly() {
        MetricsViewModel vm = new MetricsViewModel(ex);
        GpuSample unknown = new GpuSample(0, "NVIDIA H100", Double.NaN, 1L << 30, -1, Double.NaN, Double.NaN,
                Double.NaN);
        vm.onSnapshot(snapshot(List.of(unknown), "", Double.NaN, new ProcessSample(7, -1, -1)));
        ex.runUiTasks();
        assertEquals("—", vm.gpuMeters().get(0).value());
        assertEquals("— °C · — W", vm.gpuMeters().get(0).detail());
        assertEquals("—", vm.gpuMeters().get(1).value());
        assertEquals("—", vm.cpu().value());
        assertEquals("VisoMaster (pid 7): RAM unknown · VRAM unknown", vm.visomasterProperty().get());

        vm.onSnapshot(snapshot(List.of(), "No NVIDIA GPU detected", 5, null));
        ex.runUiTasks();
        assertEquals(0, vm.gpuMeters().size());
        assertEquals("No NVIDIA GPU detected", vm.gpuNoteProperty().get());
        assertEquals("VisoMaster is not running.", vm.visomasterProperty().get());
    }

    @Test
    void historyKeepsTheLastMinute() {
        MetricsViewModel vm = new MetricsViewModel(ex);
        for (int i = 0; i < 75; i++) {
            vm.onSnapshot(snapshot(List.of(), "", i, null));
        }
        ex.runUiTasks();
        double[] h = vm.cpu().history();
        assertEquals(MeterModel.HISTORY_SECONDS, h.length);
        assertEquals(0.15, h[0], 1e-9);
        assertEquals(0.74, h[h.length - 1], 1e-9);
        assertEquals(75, vm.ticksProperty().get());
    }

    /** The real sampler over a fake nvidia-smi on PATH: normal values, [N/A] fields, and no binary at all. */
    @Test
    void realSamplerWithAFakeNvidiaSmi() throws Exception {
        assertEquals("57 %", firstGpuValue(FakeNvidiaSmi.host(tmp.resolve("normal"), FakeNvidiaSmi.NORMAL), false));
        assertEquals("—", firstGpuValue(FakeNvidiaSmi.host(tmp.resolve("na"), FakeNvidiaSmi.UNKNOWN), false));
        assertEquals("No NVIDIA GPU detected", firstGpuValue(FakeNvidiaSmi.host(tmp.resolve("none"), null), true));
    }

    private String firstGpuValue(HostEnvironment host, boolean expectNone) throws Exception {
        MetricsViewModel vm = new MetricsViewModel(ex);
        try (MetricsService service = new MetricsService(GpuSources.detectWithoutNvml(host), tmp, () -> -1)) {
            service.start(vm::onSnapshot, Duration.ofMillis(200));
            await().until(() -> {
                ex.runUiTasks();
                return expectNone ? vm.ticksProperty().get() > 0 : !vm.gpuMeters().isEmpty();
            });
        }
        ex.runUiTasks();
        assertTrue(vm.cpu().history().length > 0);
        return expectNone ? vm.gpuNoteProperty().get() : vm.gpuMeters().get(0).value();
    }
}
