package org.visomaster.launcher.steps.models;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.steps.models.ModelsFixture.Model;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.ProvisionEvent.ModelState;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.engine.StepStatus;
import org.visomaster.launcher.testing.LoopbackFileServer;
import org.visomaster.launcher.testing.LoopbackFileServer.Fault;

class ModelsStepTest {
    @TempDir
    Path tmp;
    LoopbackFileServer server;
    ModelsFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        server = new LoopbackFileServer();
        fx = new ModelsFixture(tmp, server, 8, 100_000);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private StepContext ctx() {
        return fx.ctx(fx.config(4));
    }

    @Test
    void downloadsEverythingThenASecondRunHashesNothingAndFetchesNothing() throws Exception {
        ModelsStep first = ModelsFixture.step(false);
        assertFalse(first.isDone(ctx()));
        StepOutcome out = first.run(ctx());
        assertEquals(StepStatus.DONE, out.status());
        long bytes = fx.models.stream().mapToLong(m -> m.data().length).sum();
        assertEquals("8 models verified (8 downloaded, " + org.visomaster.launcher.infra.util.Units.bytes(bytes) + ")",
                out.detail());
        for (Model m : fx.models) {
            assertArrayEquals(m.data(), Files.readAllBytes(fx.file(m)));
        }
        assertEquals(0, first.filesHashed(), "downloads are hashed while streaming, not read again");
        int requests = server.gets.size();

        ModelsStep second = ModelsFixture.step(false);
        assertTrue(second.isDone(ctx()));
        assertEquals("8 models verified (0 downloaded, 0 B)", second.run(ctx()).detail());
        assertEquals(0, second.filesHashed(), "verified files are never hashed again");
        assertEquals(requests, server.gets.size(), "nothing fetched");
        ModelsState state = fx.ctx(fx.config(4)).state().get("models", ModelsState.class);
        assertEquals(0, state.lastRun.filesHashed());
        assertEquals(8, state.verified.size());
        assertEquals("8 models verified (0 downloaded, 0 B)", state.summary);
    }

    @Test
    void isDoneNeedsNeitherPythonNorNetworkOnceTheManifestIsCached() throws Exception {
        ModelsFixture.step(false).run(ctx());
        server.close();
        HostEnvironment noPython = HostEnvironment.system().with(Map.of("PATH", tmp.resolve("none").toString()));
        assertTrue(ModelsFixture.step(false).isDone(fx.ctx(fx.config(4), noPython)));
        assertFalse(ModelsStep.repair().isDone(fx.ctx(fx.config(4), noPython)), "repair always runs");
    }

    @Test
    void aPresentFileNotInTheCacheIsHashedOnceAndNotDownloaded() throws Exception {
        Model m = fx.model(3);
        Files.createDirectories(fx.file(m).getParent());
        Files.write(fx.file(m), m.data());
        Files.write(fx.part(m), new byte[10]);
        ModelsStep step = ModelsFixture.step(false);
        step.run(ctx());
        assertEquals(1, step.filesHashed());
        assertEquals(0, server.getsFor(m.urlPath()).size());
        assertFalse(Files.exists(fx.part(m)), "a leftover .part beside a verified file is cleaned up");
        ModelsStep again = ModelsFixture.step(false);
        again.run(ctx());
        assertEquals(0, again.filesHashed());
    }

