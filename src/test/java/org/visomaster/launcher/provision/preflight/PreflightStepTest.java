package org.visomaster.launcher.provision.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.process.HostEnvironment;
import org.visomaster.launcher.provision.Cancellation;
import org.visomaster.launcher.provision.ProvisionEvent;
import org.visomaster.launcher.provision.StateStore;
import org.visomaster.launcher.provision.Step;
import org.visomaster.launcher.provision.StepContext;
import org.visomaster.launcher.provision.StepFailedException;
import org.visomaster.launcher.provision.StepOutcome;
import org.visomaster.launcher.provision.StepStatus;
import org.visomaster.launcher.testing.FixtureVisoMaster;
import org.visomaster.launcher.workspace.LauncherConfig;

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
                new Cancellation(), "preflight");
    }

    private static LauncherConfig with(LauncherConfig c, String repoUrl, String python) {
        return new LauncherConfig(c.profile(), c.description(), repoUrl, c.ref(), python, c.requirementsFile(),
                c.extraIndexUrls(), c.indexStrategy(), c.overrides(), c.modelsManifest(), c.modelsUrlPrefix(),
                c.modelsBaseUrl(), c.envManager(), c.parallelDownloads(), c.autoProvision(), c.uploadPort(),
                c.uploadMaxBytes());
    }

    /** A later step that reports done or not, so preflight can be skipped. */
    private static Step later(String id, boolean done) {
        return new Step() {
            public String id() {
                return id;
            }

            public String title() {
                return id;
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

    private HostEnvironment withFakeSmi() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("fakebin"));
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\necho GPU\n");
        assertTrue(smi.toFile().setExecutable(true));
        return fixture.host().with(Map.of("PATH", bin + ":" + fixture.host().get("PATH")));
    }

    @Test
    void passesWithSpacePythonRemoteAndGpuAndSaysWhatItFound() throws Exception {
        PreflightStep step = new PreflightStep(List.of(later("source", false), later("python", false)), p -> 500L << 30);
        StepOutcome o = step.run(ctx(fixture.config(), withFakeSmi()));
        assertEquals(StepStatus.DONE, o.status(), o.detail());
        assertTrue(o.detail().contains("500.0 GiB free"), o.detail());
        assertTrue(o.detail().contains("Python " + FixtureVisoMaster.pythonMinor()), o.detail());
        assertTrue(o.detail().contains("git remote reachable"), o.detail());
    }

    @Test
    void noGpuIsOnlyAWarning() throws Exception {
        PreflightStep step = new PreflightStep(List.of(later("source", true)), p -> 500L << 30);
        StepOutcome o = step.run(ctx(fixture.config(), fixture.host()));
        assertEquals(StepStatus.WARNING, o.status());
        assertTrue(events.stream().anyMatch(e -> e instanceof ProvisionEvent.Finding f
                && f.message().startsWith("No NVIDIA GPU is visible")));
    }

    @Test
    void tooLittleSpaceStopsWithTheFiguresAndWhatToDo() throws Exception {
        PreflightStep step = new PreflightStep(List.of(later("source", false), later("python", false),
                later("requirements", false), later("models", false)), p -> 2L << 30);
        StepFailedException e = assertThrows(StepFailedException.class,
                () -> step.run(ctx(fixture.config(), withFakeSmi())));
        assertTrue(e.getMessage().startsWith("Not enough free space in " + fixture.ws.root()), e.getMessage());
        assertTrue(e.getMessage().contains("2.0 GiB free"), e.getMessage());
        assertTrue(e.getMessage().contains("Python environment"), e.getMessage());
        assertTrue(e.getMessage().endsWith("free up space or rent an instance with a larger disk."), e.getMessage());
    }

    @Test
    void aMissingPythonAndAnUnreachableRemoteAreNamed() throws Exception {
        PreflightStep step = new PreflightStep(List.of(later("python", false)), p -> 500L << 30);
        StepFailedException noPython = assertThrows(StepFailedException.class,
                () -> step.run(ctx(with(fixture.config(), fixture.config().repoUrl(), "3.99"), withFakeSmi())));
        assertTrue(noPython.getMessage().contains("Python 3.99"), noPython.getMessage());

        PreflightStep remote = new PreflightStep(List.of(later("source", false)), p -> 500L << 30);
        String missing = tmp.resolve("no-such-repo").toUri().toString();
        StepFailedException noRemote = assertThrows(StepFailedException.class,
                () -> remote.run(ctx(with(fixture.config(), missing, FixtureVisoMaster.pythonMinor()),
                        withFakeSmi())));
        assertTrue(noRemote.getMessage().startsWith("Could not reach " + missing), noRemote.getMessage());
    }

    @Test
    void isDoneExactlyWhenEveryLaterStepIsDone() throws Exception {
        List<Step> done = new ArrayList<>(List.of(later("source", true), later("models", true)));
        assertTrue(new PreflightStep(done).isDone(ctx(fixture.config(), fixture.host())));
        done.add(later("finish", false));
        assertFalse(new PreflightStep(done).isDone(ctx(fixture.config(), fixture.host())));
    }
}
