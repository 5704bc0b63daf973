package org.visomaster.launcher.infra.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.process.ProcessChecks;
import org.visomaster.launcher.testing.FakeNvidiaSmi;

class NvidiaSmiGpuSourceTest {
    private static final long MIB = 1024L * 1024L;

    @TempDir
    Path tmp;

    @Test
    void oneLongRunningNvidiaSmiStreamsTwoGpusAndIsKilledOnClose() throws Exception {
        HostEnvironment host = FakeNvidiaSmi.install(tmp, FakeNvidiaSmi.TWO_GPUS);
        GpuSource source = GpuSources.detectWithoutNvml(host);
        try {
            assertEquals(GpuSourceKind.NVIDIA_SMI, source.kind());
            await().until(() -> source.sample().size() == 2);
            List<GpuSample> gpus = source.sample();
            GpuSample a = gpus.get(0);
            GpuSample b = gpus.get(1);
            assertEquals(0, a.index());
            assertEquals("NVIDIA GeForce RTX 4090", a.name());
            assertEquals(10240 * MIB, a.memoryUsedBytes());
            assertEquals(24564 * MIB, a.memoryTotalBytes());
            assertEquals(61.0, a.temperatureC());
            assertEquals(215.37, a.powerWatts(), 1e-9);
            assertEquals(450.0, a.powerLimitWatts(), 1e-9);
            assertEquals("NVIDIA A100-SXM4-80GB", b.name());
            assertEquals(0.0, b.utilizationPercent());
            assertEquals(81920 * MIB, b.memoryTotalBytes());
            assertEquals("", source.note());
            // the figures move as new lines arrive: the reader keeps the newest line per GPU
            await().until(() -> source.sample().get(0).utilizationPercent() >= 4);

            assertEquals(1, FakeNvidiaSmi.runs(tmp), "one long-running nvidia-smi, not one per sample");
            String args = Files.readAllLines(tmp.resolve("runs")).get(0);
            assertEquals("--query-gpu=index,name,utilization.gpu,memory.used,memory.total,temperature.gpu,"
                    + "power.draw,power.limit --format=csv,noheader,nounits -lms 1000", args);
        } finally {
            source.close();
        }
        long smiPid = FakeNvidiaSmi.pid(tmp);
        await().until(() -> ProcessChecks.isGone(smiPid));
        // the loop that would restart it has ended, so "no restart" holds for good, not just for a while
        assertFalse(((NvidiaSmiGpuSource) source).isReading(), "the reader stopped with close");
        assertEquals(1, FakeNvidiaSmi.runs(tmp), "no restart after close");
    }

    @Test
    void placeholderFieldsBecomeUnknown() throws Exception {
        GpuSource source = GpuSources.detectWithoutNvml(FakeNvidiaSmi.install(tmp, FakeNvidiaSmi.UNKNOWN_FIELDS));
        try {
            await().until(() -> source.sample().size() == 2);
            GpuSample h100 = source.sample().get(0);
            assertEquals("NVIDIA H100 80GB HBM3", h100.name());
            assertTrue(Double.isNaN(h100.utilizationPercent()));
            assertEquals(1234 * MIB, h100.memoryUsedBytes());
            assertEquals(81559 * MIB, h100.memoryTotalBytes());
            assertTrue(Double.isNaN(h100.temperatureC()));
            assertTrue(Double.isNaN(h100.powerWatts()));
            assertTrue(Double.isNaN(h100.powerLimitWatts()));
            GpuSample t4 = source.sample().get(1);
            assertTrue(Double.isNaN(t4.utilizationPercent()));
            assertEquals(-1, t4.memoryUsedBytes());
            assertEquals(45.0, t4.temperatureC());
            assertEquals(27.5, t4.powerWatts(), 1e-9);
        } finally {
            source.close();
        }
    }

    @Test
    void missingBinaryMeansNoGpuWithANoteNotAnError() {
        HostEnvironment host = new HostEnvironment(Map.of("PATH", tmp + ":/usr/bin:/bin"));
        try (GpuSource source = GpuSources.detectWithoutNvml(host)) {
            assertEquals(GpuSourceKind.NONE, source.kind());
            assertEquals("No NVIDIA GPU detected", source.note());
            assertTrue(source.sample().isEmpty());
            assertEquals(-1, source.processGpuMemory(ProcessHandle.current().pid()));
        }
    }