    @Test
    void aChangedFileIsHashedAgainAndRepairHashesEverything() throws Exception {
        ModelsFixture.step(false).run(ctx());
        Model m = fx.model(1);
        Files.setLastModifiedTime(fx.file(m), FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        ModelsStep step = ModelsFixture.step(false);
        assertFalse(step.isDone(ctx()), "a touched file is no longer vouched for");
        step.run(ctx());
        assertEquals(1, step.filesHashed());
        ModelsStep repair = new ModelsStep(true, ModelsFixture::manager);
        repair.run(ctx());
        assertEquals(8, repair.filesHashed());
        StepContext repairCtx = new StepContext(fx.ws, fx.config(4), HostEnvironment.system(),
                new org.visomaster.launcher.engine.StateStore(fx.ws.stateFile()), fx.events::add,
                new Cancellation(), ModelsStep.ID, true);
        ModelsStep viaContext = ModelsFixture.step(false);
        assertFalse(viaContext.isDone(repairCtx), "a repair run never trusts the cache");
        viaContext.run(repairCtx);
        assertEquals(8, viaContext.filesHashed(), "the runner's --repair reaches the step through the context");
    }

    @Test
    void aPresentFileWithTheWrongHashIsMovedAsideNeverDeleted() throws Exception {
        Model m = fx.model(0);
        Files.createDirectories(fx.file(m).getParent());
        byte[] users = "the user's own model".getBytes();
        Files.write(fx.file(m), users);
        ModelsFixture.step(false).run(ctx());
        assertArrayEquals(m.data(), Files.readAllBytes(fx.file(m)));
        try (Stream<Path> s = Files.list(fx.file(m).getParent())) {
            Path aside = s.filter(p -> p.getFileName().toString().startsWith("inswapper_128.fp16.onnx.mismatch-"))
                    .findFirst().orElseThrow();
            assertArrayEquals(users, Files.readAllBytes(aside));
        }
        assertTrue(fx.events(ProvisionEvent.Finding.class).stream()
                .anyMatch(f -> f.message().contains("did not have the expected SHA-256")));
    }

    @Test
    void theStepFailsNamingEveryFailedModelWhileTheOthersAreVerified() throws Exception {
        server.serveAlways(fx.model(2).urlPath(), fx.model(2).data(), Fault.NOT_FOUND);
        server.serveAlways(fx.model(5).urlPath(), fx.model(5).data(), Fault.WRONG_BYTES);
        ModelsStep step = ModelsFixture.step(false);
        StepFailedException e = assertThrows(StepFailedException.class, () -> step.run(ctx()));
        assertTrue(e.getMessage().startsWith("2 of 8 models could not be fetched and verified (RetinaFace, "
                + "LivePortraitMotionExtractor)"), e.getMessage());
        assertEquals(2, e.lastLines().size());
        assertTrue(e.lastLines().get(0).contains("404 Not Found"));
        assertTrue(e.lastLines().get(1).contains("but the manifest expects " + fx.model(5).sha256()));
        assertFalse(step.isDone(ctx()));
        ModelsState state = ctx().state().get("models", ModelsState.class);
        assertEquals(6, state.verified.size(), "the others are verified and cached");
        assertEquals(2, state.lastRun.failed());
        assertTrue(fx.events(ProvisionEvent.ModelProgress.class).stream()
                .anyMatch(p -> p.state() == ModelState.FAILED && p.name().equals("RetinaFace")));
    }

    @Test
    void rejectedManifestEntriesMakeAWarningNotACrash() throws Exception {
        String original = Files.readString(fx.ws.source().resolve(ModelsFixture.MANIFEST));
        fx.writeSource(ModelsFixture.MANIFEST, original + "models_list.append({'model_name': 'Escape', "
                + "'local_path': f'{models_dir}/../../../escape.onnx', 'hash': '" + "0".repeat(64) + "', "
                + "'url': f'{assets_repo}/v0.1.0/escape.onnx'})\n");
        StepOutcome out = ModelsFixture.step(false).run(ctx());
        assertEquals(StepStatus.WARNING, out.status());
        assertTrue(out.detail().contains("1 manifest entries were skipped"), out.detail());
        assertTrue(fx.events(ProvisionEvent.Finding.class).stream()
                .anyMatch(f -> f.message().contains("\"Escape\"") && f.message().contains("leaves the VisoMaster")));
        assertFalse(Files.exists(tmp.resolve("escape.onnx")));
    }

    @Test
    void aCancelledRunLeavesPartsThatTheNextRunResumes() throws Exception {
        server.throttleBytesPerSecond = 40_000;
        for (Model m : fx.models) {
            server.serve(m.urlPath(), m.data(), Fault.THROTTLE);
        }
        ModelsStep step = ModelsFixture.step(false);
        CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
            try {
                return step.run(ctx());
            } catch (Exception e) {
                return e;
            }
        });
        await().until(() -> fx.events(ProvisionEvent.StepProgress.class).stream().anyMatch(p -> p.done() > 30_000));
        fx.cancellation.cancel();
        assertTrue(run.get(5, TimeUnit.SECONDS) instanceof Cancellation.CancelledException);
        Model first = fx.model(0);
        long partSize = Files.size(fx.part(first));
        assertTrue(partSize > 0);

