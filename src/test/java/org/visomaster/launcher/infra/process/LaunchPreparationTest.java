package org.visomaster.launcher.infra.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.testing.FixtureVisoMaster;

/** The GPU choice (--gpu-id or CUDA_VISIBLE_DEVICES, read from the checkout) and stale TensorRT engines. */
class LaunchPreparationTest {
    /** A Fusion-shaped main.py: argparse with --gpu-id; prints what it got. */
    static final String FUSION_MAIN = """
            import argparse, os
            parser = argparse.ArgumentParser(description="VisoMaster")
            parser.add_argument(
                "--gpu-id",
                type=int,
                default=0,
            )
            args, remaining = parser.parse_known_args()
            print("GPU-ID %d" % args.gpu_id)
            print("VISIBLE " + os.environ.get("CUDA_VISIBLE_DEVICES", "<unset>"))
            print("ORDER " + os.environ.get("CUDA_DEVICE_ORDER", "<unset>"))
            """;
    /** An upstream-shaped main.py: no options at all. */
    static final String PLAIN_MAIN = """
            import os, sys
            print("ARGS " + " ".join(sys.argv[1:]))
            print("VISIBLE " + os.environ.get("CUDA_VISIBLE_DEVICES", "<unset>"))
            print("ORDER " + os.environ.get("CUDA_DEVICE_ORDER", "<unset>"))
            """;
    static final List<LaunchGpu> TWO = List.of(new LaunchGpu(0, "NVIDIA GeForce RTX 4090", "8.9"),
            new LaunchGpu(1, "NVIDIA GeForce RTX 5090", "12.0"));

    @TempDir
    Path tmp;
    final List<SupervisorEvent> events = new CopyOnWriteArrayList<>();
    VisoMasterSupervisor supervisor;

    @AfterEach
    void tearDown() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    private List<String> runOnce(Workspace ws, List<LaunchGpu> gpus, Integer gpu) throws Exception {
        events.clear();
        if (supervisor == null) {
            supervisor = new VisoMasterSupervisor(ws, HostEnvironment.system(), events::add, () -> gpus);
        }
        supervisor.start(gpu);
        await().until(() -> events.stream().anyMatch(e -> e instanceof SupervisorEvent.StateChanged s
                && (s.state() == VisoState.EXITED || s.state() == VisoState.CRASHED)));
        return events.stream().filter(e -> e instanceof SupervisorEvent.Output).map(e -> ((SupervisorEvent.Output) e)
                .line()).toList();
    }

    @Test
    void aCheckoutWithGpuIdGetsTheOptionAndOneWithoutGetsCudaVisibleDevices() throws Exception {
        Workspace fusion = FixtureVisoMaster.installed(tmp.resolve("fusion"), FUSION_MAIN, true);
        assertTrue(GpuOption.acceptsGpuId(fusion.source()));
        List<String> out = runOnce(fusion, TWO, 1);
        assertTrue(out.contains("GPU-ID 1"), out.toString());
        assertTrue(out.contains("VISIBLE <unset>"), out.toString());
        assertTrue(out.contains("ORDER PCI_BUS_ID"), out.toString());
        supervisor.close();
        supervisor = null;

        Workspace upstream = FixtureVisoMaster.installed(tmp.resolve("upstream"), PLAIN_MAIN, true);
        assertFalse(GpuOption.acceptsGpuId(upstream.source()));
        out = runOnce(upstream, TWO, 1);
        assertTrue(out.contains("ARGS "), "no --gpu-id for a main.py without it: " + out);
        assertTrue(out.contains("VISIBLE 1"), out.toString());
        assertTrue(out.contains("ORDER PCI_BUS_ID"), out.toString());

        out = runOnce(upstream, TWO, null);
        assertTrue(out.contains("VISIBLE <unset>"), "no choice, no variable: " + out);
    }

