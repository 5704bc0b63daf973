package org.visomaster.launcher.infra.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JNA binding against a stand-in libnvidia-ml compiled here from src/test/resources/fake-nvml (the real one
 * needs an NVIDIA GPU; MetricsProbe checks that). Skipped only where no C compiler is installed.
 */
class NvmlGpuSourceTest {
    private static final long MIB = 1024L * 1024L;

    @TempDir
    Path tmp;

    interface FakeControl extends Library {
        int fake_initialised();
    }

    private Path compile(String... defines) throws IOException, InterruptedException {
        return FakeNvml.compile(tmp, defines);
    }

    @Test
    void readsEveryFieldThroughTheBinding() throws Exception {
        Path lib = compile();
        NvmlGpuSource source = NvmlGpuSource.open(lib.toString());
        assertNotNull(source);
        FakeControl control = Native.load(lib.toString(), FakeControl.class);
        try {
            assertEquals(GpuSourceKind.NVML, source.kind());
            List<GpuSample> gpus = source.sample();
            assertEquals(2, gpus.size());
            GpuSample h100 = gpus.get(0);
            assertEquals(new GpuSample(0, "NVIDIA H100 80GB HBM3", 87, 20480 * MIB, 81559 * MIB, 71, 301.25, 700),
                    h100);
            GpuSample l4 = gpus.get(1);
            assertEquals("NVIDIA L4", l4.name());
            assertEquals(5.0, l4.utilizationPercent());
            assertEquals(100 * MIB, l4.memoryUsedBytes());
            assertTrue(Double.isNaN(l4.temperatureC()), "a field NVML does not support is unknown");
            assertEquals(30.0, l4.powerWatts());
            assertEquals(72.0, l4.powerLimitWatts());
        } finally {
            source.close();
        }
        assertEquals(0, control.fake_initialised(), "close() shuts NVML down");
        assertTrue(source.sample().isEmpty());
    }

    @Test
    void perProcessMemoryGrowsTheBufferFallsBackToV2AndSumsOverGpus() throws Exception {
        try (NvmlGpuSource source = NvmlGpuSource.open(compile().toString())) {
            assertNotNull(source);
            // GPU 0: compute 1 GiB (70th entry, needs a bigger buffer) vs graphics 300 MiB: the larger; GPU 1: 512 MiB
            assertEquals(1536 * MIB, source.processGpuMemory(4242));
            assertEquals(MIB, source.processGpuMemory(10000));
            assertEquals(69 * MIB, source.processGpuMemory(10068), "an entry beyond the first 64");
            assertEquals(-1, source.processGpuMemory(5555), "NVML_VALUE_NOT_AVAILABLE is unknown");
            assertEquals(-1, source.processGpuMemory(1));
        }
    }

    @Test
    void aDriverThatFailsToInitialiseOrNoLibraryAtAllIsNullNotAThrow() throws Exception {
        assertNull(NvmlGpuSource.open(compile("-DINIT_FAILS").toString()));
        assertNull(NvmlGpuSource.open(tmp.resolve("missing/libnvidia-ml.so.1").toString()));
        assertNull(NvmlGpuSource.open("libc.so.6"), "a library without NVML's functions");
    }
}
