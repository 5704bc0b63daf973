package org.visomaster.launcher.frontend.ui.viso;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.visomaster.launcher.frontend.ui.WindowHarness.fx;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.visomaster.launcher.frontend.ui.QueuedExecutor;
import org.visomaster.launcher.frontend.ui.Recorders;
import org.visomaster.launcher.frontend.ui.console.ConsoleViewModel;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.process.LaunchGpu;
import org.visomaster.launcher.infra.process.LaunchSettings;
import org.visomaster.launcher.infra.process.VisoMasterSupervisor;
import org.visomaster.launcher.infra.workspace.Workspace;

/** The GPU picker beside Launch on the headless toolkit: shown for several GPUs, its pick remembered. */
class VisoMasterViewTest {
    static final List<LaunchGpu> TWO = List.of(new LaunchGpu(0, "NVIDIA GeForce RTX 4090", "8.9"),
            new LaunchGpu(1, "NVIDIA GeForce RTX 5090", "12.0"));

    @TempDir
    Path tmp;
    VisoMasterViewModel vm;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        if (vm != null) {
            vm.close();
        }
        FxToolkit.cleanupStages();
    }

    @SuppressWarnings("unchecked")
    private ChoiceBox<LaunchGpu> show(Workspace ws, List<LaunchGpu> gpus) throws Exception {
        Stage stage = FxToolkit.registerStage(Stage::new);
        return fx(() -> {
            QueuedExecutor ex = new QueuedExecutor();
            ConsoleViewModel console = new ConsoleViewModel(ex, new Recorders.Clipboard(), new Recorders.Opener(),
                    ws.logs());
            vm = new VisoMasterViewModel(ex, console, new Recorders.Notes(), new SimpleBooleanProperty(true),
                    l -> new VisoMasterSupervisor(ws, HostEnvironment.system(), l, () -> gpus), () -> { });
            VisoMasterView view = new VisoMasterView(vm);
            stage.setScene(new Scene(view, 600, 300));
            stage.show();
            return (ChoiceBox<LaunchGpu>) view.lookup("#gpu-choice");
        });
    }

    @Test
    void severalGpusShowThePickerAndThePickIsRememberedAndShownAgain() throws Exception {
        Workspace ws = new Workspace(tmp);
        ChoiceBox<LaunchGpu> picker = show(ws, TWO);
        assertTrue(fx(picker::isVisible));
        assertEquals(List.of("Default GPU", "GPU 0: NVIDIA GeForce RTX 4090", "GPU 1: NVIDIA GeForce RTX 5090"),
                fx(() -> picker.getItems().stream().map(g -> picker.getConverter().toString(g)).toList()));
        assertEquals("Default GPU", fx(() -> picker.getConverter().toString(picker.getValue())));

        fx(() -> {
            picker.setValue(picker.getItems().get(2));
            return null;
        });
        assertEquals(1, vm.supervisor().gpu(), "the next launch uses it at once");
        await().until(() -> Integer.valueOf(1).equals(LaunchSettings.load(ws).gpu()));
        vm.close();
        vm = null;
        FxToolkit.cleanupStages();

        ChoiceBox<LaunchGpu> again = show(ws, TWO);
        assertEquals(TWO.get(1), fx(again::getValue), "the next session shows the remembered GPU");
    }

    @Test
    void oneGpuShowsNoPicker() throws Exception {
        ChoiceBox<LaunchGpu> picker = show(new Workspace(tmp), TWO.subList(0, 1));
        assertFalse(fx(picker::isVisible));
    }
}
