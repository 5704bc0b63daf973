package org.visomaster.launcher.frontend.ui.drop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.frontend.ui.FixtureSteps;
import org.visomaster.launcher.frontend.ui.QueuedExecutor;
import org.visomaster.launcher.frontend.ui.Recorders;
import org.visomaster.launcher.frontend.ui.console.ConsoleLine;
import org.visomaster.launcher.frontend.ui.console.ConsoleViewModel;
import org.visomaster.launcher.frontend.ui.setup.SetupViewModel;
import org.visomaster.launcher.infra.workspace.ConfigLoader;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.imports.ImportResult;
import org.visomaster.launcher.imports.ImportService;

class DropViewModelTest {
    @TempDir
    Path tmp;
    final QueuedExecutor ex = new QueuedExecutor();
    ProvisionService service;
    ConsoleViewModel console;
    SetupViewModel setup;
    DropViewModel vm;
    Workspace ws;

    @AfterEach
    void close() {
        service.close();
    }

    void create() throws Exception {
        ws = new Workspace(tmp.resolve("ws"));
        service = new ProvisionService(ws, ConfigLoader.load(ws, "upstream", Map.of()), HostEnvironment.system(),
                List.of(FixtureSteps.writer("source", "Get the source", "source.txt", 10),
                        FixtureSteps.writer("requirements", "Python packages", "req.txt", 10, "source"),
                        FixtureSteps.writer("finish", "Finishing touches", "finish.txt", 10, "requirements")));
        console = new ConsoleViewModel(ex, new Recorders.Clipboard(), new Recorders.Opener(), ws.logs());
        setup = new SetupViewModel(service, ex, console, new Recorders.Notes(), new Recorders.Opener());
        vm = new DropViewModel(new ImportService(ws), ex, setup, console);
    }

    @Test
    void aDroppedRequirementsFileLandsInTheWorkspaceAndOffersToRerunFromItsStep() throws Exception {
        create();
        Path dropped = tmp.resolve("requirements_cu124.txt");
        Files.writeString(dropped, "numpy==1.26.4\n");
        Path notes = tmp.resolve("notes.md");
        Files.writeString(notes, "hello");
        vm.importFiles(List.of(dropped, notes));
        ex.runUiTasks();
        assertFalse(vm.busyProperty().get());
        assertEquals(2, vm.results().size());
        ImportResult req = vm.results().stream().filter(r -> r.originalName().equals("requirements_cu124.txt"))
                .findFirst().orElseThrow();
        assertTrue(req.accepted());
        assertEquals(ws.userRequirements(), req.destination());
        assertEquals("numpy==1.26.4\n", Files.readString(ws.userRequirements()));
        assertTrue(console.lines().stream().anyMatch(l -> l.source() == ConsoleLine.Source.LAUNCHER
                && l.text().startsWith("Imported requirements_cu124.txt: ")));
        assertEquals(StepId.of("requirements"), vm.firstAffectedStep());
        assertEquals("The new files change the installation: re-run setup from \"Python packages\"?",
                vm.rerunOfferProperty().get());

        vm.rerunAffected();
        assertEquals("", vm.rerunOfferProperty().get());
        ex.runUiTasksUntil("the re-run to end", () -> !service.isRunning() && !setup.runningProperty().get());
        List<String> lines = console.lines().stream().map(ConsoleLine::text).toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Provisioning: 2 steps"))
                        && lines.stream().anyMatch(l -> l.startsWith("  requirements "))
                        && lines.stream().anyMatch(l -> l.startsWith("  finish "))
                        && lines.stream().noneMatch(l -> l.startsWith("  source ")),
                "the re-run starts at the first affected step: " + lines);
    }

    @Test
    void aRefusedFileSaysWhyAndOffersNothing() throws Exception {
        create();
        Path empty = tmp.resolve("requirements.txt");
        Files.writeString(empty, "");
        vm.importFiles(List.of(empty));
        ex.runUiTasks();
        ImportResult r = vm.results().get(0);
        assertFalse(r.accepted());
        assertFalse(r.message().isBlank());
        assertEquals("", vm.rerunOfferProperty().get());
        assertFalse(Files.exists(ws.userRequirements()));
    }
}
