package org.visomaster.launcher.steps.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.StateStore;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.infra.metrics.GpuFactsProbe;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.testing.FakeNvidiaSmi;
import org.visomaster.launcher.testing.FusionHistory;

/**
 * An update whose self-test does not pass, then a rollback to the last version that passed on this GPU: offline (the
 * remote is gone), from the clone alone; --update's unpin follows the branch again.
 */
class RollbackTest {
    @TempDir
    Path tmp;
    final List<ProvisionEvent> events = new CopyOnWriteArrayList<>();

    @Test
    void rollbackChecksOutTheLastVersionThatPassedHereWithoutFetching() throws Exception {
        try (FusionHistory h = FusionHistory.fusionLike(tmp.resolve("fusion.git"))) {
            Workspace ws = new Workspace(tmp.resolve("ws"));
            LauncherConfig config = new LauncherConfig("fusion", "", h.url(), "main", "auto", "auto", List.of(),
                    null, List.of(), "app/processors/models_data.py", null, null, "auto", 4, true, 17860, 1L << 30);
            HostEnvironment host = FakeNvidiaSmi.hostFor(tmp.resolve("smi"), new FakeNvidiaSmi.Box("580.65.06",
                    "13.0", List.of("0, NVIDIA H100 80GB HBM3, 9.0, 81559"), true));
            StateStore state = new StateStore(ws.stateFile());
            StepContext ctx = new StepContext(ws, config, host, state, events::add, new Cancellation(), SourceStep.ID);
            String gpu = GpuFactsProbe.probe(host).identity();

            new SourceStep().run(ctx);
            GoodVersions.recordPass(state, gpu, "2026-12-06T02:00:00Z"); // 3.4.1 passed its self-test here
            ObjectId v342 = h.commit(List.of(h.v341), FusionHistory.cu13("3.4.2"), "bump 3.4.2");
            h.setBranch("main", v342);
            new SourceStep().run(ctx); // the update; its self-test fails, so nothing is recorded
            assertEquals("3.4.2", state.get(SourceState.SECTION, SourceState.class).version());

            GoodVersions.Good target = GoodVersions.rollbackTarget(state, gpu).orElseThrow();
            assertEquals("3.4.1", target.version());
            GoodVersions.pin(state, target);
            Files.move(h.dir, tmp.resolve("offline.git"));
            events.clear();
            new SourceStep().run(ctx);

            try (Git git = Git.open(ws.source().toFile())) {
                assertEquals(h.v341, git.getRepository().resolve(Constants.HEAD));
            }
            assertEquals("3.4.1", state.get(SourceState.SECTION, SourceState.class).version());
            String said = events.stream().filter(e -> e instanceof ProvisionEvent.Finding)
                    .map(e -> ((ProvisionEvent.Finding) e).message()).findFirst().orElse("");
            System.out.println(said);
            assertTrue(said.startsWith("Rolled back to 3.4.1 (" + h.v341.abbreviate(7).name() + "), the last version"
                    + " that passed the self-test on this GPU, without fetching"), said);
            assertTrue(new SourceStep().isDone(ctx), "the rollback stays until --update");

            GoodVersions.unpin(state);
            Files.move(tmp.resolve("offline.git"), h.dir);
            new SourceStep().run(ctx);
            assertEquals("3.4.2", state.get(SourceState.SECTION, SourceState.class).version());
        }
    }
}
