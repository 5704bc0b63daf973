package org.visomaster.launcher.frontend.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.frontend.app.Main;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.testing.FakeNvidiaSmi;
import org.visomaster.launcher.infra.util.Json;

/**
 * The upstream profile on stand-in machines, through the command line: the dry run names the wheels and every pin
 * they change, an old driver stops in preflight, status and doctor show the GPU facts (text and --json).
 */
class GpuWheelsCliTest {
    /** The quirks of upstream's requirements_cu124.txt at v0.1.6 that matter here. */
    static final String UPSTREAM_CU124 = String.join("\n",
            "--extra-index-url https://download.pytorch.org/whl/cu124", "", "numpy==1.26.4",
            "onnxruntime-gpu==1.20.0", "PySide6==6.8.2.1 ", "kornia", "torch==2.4.1+cu124",
            "torchvision==0.19.1+cu124", "torchaudio==2.4.1+cu124",
            "tensorrt==10.6.0 --extra-index-url https://pypi.nvidia.com", "tensorrt-cu12_libs==10.6.0",
            "tensorrt-cu12_bindings==10.6.0", "tqdm", "");

    @TempDir
    Path tmp;

    private record Run(int code, String out) {
    }

    private Run run(FakeNvidiaSmi.Box box, String... args) throws Exception {
        HostEnvironment host = FakeNvidiaSmi.hostFor(tmp.resolve("smi-" + box.driver() + box.cuda()), box);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        String[] argv = new String[args.length + 4];
        argv[0] = "--workspace";
        argv[1] = tmp.resolve("ws").toString();
        argv[2] = "--profile";
        argv[3] = "upstream";
        System.arraycopy(args, 0, argv, 4, args.length);
        int code = Main.run(argv, host, ps, ps);
        return new Run(code, buf.toString(StandardCharsets.UTF_8));
    }