        server.gets.clear();
        ModelsFixture rerun = fx;
        StepContext fresh = new StepContext(rerun.ws, fx.config(4), HostEnvironment.system(),
                new org.visomaster.launcher.engine.StateStore(fx.ws.stateFile()), fx.events::add,
                new Cancellation(), ModelsStep.ID);
        server.serve(first.urlPath(), first.data());
        ModelsFixture.step(false).run(fresh);
        assertArrayEquals(first.data(), Files.readAllBytes(fx.file(first)));
        assertEquals("bytes=" + partSize + "-", server.getsFor(first.urlPath()).get(0).header("Range"));
    }

    @Test
    void progressIsThrottledAndCarriesSpeedAndTotals() throws Exception {
        server.throttleBytesPerSecond = 80_000;
        server.serve(fx.model(7).urlPath(), fx.model(7).data(), Fault.THROTTLE);
        long started = System.nanoTime();
        ModelsFixture.step(false).run(ctx());
        double seconds = (System.nanoTime() - started) / 1e9;
        List<ProvisionEvent.ModelProgress> slow = fx.events(ProvisionEvent.ModelProgress.class).stream()
                .filter(p -> p.name().equals(fx.model(7).name()) && p.state() == ModelState.DOWNLOADING).toList();
        assertTrue(seconds > 1, "the throttled file took " + seconds + " s");
        assertTrue(slow.size() >= 2 && slow.size() <= seconds * 5 + 3,
                slow.size() + " DOWNLOADING events in " + seconds + " s");
        assertTrue(slow.stream().anyMatch(p -> p.speed() > 0 && p.total() == fx.model(7).data().length));
        List<ProvisionEvent.StepProgress> overall = fx.events(ProvisionEvent.StepProgress.class).stream()
                .filter(p -> p.speed() > 0).toList();
        long total = fx.models.stream().mapToLong(m -> m.data().length).sum();
        assertTrue(overall.stream().anyMatch(p -> p.total() == total && p.etaSeconds() >= 0), overall.toString());
    }

    @Test
    void withoutSourceTheStepSaysToRunTheSourceStep() throws Exception {
        org.visomaster.launcher.engine.StateStore s = new org.visomaster.launcher.engine.StateStore(
                tmp.resolve("other/.launcher/state.json"));
        StepContext ctx = new StepContext(new org.visomaster.launcher.infra.workspace.Workspace(tmp.resolve("other")),
                fx.config(4), HostEnvironment.system(), s, fx.events::add, new Cancellation(), ModelsStep.ID);
        StepFailedException e = assertThrows(StepFailedException.class, () -> ModelsFixture.step(false).run(ctx));
        assertTrue(e.getMessage().contains("run the source step first"));
        assertFalse(ModelsFixture.step(false).isDone(ctx));
        assertEquals(-1, ModelsPlanner.remainingBytes(ctx));
    }

    @Test
    void whenTheNetworkIsDownTheStepFailsInSecondsWithOneSentence() throws Exception {
        int closed;
        try (java.net.ServerSocket sock = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = sock.getLocalPort();
        }
        StepContext ctx = fx.ctx(ModelsFixture.config(ModelsFixture.PREFIX, "http://127.0.0.1:" + closed + "/mirror", 4));
        long t0 = System.nanoTime();
        // the real retry schedule: without the fail-fast each of the 8 models would retry for about 30 s
        StepFailedException e = assertThrows(StepFailedException.class, () -> new ModelsStep().run(ctx));
        assertTrue((System.nanoTime() - t0) / 1e9 < 10, "ended in seconds");
        assertTrue(e.getMessage().startsWith("The network looks down: every model download fails because 127.0.0.1:"
                + closed + " refuses connections;"), e.getMessage());
        assertTrue(e.lastLines().isEmpty(), "one sentence, not one per model: " + e.lastLines());
    }
}
