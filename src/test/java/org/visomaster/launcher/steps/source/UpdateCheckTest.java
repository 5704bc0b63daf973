package org.visomaster.launcher.steps.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.StateStore;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.testing.FakeNvidiaSmi;
import org.visomaster.launcher.testing.FusionHistory;

/** The update check and the update itself against a Fusion-like remote over file://, on stand-in hosts. */
class UpdateCheckTest {
    @TempDir
    Path tmp;
    final List<ProvisionEvent> events = new CopyOnWriteArrayList<>();

    private StepContext ctx(Workspace ws, String url, FakeNvidiaSmi.Box box) throws Exception {
        LauncherConfig config = new LauncherConfig("fusion", "", url, "main", "auto", "auto", List.of(),
                "unsafe-best-match", List.of(), "app/processors/models_data.py", null, null, "auto", 4, true, 17860,
                1L << 30);
        HostEnvironment host = FakeNvidiaSmi.hostFor(tmp.resolve("smi-" + box.driver()), box);
        return new StepContext(ws, config, host, new StateStore(ws.stateFile()), events::add, new Cancellation(),
                SourceStep.ID);
    }

    private static FakeNvidiaSmi.Box box(String driver, String cuda) {
        return new FakeNvidiaSmi.Box(driver, cuda, List.of("0, NVIDIA GeForce RTX 5090, 12.0, 32607"), true);
    }

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    @Test
    void aNewVersionIsFoundAtMostEvery30MinutesInstalledByTheUpdateAndOfflineIsSaid() throws Exception {
        try (FusionHistory h = FusionHistory.fusionLike(tmp.resolve("fusion.git"))) {
            Workspace ws = new Workspace(tmp.resolve("ws"));
            StepContext ctx = ctx(ws, h.url(), box("580.65.06", "13.0"));
            new SourceStep().run(ctx);
            Instant t0 = Instant.parse("2026-12-06T02:00:00Z");
            UpdateCheck.UpdateState first = UpdateCheck.check(ctx, UpdateCheck.EVERY, at(t0));
            System.out.println(first.sentence());
            assertEquals("Up to date: 3.4.1 is the newest version this host runs.", first.sentence());

            ObjectId v342 = h.commit(List.of(h.v341), FusionHistory.cu13("3.4.2"), "chore: bump version to 3.4.2");
            h.setBranch("main", v342);
            UpdateCheck.UpdateState cached = UpdateCheck.check(ctx, UpdateCheck.EVERY, at(t0.plusSeconds(600)));
            assertEquals(first, cached, "no fetch within 30 minutes");
            UpdateCheck.UpdateState later = UpdateCheck.check(ctx, UpdateCheck.EVERY, at(t0.plus(Duration.ofMinutes(31))));
            System.out.println(later.sentence());
            assertTrue(later.available());
            assertEquals("3.4.2", later.newest());
            assertTrue(later.sentence().startsWith("Update available: 3.4.2 (" + v342.abbreviate(7).name()
                    + ") runs on this host, 3.4.1 is installed; install it with `visomaster-launcher provision"
                    + " --update`"), later.sentence());

            new SourceStep().run(ctx); // what provision --update runs first
            assertEquals("3.4.2", ctx.state().get(SourceState.SECTION, SourceState.class).version());
            UpdateCheck.UpdateState after = UpdateCheck.check(ctx, UpdateCheck.EVERY, at(t0.plus(Duration.ofMinutes(32))));
            assertEquals("Up to date: 3.4.2 is the newest version this host runs.", after.sentence(),
                    "a new install is checked again at once");

            Files.move(h.dir, tmp.resolve("gone.git"));
            UpdateCheck.UpdateState offline = UpdateCheck.check(ctx, UpdateCheck.EVERY, at(t0.plus(Duration.ofHours(2))));
            System.out.println(offline.sentence());
            assertTrue(offline.offline());
            assertTrue(offline.sentence().startsWith("Offline: "), offline.sentence());
            assertTrue(offline.sentence().endsWith("The newest version known from " + after.checkedAt() + " is 3.4.2."),
                    offline.sentence());
        }
    }

    @Test
    void onDriver575ANewCu13VersionIsNotOfferedAndTheSentenceSaysWhy() throws Exception {
        try (FusionHistory h = FusionHistory.fusionLike(tmp.resolve("fusion.git"))) {
            Workspace ws = new Workspace(tmp.resolve("ws"));
            StepContext ctx = ctx(ws, h.url(), box("575.57.08", "12.9"));
            new SourceStep().run(ctx);
            h.setBranch("main", h.commit(List.of(h.v341), FusionHistory.cu13("3.4.2"), "bump 3.4.2"));
            UpdateCheck.UpdateState s = UpdateCheck.check(ctx, Duration.ZERO, Clock.systemUTC());
            System.out.println(s.sentence());
            assertFalse(s.available());
            assertEquals("Up to date: 2.1.2 is the newest version this host runs (3.4.2, the newest on main, needs"
                    + " CUDA 13.0 (driver ≥ 580, sm_75…sm_120, torch 2.11.0+cu130)).", s.sentence());
        }
    }
}
