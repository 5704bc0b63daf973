package org.visomaster.launcher.steps.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.steps.source.SourceStep;
import org.visomaster.launcher.steps.models.ModelsStep;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.StateStore;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.engine.StepStatus;
import org.visomaster.launcher.steps.finish.FinishStep;
import org.visomaster.launcher.steps.python.PythonStep;
import org.visomaster.launcher.steps.requirements.RequirementsStep;
import org.visomaster.launcher.testing.FakeNvidiaSmi;
import org.visomaster.launcher.testing.FixtureVisoMaster;
import org.visomaster.launcher.infra.workspace.LauncherConfig;

class PreflightStepTest {
    @TempDir
    Path tmp;
    FixtureVisoMaster fixture;
    final List<ProvisionEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fixture = FixtureVisoMaster.create(tmp, "print('x')\n", 2, 4096);
        Files.createDirectories(fixture.ws.root());
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private StepContext ctx(LauncherConfig config, HostEnvironment host) {
        return new StepContext(fixture.ws, config, host, new StateStore(fixture.ws.stateFile()), events::add,
                new Cancellation(), PreflightStep.ID);
    }

    private static LauncherConfig with(LauncherConfig c, String repoUrl, String python) {
        return new LauncherConfig(c.profile(), c.description(), repoUrl, c.ref(), python, c.requirementsFile(),
                c.extraIndexUrls(), c.indexStrategy(), c.overrides(), c.modelsManifest(), c.modelsUrlPrefix(),
                c.modelsBaseUrl(), c.envManager(), c.parallelDownloads(), c.autoProvision(), c.uploadPort(),
                c.uploadMaxBytes());
    }

    /** A later step that reports done or not, so preflight can be skipped. */
    private static Step later(StepId id, boolean done) {
        return new Step() {
            public StepId id() {
                return id;
            }

            public String title() {
                return id.name();
            }

            public Set<StepId> needs() {
                return Set.of();
            }

            public boolean isDone(StepContext ctx) {
                return done;
            }

            public String plan(StepContext ctx) {
                return "";
            }

            public StepOutcome run(StepContext ctx) {
                return StepOutcome.done("");
            }
        };
    }

    private static List<Step> notDone(StepId... ids) {
        return Arrays.stream(ids).map(id -> later(id, false)).toList();
    }

    private HostEnvironment withFakeSmi() throws Exception {
        Path bin = tmp.resolve("fakebin");
        FakeNvidiaSmi.hostFor(bin, FakeNvidiaSmi.H100);
        return fixture.host().with(Map.of("PATH", bin + ":" + fixture.host().get("PATH"), "VISO_NVML_LIBRARY", "none"));
    }

    @Test
    void passesWithSpacePythonRemoteAndGpuAndSaysWhatItFound() throws Exception {
        PreflightStep step = new PreflightStep(notDone(SourceStep.ID, PythonStep.ID), p -> 500L << 30);
        StepOutcome o = step.run(ctx(fixture.config(), withFakeSmi()));
        assertEquals(StepStatus.DONE, o.status(), o.detail());
        assertTrue(o.blocks().isEmpty());
        assertTrue(o.detail().contains("500.0 GiB free"), o.detail());
        assertTrue(o.detail().contains("Python " + FixtureVisoMaster.pythonMinor()), o.detail());
        assertTrue(o.detail().contains("git remote reachable"), o.detail());
        assertTrue(o.detail().contains("NVIDIA H100 80GB HBM3 (sm_90"), o.detail());
    }

    @Test
    void anNvidiaSmiThatCannotReachTheDriverIsABrokenDriverNotAMissingGpu() throws Exception {
        Path bin = tmp.resolve("brokenbin");
        FakeNvidiaSmi.install(bin, FakeNvidiaSmi.DRIVER_BROKEN);
        Files.writeString(bin.resolve("nvidia-smi"), "#!/bin/sh\n" + FakeNvidiaSmi.DRIVER_BROKEN);
        HostEnvironment host = fixture.host().with(Map.of("PATH", bin + ":" + fixture.host().get("PATH"),
                "VISO_NVML_LIBRARY", "none"));
        PreflightStep step = new PreflightStep(List.of(later(SourceStep.ID, true)), p -> 500L << 30);
        StepOutcome o = step.run(ctx(fixture.config(), host));
        assertEquals(StepStatus.WARNING, o.status(), o.detail());
        assertTrue(o.blocks().isEmpty(), "a warning never blocks");
        assertTrue(events.stream().anyMatch(e -> e instanceof ProvisionEvent.Finding f
                && f.message().contains("couldn't communicate with the NVIDIA driver")
                && f.message().contains("the NVIDIA driver on this host is broken")), events.toString());
    }

