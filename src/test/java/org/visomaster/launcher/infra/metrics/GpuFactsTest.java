package org.visomaster.launcher.infra.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.testing.FakeNvidiaSmi;

/** GPU facts through the stand-in NVML library and through stand-in nvidia-smi scripts. */
class GpuFactsTest {
    private static final long MIB = 1024L * 1024L;

    @TempDir
    Path tmp;

    private GpuFacts smi(FakeNvidiaSmi.Box box) throws Exception {
        return GpuFactsProbe.probeNow(FakeNvidiaSmi.hostFor(tmp.resolve("smi-" + box.driver() + box.cuda()), box));
    }

    @Test
    void nvidiaSmiGivesCapabilityMemoryDriverAndItsCuda() throws Exception {
        GpuFacts a100 = smi(FakeNvidiaSmi.A100);
        assertEquals(GpuSourceKind.NVIDIA_SMI, a100.source());
        assertEquals(List.of(new GpuInfo(0, "NVIDIA A100-SXM4-80GB", "8.0", 81920 * MIB)), a100.gpus());
        assertEquals("550.54.15", a100.driverVersion());
        assertEquals("12.4", a100.cudaVersion());
        assertEquals("sm_80", a100.gpus().get(0).smName());

        GpuFacts rtx = smi(FakeNvidiaSmi.RTX_5090);
        assertEquals("sm_120", rtx.gpus().get(0).smName());
        assertEquals(120, rtx.gpus().get(0).capabilityNumber());
        assertEquals("NVIDIA GeForce RTX 5090 (sm_120, 31.8 GiB); driver 575.57.08 (CUDA 12.9)", rtx.summary());
        assertEquals("9.0", smi(FakeNvidiaSmi.H100).gpus().get(0).computeCapability());
    }

    @Test
    void anOldDriverWithoutTheComputeCapFieldKeepsTheRestAndLeavesTheCapabilityUnknown() throws Exception {
        GpuFacts old = smi(FakeNvidiaSmi.OLD_DRIVER);
        assertEquals(List.of(new GpuInfo(0, "Tesla T4", "", 15360 * MIB)), old.gpus());
        assertEquals("470.182.03", old.driverVersion());
        assertEquals("11.4", old.cudaVersion());
        assertEquals("", old.gpus().get(0).smName());
        assertEquals(-1, old.gpus().get(0).capabilityNumber());
    }

    @Test
    void oneFailingGpuOfSeveralKeepsTheOthersCapabilityAndNamesTheError() throws Exception {
        // nvidia-smi exits 15 but its line for GPU 0 is valid, and is the compute_cap query's
        GpuFacts facts = smi(FakeNvidiaSmi.RTX_5090_ONE_LOST);
        assertEquals(List.of(new GpuInfo(0, "NVIDIA GeForce RTX 5090", "12.0", 32607 * MIB)), facts.gpus());
        assertEquals("575.57.08", facts.driverVersion());
        assertEquals("nvidia-smi: Unable to determine the device handle for GPU0000:41:00.0: Unknown Error",
                facts.note());

        GpuFacts mixed = smi(FakeNvidiaSmi.RTX_4090_AND_5090);
        assertEquals(List.of("8.9", "12.0"), mixed.gpus().stream().map(GpuInfo::computeCapability).toList());
        assertEquals("", mixed.note());
    }

    @Test
    void noNvidiaSmiOrABrokenDriverIsNoGpuWithASentence() throws Exception {
        GpuFacts none = GpuFactsProbe.probeNow(FakeNvidiaSmi.host(tmp.resolve("none"), (String) null));
        assertFalse(none.hasGpu());
        assertEquals(GpuSourceKind.NONE, none.source());
        assertTrue(none.summary().startsWith("No NVIDIA GPU detected"), none.summary());

        Path dir = Files.createDirectories(tmp.resolve("broken"));
        Path script = dir.resolve("nvidia-smi");
        Files.writeString(script, "#!/bin/sh\necho \"NVIDIA-SMI has failed because it couldn't communicate with the"
                + " NVIDIA driver.\"\nexit 9\n");
        assertTrue(script.toFile().setExecutable(true));
        GpuFacts broken = GpuFactsProbe.probeNow(new HostEnvironment(Map.of("PATH", dir + ":/usr/bin:/bin",
                "VISO_NVML_LIBRARY", "none")));
        assertFalse(broken.hasGpu());
        assertEquals("nvidia-smi found no usable GPU: NVIDIA-SMI has failed because it couldn't communicate with the"
                + " NVIDIA driver.", broken.note());
        assertTrue(broken.driverFailing(), "nvidia-smi is there but fails: not a machine without a GPU");
        assertFalse(none.driverFailing());
    }

