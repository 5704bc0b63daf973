package org.visomaster.launcher.infra.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmiCsvTest {
    @Test
    void parsesANormalLine() {
        GpuSample s = SmiCsv.gpuLine("0, NVIDIA GeForce RTX 3090, 100, 23170, 24576, 83, 349.12, 350.00").orElseThrow();
        assertEquals(new GpuSample(0, "NVIDIA GeForce RTX 3090", 100, 23170L << 20, 24576L << 20, 83, 349.12, 350),
                s);
    }

    @Test
    void parsesALineAsARealH100PrintsIt() {
        // captured from nvidia-smi (driver 580) on an H100 with the launcher's exact query
        GpuSample s = SmiCsv.gpuLine("0, NVIDIA H100 80GB HBM3, 0, 0, 81559, 34, 111.87, 700.00").orElseThrow();
        assertEquals(new GpuSample(0, "NVIDIA H100 80GB HBM3", 0, 0, 81559L << 20, 34, 111.87, 700), s);
    }

    @Test
    void aNameWithCommasKeepsThem() {
        GpuSample s = SmiCsv.gpuLine("3, Some, Odd, Name, 1, 2, 3, 4, 5.5, 6").orElseThrow();
        assertEquals(3, s.index());
        assertEquals("Some, Odd, Name", s.name());
        assertEquals(1.0, s.utilizationPercent());
        assertEquals(6.0, s.powerLimitWatts());
    }

    @Test
    void placeholdersAreUnknown() {
        for (String f : new String[] {"[N/A]", "[Not Supported]", "[Unknown Error]", "", "  ", "N/A", "abc", "NaN"}) {
            assertTrue(Double.isNaN(SmiCsv.number(f)), f);
            assertEquals(-1, SmiCsv.mib(f), f);
        }
        assertEquals(1536L << 20, SmiCsv.mib(" 1536 "));
    }

    @Test
    void messagesAreNotSamples() {
        assertTrue(SmiCsv.gpuLine("No devices were found").isEmpty());
        assertTrue(SmiCsv.gpuLine("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. "
                + "Make sure that the latest NVIDIA driver is installed and running.").isEmpty());
        assertTrue(SmiCsv.gpuLine("").isEmpty());
        assertTrue(SmiCsv.gpuLine("x, a, 1, 2, 3, 4, 5, 6").isEmpty());
    }
}