    @Test
    void noGpuIsOnlyAWarning() throws Exception {
        PreflightStep step = new PreflightStep(List.of(later(SourceStep.ID, true)), p -> 500L << 30);
        StepOutcome o = step.run(ctx(fixture.config(), fixture.host()));
        assertEquals(StepStatus.WARNING, o.status());
        assertTrue(o.blocks().isEmpty(), "a warning never blocks");
        assertTrue(events.stream().anyMatch(e -> e instanceof ProvisionEvent.Finding f
                && f.message().startsWith("No NVIDIA GPU is visible")));
    }

    @Test
    void tooLittleSpaceStopsOnlyTheStepThatCannotFitWithTheFigures() throws Exception {
        List<Step> all = notDone(SourceStep.ID, PythonStep.ID, RequirementsStep.ID, ModelsStep.ID);
        StepOutcome o = new PreflightStep(all, p -> 2L << 30).run(ctx(fixture.config(), withFakeSmi()));
        assertEquals(Set.of(ModelsStep.ID), o.blocks().keySet(), "the source fits, the models do not");
        String models = o.blocks().get(ModelsStep.ID);
        assertTrue(models.startsWith("Not enough free space in " + fixture.ws.root() + " for the models"), models);
        assertTrue(models.contains("2.0 GiB free"), models);
        assertTrue(models.endsWith("free up space or rent an instance with a larger disk."), models);
        assertEquals(StepStatus.WARNING, o.status());
        assertTrue(o.detail().contains("stops models"), o.detail());

        StepOutcome packages = new PreflightStep(all, p -> 12L << 30).run(ctx(fixture.config(), withFakeSmi()));
        assertEquals(Set.of(RequirementsStep.ID), packages.blocks().keySet(), "models fit, the packages do not");
        assertTrue(packages.blocks().get(RequirementsStep.ID).contains("Python environment"));

        StepOutcome none = new PreflightStep(all, p -> 1L << 30).run(ctx(fixture.config(), withFakeSmi()));
        assertEquals(Set.of(SourceStep.ID), none.blocks().keySet());
    }

    @Test
    void aMissingPythonStopsThePythonStepAndAnUnreachableRemoteTheSource() throws Exception {
        PreflightStep step = new PreflightStep(notDone(PythonStep.ID), p -> 500L << 30);
        StepOutcome noPython = step.run(ctx(with(fixture.config(), fixture.config().repoUrl(), "3.99"),
                withFakeSmi()));
        assertEquals(Set.of(PythonStep.ID), noPython.blocks().keySet());
        assertTrue(noPython.blocks().get(PythonStep.ID).contains("3.99"), noPython.blocks().toString());

        PreflightStep remote = new PreflightStep(notDone(SourceStep.ID), p -> 500L << 30);
        String missing = tmp.resolve("no-such-repo").toUri().toString();
        StepOutcome noRemote = remote.run(ctx(with(fixture.config(), missing, FixtureVisoMaster.pythonMinor()),
                withFakeSmi()));
        assertEquals(Set.of(SourceStep.ID), noRemote.blocks().keySet());
        assertTrue(noRemote.blocks().get(SourceStep.ID).startsWith("Could not reach " + missing),
                noRemote.blocks().toString());
    }

    @Test
    void aCheckOfAnotherBranchPlugsInAndACrashingCheckBlocksNothing() throws Exception {
        StepId selfTest = StepId.of("self-test");
        PreflightCheck driver = (ctx, done, findings) -> findings.block(selfTest, "The driver is too old.");
        PreflightCheck broken = (ctx, done, findings) -> {
            throw new IllegalStateException("no such file");
        };
        StepOutcome o = new PreflightStep(notDone(selfTest), List.of(driver, broken))
                .run(ctx(fixture.config(), withFakeSmi()));
        assertEquals(Map.of(selfTest, "The driver is too old."), o.blocks());
        assertTrue(events.stream().anyMatch(e -> e instanceof ProvisionEvent.Finding f
                && f.message().contains("could not run (no such file)")));
    }

    @Test
    void isDoneExactlyWhenEveryLaterStepIsDone() throws Exception {
        List<Step> done = new ArrayList<>(List.of(later(SourceStep.ID, true), later(ModelsStep.ID, true)));
        assertTrue(new PreflightStep(done).isDone(ctx(fixture.config(), fixture.host())));
        done.add(later(FinishStep.ID, false));
        assertFalse(new PreflightStep(done).isDone(ctx(fixture.config(), fixture.host())));
    }
}