    @Test
    void aBrokenDriverIsRetriedWithBackoffAndItsMessageBecomesTheNote() throws Exception {
        GpuSource source = GpuSources.detectWithoutNvml(FakeNvidiaSmi.install(tmp, FakeNvidiaSmi.DRIVER_BROKEN));
        try {
            await().until(() -> source.note().contains("couldn't communicate with the NVIDIA driver"));
            assertTrue(source.note().startsWith("nvidia-smi: NVIDIA-SMI has failed"), source.note());
            assertTrue(source.sample().isEmpty());
            await().until(() -> FakeNvidiaSmi.startTimes(tmp).size() >= 2);
            // backoff doubles (1 s, 2 s, 4 s …): the second start waited at least a second, no busy restart loop
            List<Long> starts = FakeNvidiaSmi.startTimes(tmp);
            assertTrue(starts.get(1) - starts.get(0) >= 1000, "restarted after " + (starts.get(1) - starts.get(0))
                    + " ms");
        } finally {
            source.close();
        }
    }

    @Test
    void aDeadNvidiaSmiIsRestartedAndKeepsFeedingSamples() throws Exception {
        GpuSource source = GpuSources.detectWithoutNvml(
                FakeNvidiaSmi.install(tmp, FakeNvidiaSmi.ONE_SAMPLE_THEN_EXIT));
        try {
            await().until(() -> source.sample().size() == 1);
            await().until(() -> FakeNvidiaSmi.runs(tmp) >= 3);
            assertEquals("NVIDIA L4", source.sample().get(0).name());
        } finally {
            source.close();
        }
    }

    @Test
    void figuresOfASilentNvidiaSmiGoStaleInsteadOfFreezing() throws Exception {
        HostEnvironment host = FakeNvidiaSmi.install(tmp, FakeNvidiaSmi.ONE_SAMPLE_THEN_SILENT);
        GpuSource source = new NvidiaSmiGpuSource(host.which("nvidia-smi").orElseThrow(), host, 200);
        try {
            await().until(() -> source.sample().size() == 1);
            await().until(() -> source.sample().isEmpty());
            assertTrue(source.note().startsWith("Waiting for nvidia-smi") || source.note().startsWith("nvidia-smi"),
                    source.note());
        } finally {
            source.close();
        }
        long smiPid = FakeNvidiaSmi.pid(tmp);
        await().until(() -> ProcessChecks.isGone(smiPid));
    }

    @Test
    void perProcessGpuMemoryFromComputeAppsSumsOverGpus() throws Exception {
        HostEnvironment host = FakeNvidiaSmi.install(tmp, FakeNvidiaSmi.TWO_GPUS);
        Files.writeString(tmp.resolve("apps.csv"), "4242, 1536\n4242, 512\n777, [N/A]\n99, 10\n");
        try (GpuSource source = GpuSources.detectWithoutNvml(host)) {
            assertEquals(2048 * MIB, source.processGpuMemory(4242));
            assertEquals(10 * MIB, source.processGpuMemory(99));
            assertEquals(-1, source.processGpuMemory(777));
            assertEquals(-1, source.processGpuMemory(5));
        }
    }

    @Test
    void detectFallsThroughToNvidiaSmiWhenNvmlIsAbsent() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(NvmlGpuSource.open() == null,
                "this machine has a real NVML; detect() would rightly pick it");
        HostEnvironment host = FakeNvidiaSmi.install(tmp, FakeNvidiaSmi.TWO_GPUS);
        try (GpuSource source = GpuSources.detect(host)) {
            assertInstanceOf(NvidiaSmiGpuSource.class, source);
        }
        try (GpuSource none = GpuSources.detect(new HostEnvironment(Map.of("PATH", "/nonexistent")))) {
            assertEquals(GpuSourceKind.NONE, none.kind());
            assertEquals("No NVIDIA GPU detected", none.note());
        }
    }

}
