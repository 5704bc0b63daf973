package org.visomaster.launcher.steps.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.engine.ProvisionEvent.ModelState;
import org.visomaster.launcher.steps.models.ModelsFixture.Model;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.testing.LoopbackFileServer;
import org.visomaster.launcher.testing.LoopbackFileServer.Fault;

class ModelsReportTest {
    @TempDir
    Path tmp;
    LoopbackFileServer server;
    ModelsFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        server = new LoopbackFileServer();
        fx = new ModelsFixture(tmp, server, 5, 50_000);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private StepContext ctx() {
        return fx.ctx(fx.config(4));
    }

    private void put(Path p, byte[] data) throws Exception {
        Files.createDirectories(p.getParent());
        Files.write(p, data);
    }

    @Test
    void listsEachModelsStateAndVerifyHashes() throws Exception {
        server.serveAlways(fx.model(1).urlPath(), fx.model(1).data(), Fault.NOT_FOUND);
        server.serveAlways(fx.model(2).urlPath(), fx.model(2).data(), Fault.NOT_FOUND);
        server.serveAlways(fx.model(3).urlPath(), fx.model(3).data(), Fault.NOT_FOUND);
        server.serveAlways(fx.model(4).urlPath(), fx.model(4).data(), Fault.NOT_FOUND);
        try {
            ModelsFixture.step(false).run(ctx()); // model 0 downloads and is cached; the rest fail
        } catch (Exception expected) {
            // four 404s
        }
        Model partial = fx.model(1);
        put(fx.part(partial), Arrays.copyOf(partial.data(), 1234));
        put(fx.file(fx.model(2)), fx.model(2).data());
        put(fx.file(fx.model(3)), "not the model".getBytes());

        List<ModelStatus> plain = ModelsReport.list(ctx(), false);
        assertEquals(List.of(ModelState.VERIFIED, ModelState.PARTIAL, ModelState.UNVERIFIED, ModelState.UNVERIFIED, ModelState.MISSING),
                plain.stream().map(ModelStatus::state).toList());
        assertEquals(1234, plain.get(1).size());
        assertEquals(-1, plain.get(4).size());
        assertEquals(server.url(fx.model(0).urlPath()), plain.get(0).url());
        assertEquals(fx.model(0).sha256(), plain.get(0).expectedSha());

        FileHasher hasher = new FileHasher();
        List<ModelStatus> verified = ModelsReport.list(ctx(), true, hasher);
        assertEquals(List.of(ModelState.VERIFIED, ModelState.PARTIAL, ModelState.VERIFIED, ModelState.MISMATCH, ModelState.MISSING),
                verified.stream().map(ModelStatus::state).toList());
        assertEquals(3, hasher.filesHashed());
        assertEquals(ModelState.VERIFIED, ModelsReport.list(ctx(), false).get(2).state(), "a verified match is cached");
        assertEquals(true, Files.exists(fx.file(fx.model(3))), "the report never moves files");
    }

    @Test
    void theStatusReportReadsOnlyWhatTheLastRunCached() throws Exception {
        StepFailedException none = assertThrows(StepFailedException.class, () -> new ModelsStep().report(ctx()));
        assertTrue(none.getMessage().contains("visomaster-launcher models"), none.getMessage());
        assertFalse(Files.exists(ctx().workspace().stateFile()), "no manifest was read, nothing was written");

        ModelsFixture.step(false).run(ctx());
        put(fx.file(fx.model(4)), "changed behind the launcher's back".getBytes());
        byte[] state = Files.readAllBytes(ctx().workspace().stateFile());
        Map<?, ?> counts = (Map<?, ?>) new ModelsStep().report(ctx());
        assertEquals(5L, counts.get("total"));
        assertEquals(4L, counts.get("verified"));
        assertEquals(1L, counts.get("unverified"), "a changed file is not re-hashed by a report");
        assertArrayEquals(state, Files.readAllBytes(ctx().workspace().stateFile()), "the report writes nothing");
    }

    @Test
    void remainingBytesAsksTheServerAndSubtractsParts() throws Exception {
        long all = fx.models.stream().mapToLong(m -> m.data().length).sum();
        assertEquals(all, ModelsPlanner.remainingBytes(ctx()));
        put(fx.file(fx.model(0)), fx.model(0).data());
        put(fx.part(fx.model(1)), Arrays.copyOf(fx.model(1).data(), 1000));
        assertEquals(all - fx.model(0).data().length - 1000, ModelsPlanner.remainingBytes(ctx()));
        server.close();
        assertEquals(-1, ModelsPlanner.remainingBytes(ctx()), "unknown when a server does not answer");
    }
}