    @Test
    void theChosenGpuIsRememberedInTheWorkspaceAndAGoneOneIsSaid() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), PLAIN_MAIN, true);
        VisoMasterSupervisor first = new VisoMasterSupervisor(ws, HostEnvironment.system(), e -> { }, () -> TWO);
        assertNull(first.gpu());
        first.chooseGpu(1);
        first.close();
        assertEquals(1, LaunchSettings.load(ws).gpu());

        supervisor = new VisoMasterSupervisor(ws, HostEnvironment.system(), events::add, () -> TWO);
        assertEquals(1, supervisor.gpu(), "a new supervisor (the next session) starts on the remembered GPU");
        events.clear();
        supervisor.start();
        await().until(() -> events.stream().anyMatch(e -> e instanceof SupervisorEvent.StateChanged s
                && s.state() == VisoState.EXITED));
        assertTrue(outputs().contains("VISIBLE 1"), outputs().toString());

        supervisor.close();
        supervisor = null;
        List<String> out = runOnce(ws, List.of(new LaunchGpu(0, "NVIDIA H100", "9.0")), 3);
        assertTrue(out.stream().anyMatch(l -> l.contains("GPU 3 was chosen, but this machine has 1 GPU (0 to 0)")),
                out.toString());
        assertTrue(out.contains("VISIBLE <unset>"), out.toString());
    }

    @Test
    void enginesMoveAsideWhenTheGpuArchitectureOrTensorRtChangesAndOnlyThen() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), PLAIN_MAIN, true);
        Path cache = ws.source().resolve(TensorRtEngines.CACHE_DIR);
        Path trt = ws.modelAssets().resolve("liveportrait_onnx/stitching.10.6.0.trt");
        writeEngines(cache, trt);
        Path site = Files.createDirectories(ws.env().resolve("lib/python3.11/site-packages/tensorrt-10.6.0.dist-info"));
        assertEquals("10.6.0", TensorRtEngines.installedVersion(ws.env()));

        // the first launch records what the engines are for and moves nothing
        List<String> out = runOnce(ws, TWO, 0);
        assertTrue(out.stream().noneMatch(l -> l.contains("TensorRT engine")), out.toString());
        assertEquals(new LaunchSettings(null, "8.9", "10.6.0"), LaunchSettings.load(ws));
        assertTrue(Files.isDirectory(cache) && Files.isRegularFile(trt));

        // the same GPU and TensorRT: nothing moves
        out = runOnce(ws, TWO, 0);
        assertTrue(out.stream().noneMatch(l -> l.contains("TensorRT engine")), out.toString());

        // another architecture: both move aside, nothing is deleted, the console and the record say so
        out = runOnce(ws, TWO, 1);
        String said = out.stream().filter(l -> l.contains("Moved 2 TensorRT engines")).findFirst().orElse("");
        assertTrue(said.contains("Moved 2 TensorRT engines (9 B) aside") && said.contains("from sm_89 to sm_120"),
                out.toString());
        assertFalse(Files.exists(cache));
        assertFalse(Files.exists(trt));
        assertEquals(1, siblings(cache, "tensorrt-engines.stale-"));
        assertEquals(1, siblings(trt, "stitching.10.6.0.trt.stale-"));
        assertEquals("12.0", LaunchSettings.load(ws).engineArch());

        // a new TensorRT in the env: the engines built since move aside too
        writeEngines(cache, trt);
        Files.move(site, site.resolveSibling("tensorrt_cu13-10.16.0.1.dist-info"));
        out = runOnce(ws, TWO, 1);
        assertTrue(out.stream().anyMatch(l -> l.contains("TensorRT changed from 10.6.0 to 10.16.0.1")), out.toString());
        assertEquals(2, siblings(cache, "tensorrt-engines.stale-"));
        assertEquals("10.16.0.1", LaunchSettings.load(ws).engineTensorRt());
    }

    @Test
    void unknownGpusMoveNothing() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), PLAIN_MAIN, true);
        new LaunchSettings(null, "8.9", "").save(ws);
        Path cache = ws.source().resolve(TensorRtEngines.CACHE_DIR);
        writeEngines(cache, ws.modelAssets().resolve("x.engine"));
        runOnce(ws, List.of(), null);
        assertTrue(Files.isDirectory(cache), "no GPU facts: no guess");
        assertEquals("8.9", LaunchSettings.load(ws).engineArch());
    }

    private List<String> outputs() {
        return events.stream().filter(e -> e instanceof SupervisorEvent.Output).map(e -> ((SupervisorEvent.Output) e)
                .line()).toList();
    }

    private static void writeEngines(Path cache, Path file) throws Exception {
        Files.createDirectories(cache);
        Files.writeString(cache.resolve("TensorrtExecutionProvider_TRTKernel_graph_1.engine"), "engine");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "trt");
    }

    private static long siblings(Path p, String prefix) throws Exception {
        try (Stream<Path> s = Files.list(p.getParent())) {
            return s.filter(x -> x.getFileName().toString().startsWith(prefix)).count();
        }
    }
}