    @Test
    void anNvmlLibraryThatLoadsButDoesNotStartIsAFailingDriverNamingTheError() throws Exception {
        Path lib = FakeNvml.compile(tmp, "-DINIT_FAILS");
        Path empty = Files.createDirectories(tmp.resolve("no-smi"));
        GpuFacts facts = GpuFactsProbe.probeNow(new HostEnvironment(Map.of("PATH", empty + ":/bin",
                "VISO_NVML_LIBRARY", lib.toString())));
        assertFalse(facts.hasGpu());
        assertTrue(facts.driverFailing());
        assertEquals(GpuSourceKind.NVML, facts.source());
        assertEquals("the NVIDIA driver library " + lib + " is there, but nvmlInit_v2 failed with"
                + " NVML_ERROR_DRIVER_NOT_LOADED (9) (and nvidia-smi is not on PATH)", facts.note());
        assertTrue(facts.driverFailingSentence().endsWith("restart the instance, or rent another host."),
                facts.driverFailingSentence());
    }

    @Test
    void nvmlComesFirstAndGivesTheSameFacts() throws Exception {
        Path lib = FakeNvml.compile(tmp);
        // an RTX 5090 nvidia-smi on PATH too: NVML wins
        HostEnvironment host = FakeNvidiaSmi.hostFor(tmp.resolve("smi"), FakeNvidiaSmi.RTX_5090)
                .with(Map.of("VISO_NVML_LIBRARY", lib.toString()));
        GpuFacts facts = GpuFactsProbe.probeNow(host);
        assertEquals(GpuSourceKind.NVML, facts.source());
        assertEquals(List.of(new GpuInfo(0, "NVIDIA H100 80GB HBM3", "9.0", 81559 * MIB),
                new GpuInfo(1, "NVIDIA L4", "8.9", 23034 * MIB)), facts.gpus());
        assertEquals("550.54.15", facts.driverVersion());
        assertEquals("12.4", facts.cudaVersion());

        GpuFacts blackwell = GpuFactsProbe.probeNow(host.with(Map.of("VISO_NVML_LIBRARY",
                FakeNvml.compile(tmp, "-DBLACKWELL").toString())));
        assertEquals("12.0", blackwell.gpus().get(0).computeCapability());
        assertEquals("12.9", blackwell.cudaVersion());

        GpuFacts old = GpuFactsProbe.probeNow(host.with(Map.of("VISO_NVML_LIBRARY",
                FakeNvml.compile(tmp, "-DOLD_DRIVER").toString())));
        assertEquals("", old.gpus().get(0).computeCapability(), "a driver without the capability function");
        assertEquals("470.182.03", old.driverVersion());
        assertEquals("11.4", old.cudaVersion());
    }

    @Test
    void versionsCompareAsNumbers() {
        assertEquals(120, Capability.number("12.0"));
        assertEquals(90, Capability.number("9.0"));
        assertEquals(-1, Capability.number(""));
        assertEquals(-1, Capability.number("[N/A]"));
        assertTrue(Capability.compareVersions("12.10", "12.9") > 0);
        assertTrue(Capability.compareVersions("11.4", "12.0") < 0);
        assertEquals(0, Capability.compareVersions("12.8", "12.8"));
        assertEquals("12.8", Capability.fromNvml(12080));
        assertEquals("13.0", Capability.fromNvml(13000));
    }
}
