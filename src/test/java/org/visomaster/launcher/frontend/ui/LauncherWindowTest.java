package org.visomaster.launcher.frontend.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.visomaster.launcher.frontend.ui.WindowHarness.await;
import static org.visomaster.launcher.frontend.ui.WindowHarness.fx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.visomaster.launcher.frontend.app.StepCatalog;
import org.visomaster.launcher.infra.metrics.GpuSources;
import org.visomaster.launcher.infra.metrics.MetricsService;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.process.SupervisorEvent;
import org.visomaster.launcher.infra.process.VisoMasterSupervisor;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.testing.FakeNvidiaSmi;
import org.visomaster.launcher.testing.FixtureVisoMaster;
import org.visomaster.launcher.testing.NoEnvManagers;
import org.visomaster.launcher.frontend.ui.console.ConsoleLine;
import org.visomaster.launcher.frontend.ui.controls.Meter;
import org.visomaster.launcher.infra.workspace.ConfigLoader;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.imports.ImportResult;
import org.visomaster.launcher.imports.ImportService;

/** The window on the headless Monocle toolkit, wired to the real engine. Few tests, generous timeouts. */
class LauncherWindowTest {
    @TempDir
    Path tmp;
    final FxRobot robot = new FxRobot();
    WindowHarness harness;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
        FxToolkit.cleanupStages();
    }

    static GuiServices services(Workspace ws, LauncherConfig config, HostEnvironment host, List<Step> steps) {
        Function<Consumer<SupervisorEvent>, VisoMasterSupervisor> supervisors = l -> {
            VisoMasterSupervisor s = new VisoMasterSupervisor(ws, host, l);
            s.setStopTimeout(java.time.Duration.ofSeconds(3));
            return s;
        };
        Function<LongSupplier, MetricsService> metrics = pid -> new MetricsService(
                GpuSources.detectWithoutNvml(host), ws.root(), pid);
        return new GuiServices(ws, config, host, new ProvisionService(ws, config, host, steps,
                StepCatalog.facts()),
                new ImportService(ws), supervisors, metrics);
    }

    <T extends Node> T node(String query) {
        return robot.lookup(query).query();
    }

    String text(String labelId) throws Exception {
        return fx(() -> ((Label) node(labelId)).getText());
    }

    @Test
    void theWindowShowsARealProvisioningRunFromCloneToModels() throws Exception {
        try (FixtureVisoMaster f = FixtureVisoMaster.create(tmp, FixtureApp.MAIN_PY, 3, 64 * 1024)) {
            // the standard steps, preflight included: it reaches the file:// remote, probes the model sizes on the
            // loopback server and warns that there is no GPU (no nvidia-smi on this PATH)
            HostEnvironment host = f.host().with(java.util.Map.of("PATH",
                    NoEnvManagers.path(FakeNvidiaSmi.host(tmp.resolve("nosmi"), null).get("PATH"))));
            harness = WindowHarness.open(services(f.ws, f.config(), host, StepCatalog.standard()));
            assertEquals("VisoMaster Launcher", fx(() -> harness.window.stage().getTitle()));
            assertTrue(fx(() -> harness.window.stage().isShowing()));
            for (String id : List.of("preflight", "source", "python", "requirements", "models", "selftest",
                    "finish")) {
                assertTrue(fx(() -> node("#step-" + id).isVisible()), id);
            }
            await("provisioning to finish", 240, () -> !harness.window.setup().runningProperty().get()
                    && harness.window.setup().completeProperty().get() || harness.window.setup().failedProperty().get());
            assertFalse(fx(() -> harness.window.setup().failedProperty().get()),
                    () -> "setup failed: " + harness.window.setup().failureMessageProperty().get() + "\n"
                            + harness.window.setup().failureLinesProperty().get());
            for (String id : List.of("source", "python", "requirements", "models")) {
                assertEquals("done", text("#step-state-" + id), id);
            }
            // no ffmpeg / nvidia-smi on the test PATH: preflight and the finish step warn, they do not fail
            assertEquals("warning", text("#step-state-preflight"));
            assertEquals("warning", text("#step-state-selftest"), "the GPU self-test passes with a warning: no GPU");
            String finishState = text("#step-state-finish");
            assertTrue(List.of("done", "warning").contains(finishState), finishState);
            assertEquals(1.0, fx(() -> harness.window.setup().overallProgressProperty().get()), 1e-9);
            TableView<?> models = node("#models-table");
            assertEquals(3, (int) fx(() -> models.getItems().size()));
            List<String> states = fx(() -> harness.window.setup().models().stream().map(m -> m.state()).toList());
            assertTrue(states.stream().allMatch(s -> s.startsWith("verified")), states::toString);
            assertTrue(fx(() -> harness.window.console().lines().stream()
                    .anyMatch(l -> l.text().contains("tinypkg"))), "pip's output reaches the console");
            assertTrue(fx(() -> !((Button) node("#launch-button")).isDisabled()), "Launch is enabled once done");
            assertEquals("No NVIDIA GPU detected", text("#gpu-note"));
            assertTrue(harness.notes.infos.stream().anyMatch(n -> n.startsWith("VisoMaster is ready")));

            // opened again on the installed workspace (the launcher restarted): nothing runs, the table still
            // lists every model as verified
            harness.close();
            harness = WindowHarness.open(services(f.ws, f.config(), host, StepCatalog.standard()));
            await("the installed state", 60, () -> harness.window.setup().completeProperty().get());
            TableView<?> again = node("#models-table");
            await("the models on disk", 30, () -> again.getItems().size() == 3);
            assertTrue(fx(() -> harness.window.setup().models().stream()
                    .allMatch(m -> m.state().startsWith("verified") && m.progress() == 1.0)));
        }
    }

    @Test
    void theHeaderNamesTheVersionItsStackAndPythonAndTheTooltipWhereEachCameFrom() throws Exception {
        Workspace ws = new Workspace(tmp.resolve("ws"));
        for (var f : org.visomaster.launcher.testing.FusionHistory.cu13("3.4.1").entrySet()) {
            Path p = ws.source().resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        HostEnvironment host = FakeNvidiaSmi.host(tmp.resolve("smi"), FakeNvidiaSmi.NORMAL);
        // 3.4.0 passed the self-test on this GPU before: the header offers to roll back to it
        var state = new org.visomaster.launcher.engine.StateStore(ws.stateFile());
        state.put(org.visomaster.launcher.steps.source.SourceState.SECTION,
                new org.visomaster.launcher.steps.source.SourceState("user-provided", null, null, null, "b".repeat(40),
                        "", "fusion", "3.4.1", null, null));
        state.put(org.visomaster.launcher.steps.source.GoodVersions.SECTION,
                new org.visomaster.launcher.steps.source.GoodVersions.State(List.of(
                        new org.visomaster.launcher.steps.source.GoodVersions.Good("a".repeat(40), "3.4.0",
                                org.visomaster.launcher.infra.metrics.GpuFactsProbe.probe(host).identity(),
                                "2026-12-06T01:00:00Z")), null));
        harness = WindowHarness.open(services(ws, ConfigLoader.load(ws, null, java.util.Map.of()), host,
                List.of(FixtureSteps.writer("requirements", "Python packages", "req.txt", 10))));
        await("the header's stack", 30, () -> {
            try {
                return text("#header-stack").contains("3.4.1");
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals("VisoMaster (fusion) version 3.4.1 · requirements_cu13.txt (CUDA 13.0) · Python 3.12 · your own"
                + " copy, used as it is", text("#header-stack"));
        assertEquals("Roll back to 3.4.0", fx(() -> this.<javafx.scene.control.Button>node("#header-rollback")
                .getText()));
        assertTrue(fx(() -> this.<javafx.scene.control.Button>node("#header-rollback").isVisible()));
        assertFalse(fx(() -> this.<javafx.scene.control.Button>node("#header-update").isVisible()));
        String tip = fx(() -> this.<javafx.scene.control.Label>node("#header-stack").getTooltip().getText());
        assertTrue(tip.contains("Python: 3.12 (README.md: uv venv --python 3.12)"), tip);
        assertTrue(tip.contains("app version: 3.4.1 (version.json)"), tip);
    }

    @Test
    void droppedFilesGoThroughTheImportAndShowWhereTheyWent() throws Exception {
        Workspace ws = new Workspace(tmp.resolve("ws"));
        HostEnvironment host = FakeNvidiaSmi.host(tmp.resolve("smi"), FakeNvidiaSmi.NORMAL);
        harness = WindowHarness.open(services(ws, ConfigLoader.load(ws, "upstream", java.util.Map.of()), host,
                List.of(FixtureSteps.writer("requirements", "Python packages", "req.txt", 10))));
        Path dropped = tmp.resolve("requirements.txt");
        Files.writeString(dropped, "numpy==1.26.4\n");
        assertTrue(fx(() -> harness.window.dropZone().acceptFiles(List.of(dropped.toFile()))));
        ListView<ImportResult> results = node("#import-results");
        await("the import result", 30, () -> !results.getItems().isEmpty());
        ImportResult r = fx(() -> results.getItems().get(0));
        assertTrue(r.accepted(), r.message());
        assertEquals(ws.userRequirements(), r.destination());
        assertTrue(Files.isRegularFile(ws.userRequirements()));
        await("the re-run offer", 10, () -> node("#rerun-offer").isVisible());

        // the meters read the fake nvidia-smi on PATH
        try {
            await("the GPU meter", 30, () -> robot.lookup("#meter-gpu-0-util").tryQuery().isPresent());
        } catch (AssertionError e) {
            throw new AssertionError("ticks " + fx(() -> harness.window.metrics().ticksProperty().get()) + " note "
                    + fx(() -> harness.window.metrics().gpuNoteProperty().get()) + " meters "
                    + fx(() -> harness.window.metrics().gpuMeters().size()), e);
        }
        Meter gpu = node("#meter-gpu-0-util");
        assertEquals("57 %", fx(gpu::getValue));
        assertTrue(fx(gpu::getTitle).contains("RTX 4090"));
        Meter vram = node("#meter-gpu-0-vram");
        assertEquals("10.0 GiB of 24.0 GiB", fx(vram::getDetail));
    }

    @Test
    void launchRunsVisoMasterTheConsoleShowsItTriageNamesTheCrashAndStopEndsIt() throws Exception {
        Workspace ws = new Workspace(tmp.resolve("ws"));
        FixtureApp.install(ws);
        Files.writeString(ws.root().resolve("done.txt"), "x");
        HostEnvironment host = FakeNvidiaSmi.host(tmp.resolve("smi"), FakeNvidiaSmi.UNKNOWN);
        harness = WindowHarness.open(services(ws, ConfigLoader.load(ws, "upstream", java.util.Map.of()), host,
                List.of(FixtureSteps.writer("finish", "Finishing touches", "done.txt", 1))));
        await("the installation check", 30, () -> harness.window.setup().completeProperty().get());
        robot.clickOn("#launch-button");
        await("VisoMaster's output in the console", 30, () -> harness.window.console().lines().stream()
                .anyMatch(l -> l.source() == ConsoleLine.Source.VISOMASTER && l.text().equals("Qt window ready")));
        await("running", 30, () -> ((Label) node("#viso-state")).getText().startsWith("Running · pid "));
        assertFalse(fx(() -> ((Button) node("#stop-button")).isDisabled()));

        FixtureApp.crash(ws);
        await("the crash panel", 30, () -> node("#crash-panel").isVisible());
        assertEquals("onnxruntime-gpu 1.20.0", text("#crash-cause"));
        assertTrue(text("#crash-text").contains("1.22"), text("#crash-text"));
        assertTrue(fx(() -> node("#crash-repair-button").isVisible()));
        assertTrue(text("#viso-state").startsWith("Crashed"));
        assertTrue(harness.notes.errors.stream().anyMatch(n -> n.startsWith("VisoMaster crashed")));

        Files.delete(ws.source().resolve("crash"));
        robot.clickOn("#launch-button");
        await("running again", 30, () -> ((Label) node("#viso-state")).getText().startsWith("Running"));
        long pid = fx(() -> harness.window.viso().pidProperty().get());
        assertFalse(fx(() -> node("#crash-panel").isVisible()), "a new launch clears the old crash");
        robot.clickOn("#stop-button");
        await("stopped", 30, () -> ((Label) node("#viso-state")).getText().equals("Not running"));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

        // the meters read the fake nvidia-smi's [N/A] fields as unknown
        await("the GPU meter", 30, () -> robot.lookup("#meter-gpu-0-util").tryQuery().isPresent());
        assertEquals("—", fx(() -> ((Meter) node("#meter-gpu-0-util")).getValue()));
    }
}
