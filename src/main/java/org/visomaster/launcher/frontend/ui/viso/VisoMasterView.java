package org.visomaster.launcher.frontend.ui.viso;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.visomaster.launcher.infra.process.LaunchGpu;
import org.visomaster.launcher.infra.process.VisoState;

/**
 * The VisoMaster panel: state (with pid and uptime), Launch / Launch anyway / Stop / Restart, the GPU picker on a
 * machine with several GPUs, crash triage.
 */
public final class VisoMasterView extends VBox {
    /** The picker's "no choice" entry: VisoMaster's own default GPU. */
    private static final LaunchGpu DEFAULT_GPU = new LaunchGpu(-1, "Default GPU", "");
    private final VisoMasterViewModel vm;
    private final Timeline clock;

    public VisoMasterView(VisoMasterViewModel vm) {
        this.vm = vm;
        getStyleClass().add("viso-view");
        setId("visomaster");
        setSpacing(8);
        Label heading = new Label("VisoMaster");
        heading.getStyleClass().add("section-title");
        Label state = new Label();
        state.setId("viso-state");
        state.getStyleClass().add("viso-state");
        state.textProperty().bind(vm.stateTextProperty());
        vm.stateProperty().addListener((o, was, now) -> showState(state, now));
        showState(state, vm.stateProperty().get());
        Label error = new Label();
        error.setId("viso-error");
        error.setWrapText(true);
        error.getStyleClass().add("viso-error");
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        getChildren().addAll(heading, state, createButtons(), error, createCrashPanel());
        clock = new Timeline(new KeyFrame(Duration.seconds(1), e -> vm.refreshClock(Instant.now())));
        clock.setCycleCount(Animation.INDEFINITE);
        vm.aliveBinding().addListener((o, was, now) -> {
            if (now) {
                clock.play();
            } else {
                clock.stop();
            }
        });
    }

    private static void showState(Label label, VisoState s) {
        for (VisoState any : VisoState.values()) {
            label.pseudoClassStateChanged(PseudoClass.getPseudoClass(any.name().toLowerCase(Locale.ROOT)), any == s);
        }
    }

    private FlowPane createButtons() {
        Button launch = new Button("Launch");
        launch.setId("launch-button");
        launch.getStyleClass().add("accent");
        launch.disableProperty().bind(vm.canLaunchBinding().not());
        launch.setOnAction(e -> vm.launch());
        Button anyway = new Button("Launch anyway");
        anyway.setId("launch-anyway-button");
        anyway.setTooltip(new javafx.scene.control.Tooltip(
                "Start VisoMaster although the installation is not complete"));
        anyway.visibleProperty().bind(vm.offerLaunchAnywayBinding());
        anyway.managedProperty().bind(anyway.visibleProperty());
        anyway.setOnAction(e -> vm.launchAnyway());
        Button stop = new Button("Stop");
        stop.setId("stop-button");
        stop.disableProperty().bind(vm.aliveBinding().not());
        stop.setOnAction(e -> vm.stop());
        Button restart = new Button("Restart");
        restart.setId("restart-button");
        restart.disableProperty().bind(vm.aliveBinding().not());
        restart.setOnAction(e -> vm.restart());
        FlowPane buttons = new FlowPane(6, 6, launch, anyway, stop, restart, createGpuPicker());
        buttons.setAlignment(Pos.CENTER_LEFT);
        return buttons;
    }

    /** Shown on a machine with several GPUs; the choice holds for the next launch and is remembered. */
    private ChoiceBox<LaunchGpu> createGpuPicker() {
        ChoiceBox<LaunchGpu> picker = new ChoiceBox<>();
        picker.setId("gpu-choice");
        picker.setTooltip(new javafx.scene.control.Tooltip("The GPU VisoMaster runs on (from the next launch)"));
        picker.setConverter(new StringConverter<>() {
            @Override
            public String toString(LaunchGpu g) {
                return g == null || g == DEFAULT_GPU ? "Default GPU" : g.label();
            }

            @Override
            public LaunchGpu fromString(String text) {
                return null;
            }
        });
        boolean[] syncing = {false};
        Runnable show = () -> {
            syncing[0] = true;
            try {
                if (!picker.getItems().equals(items())) {
                    picker.getItems().setAll(items());
                }
                LaunchGpu chosen = vm.gpuProperty().get();
                picker.setValue(chosen == null ? DEFAULT_GPU : chosen);
            } finally {
                syncing[0] = false;
            }
        };
        vm.gpusProperty().addListener((ListChangeListener<LaunchGpu>) c -> show.run());
        vm.gpuProperty().addListener((o, was, now) -> show.run());
        picker.valueProperty().addListener((o, was, now) -> {
            if (!syncing[0] && now != null) {
                vm.gpuProperty().set(now == DEFAULT_GPU ? null : now);
            }
        });
        show.run();
        picker.visibleProperty().bind(vm.offerGpuChoiceBinding());
        picker.managedProperty().bind(picker.visibleProperty());
        picker.disableProperty().bind(vm.aliveBinding());
        return picker;
    }

    private List<LaunchGpu> items() {
        List<LaunchGpu> items = new ArrayList<>();
        items.add(DEFAULT_GPU);
        items.addAll(vm.gpusProperty());
        return items;
    }

    private VBox createCrashPanel() {
        Label cause = new Label();
        cause.setId("crash-cause");
        cause.getStyleClass().add("failure-title");
        cause.textProperty().bind(vm.crashCauseProperty());
        Label text = new Label();
        text.setId("crash-text");
        text.setWrapText(true);
        text.textProperty().bind(vm.crashTextProperty());
        TextArea lines = new TextArea();
        lines.setId("crash-lines");
        lines.setEditable(false);
        lines.setPrefRowCount(5);
        lines.setWrapText(true);
        lines.getStyleClass().add("mono");
        // the last lines matter most: appendText scrolls to the end
        vm.crashLinesProperty().addListener((o, was, now) -> {
            lines.clear();
            lines.appendText(now);
        });
        Button repair = new Button("Repair");
        repair.setId("crash-repair-button");
        repair.visibleProperty().bind(vm.offerRepairProperty());
        repair.managedProperty().bind(repair.visibleProperty());
        repair.setOnAction(e -> vm.repair());
        VBox panel = new VBox(6, cause, text, repair, lines);
        panel.setId("crash-panel");
        panel.getStyleClass().add("failure-panel");
        panel.visibleProperty().bind(vm.crashedProperty());
        panel.managedProperty().bind(panel.visibleProperty());
        return panel;
    }
}