    private void upstreamSource() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("ws/VisoMaster"));
        Files.writeString(source.resolve("requirements_cu124.txt"), UPSTREAM_CU124);
    }

    @Test
    void onAnRtx5090TheDryRunNamesTorchWithSm120KernelsAndEveryPinItChanges() throws Exception {
        upstreamSource();
        Run r = run(FakeNvidiaSmi.RTX_5090, "provision", "--dry-run");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("NVIDIA GeForce RTX 5090 is sm_120, which torch 2.4.1+cu124 cannot run:"
                + " installing torch 2.7.1+cu128 instead (the cu128 variant)."), r.out());
        for (String pin : new String[] {"pin onnxruntime-gpu==1.22.0 (was onnxruntime-gpu==1.20.0)",
                "pin torch==2.7.1+cu128 (was torch==2.4.1+cu124)",
                "pin torchvision==0.22.1+cu128 (was torchvision==0.19.1+cu124)",
                "pin torchaudio==2.7.1+cu128 (was torchaudio==2.4.1+cu124)",
                "pin tensorrt-cu12==10.13.3.9 (was tensorrt==10.6.0)",
                "pin tensorrt-cu12_libs==10.13.3.9 (was tensorrt-cu12_libs==10.6.0)",
                "pin tensorrt-cu12_bindings==10.13.3.9 (was tensorrt-cu12_bindings==10.6.0)"}) {
            assertTrue(r.out().contains(pin), pin + " in:\n" + r.out());
        }
        assertTrue(r.out().contains("GPU self-test"), r.out());
    }

    @Test
    void onAnH100TheDryRunKeepsTheCu124Set() throws Exception {
        upstreamSource();
        Run r = run(FakeNvidiaSmi.H100, "provision", "--dry-run");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("NVIDIA H100 80GB HBM3 is sm_90, which the default cu124 wheels (torch"
                + " 2.4.1+cu124) serve: keeping them."), r.out());
        assertTrue(r.out().contains("pin onnxruntime-gpu==1.22.0 (was onnxruntime-gpu==1.20.0)"), r.out());
        assertFalse(r.out().contains("torch==2.7.1"), r.out());
    }

    @Test
    void onABoxMixingAnRtx4090AndAnRtx5090TheDryRunInstallsTheCu128SetForBoth() throws Exception {
        upstreamSource();
        Run r = run(FakeNvidiaSmi.RTX_4090_AND_5090, "provision", "--dry-run");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("NVIDIA GeForce RTX 5090 is sm_120, which torch 2.4.1+cu124 cannot run:"
                + " installing torch 2.7.1+cu128 instead (the cu128 variant)."), r.out());
        assertTrue(r.out().contains("pin torch==2.7.1+cu128 (was torch==2.4.1+cu124)"), r.out());
        assertFalse(r.out().contains("outside what they serve") || r.out().contains("no wheel variant"), r.out());
    }

    @Test
    void anOldDriverStopsThePackagesInPreflightBeforeAnyWheelIsInstalled() throws Exception {
        Run r = run(FakeNvidiaSmi.OLD_DRIVER, "provision");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("The NVIDIA driver 470.182.03 supports CUDA up to 11.4, but the cu124 wheels"
                + " (torch 2.4.1+cu124) need CUDA 12.0 or newer (driver 525 or later): rent a host whose driver"
                + " supports CUDA 12.0 or newer."), r.out());
        assertFalse(Files.exists(tmp.resolve("ws/.launcher/requirements.derived.txt")), "no wheel was installed");
        JsonNode steps = Json.MAPPER.readTree(run(FakeNvidiaSmi.OLD_DRIVER, "--json", "status").out()).get("steps");
        assertEquals("failed", steps.at("/requirements/lastStatus").asText(), steps.toString());
        assertTrue(steps.at("/requirements/lastDetail").asText().startsWith("The NVIDIA driver 470.182.03"),
                steps.toString());
        assertEquals("blocked", steps.at("/selftest/lastStatus").asText(), steps.toString());
    }

    @Test
    void statusAndDoctorShowTheGpuFactsAndTheChoice() throws Exception {
        Run status = run(FakeNvidiaSmi.RTX_5090, "status");
        assertTrue(status.out().contains("GPU 0: NVIDIA GeForce RTX 5090, compute capability 12.0 (sm_120), 31.8 GiB"),
                status.out());
        assertTrue(status.out().contains("NVIDIA driver 575.57.08 (CUDA 12.9), read through NVIDIA_SMI"), status.out());
        assertTrue(status.out().contains("installing torch 2.7.1+cu128 instead"), status.out());

        JsonNode json = Json.MAPPER.readTree(run(FakeNvidiaSmi.RTX_5090, "--json", "status").out());
        JsonNode gpu = json.get("gpu");
        assertEquals("12.0", gpu.at("/facts/gpus/0/computeCapability").asText());
        assertEquals("575.57.08", gpu.at("/facts/driverVersion").asText());
        assertEquals("12.9", gpu.at("/facts/cudaVersion").asText());
        assertEquals("cu128", gpu.at("/variant/name").asText());

        Run broken = run(FakeNvidiaSmi.BROKEN_DRIVER, "doctor");
        assertTrue(broken.out().contains("PROBLEM  nvidia-smi found no usable GPU: NVIDIA-SMI has failed because it"
                + " couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed"
                + " and running: the NVIDIA driver on this host is broken"), broken.out());

        Run doctor = run(FakeNvidiaSmi.OLD_DRIVER, "doctor");
        assertTrue(doctor.out().contains("PROBLEM  The NVIDIA driver 470.182.03 supports CUDA up to 11.4"),
                doctor.out());
        assertTrue(doctor.out().contains("warning  GPU 0: Tesla T4, compute capability unknown"), doctor.out());
        JsonNode checks = Json.MAPPER.readTree(run(FakeNvidiaSmi.H100, "--json", "doctor").out()).get("checks");
        boolean found = false;
        for (JsonNode c : checks) {
            found |= c.get("area").asText().equals("GPU") && c.get("message").asText()
                    .startsWith("GPU 0: NVIDIA H100 80GB HBM3, compute capability 9.0 (sm_90)");
        }
        assertTrue(found, checks.toString());
    }
}
