package org.visomaster.launcher.frontend.ui.setup;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.cell.ProgressBarTableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.visomaster.launcher.engine.StepId;

/**
 * The Setup tab: the overall progress (bytes, speed and time left of every running step together), a bar per
 * running step (the Python packages and the models run at the same time), the failure panel with the engine's
 * sentence and last lines, the run actions, and the model download table.
 */
public final class SetupView extends VBox {
    private final SetupViewModel vm;

    public SetupView(SetupViewModel vm) {
        this.vm = vm;
        getStyleClass().add("setup-view");
        setSpacing(10);
        TableView<ModelRow> table = createModelTable();
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(createProgress(), createFailurePanel(), createActions(), table);
    }

    private VBox createProgress() {
        Label overall = new Label();
        overall.setId("overall-text");
        overall.getStyleClass().add("section-title");
        overall.textProperty().bind(vm.overallTextProperty());
        ProgressBar overallBar = new ProgressBar();
        overallBar.setId("overall-progress");
        overallBar.setMaxWidth(Double.MAX_VALUE);
        overallBar.progressProperty().bind(vm.overallProgressProperty());
        // the model table gives up height first: the bars above it never shrink away
        overallBar.setMinHeight(Region.USE_PREF_SIZE);
        Label overallDetail = new Label();
        overallDetail.setId("overall-detail");
        overallDetail.getStyleClass().add("progress-text");
        overallDetail.textProperty().bind(vm.overallDetailProperty());
        overallDetail.visibleProperty().bind(vm.overallDetailProperty().isNotEmpty());
        overallDetail.managedProperty().bind(overallDetail.visibleProperty());
        Label summary = new Label();
        summary.setId("setup-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());

        VBox runningBox = new VBox(8);
        runningBox.setId("running-steps");
        Runnable fill = () -> runningBox.getChildren().setAll(vm.runningSteps().stream()
                .map(SetupView::runningRow).toList());
        vm.runningSteps().addListener((ListChangeListener<RunningStep>) c -> fill.run());
        fill.run();
        runningBox.visibleProperty().bind(vm.runningProperty());
        runningBox.managedProperty().bind(vm.runningProperty());
        return new VBox(4, overall, overallBar, overallDetail, summary, wrapped("gpu-text", vm.gpuTextProperty()),
                wrapped("selftest-text", vm.selfTestTextProperty()), runningBox);
    }

    /** One running step: its title, its own bar and its bytes, speed and time left. */
    private static VBox runningRow(RunningStep step) {
        Label title = new Label(step.title());
        title.setId("running-title-" + step.id());
        ProgressBar bar = new ProgressBar();
        bar.setId("running-progress-" + step.id());
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(step.progressProperty());
        bar.setMinHeight(Region.USE_PREF_SIZE);
        Label text = new Label();
        text.setId("running-text-" + step.id());
        text.getStyleClass().add("progress-text");
        text.textProperty().bind(step.textProperty());
        VBox box = new VBox(2, title, bar, text);
        box.getStyleClass().add("running-step");
        return box;
    }

    /** A wrapping label bound to the text, hidden while it is empty. */
    private static Label wrapped(String id, javafx.beans.value.ObservableStringValue text) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.getStyleClass().add("progress-text");
        l.textProperty().bind(text);
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private VBox createFailurePanel() {
        Label title = new Label();
        title.getStyleClass().add("failure-title");
        title.textProperty().bind(Bindings.createStringBinding(() -> "Setup failed at \""
                + titleOf(vm.failedStepProperty().get()) + "\"", vm.failedStepProperty()));
        Label message = new Label();
        message.setId("failure-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.failureMessageProperty());
        TextArea lines = new TextArea();
        lines.setId("failure-lines");
        lines.setEditable(false);
        lines.setPrefRowCount(5);
        lines.getStyleClass().add("mono");
        lines.textProperty().bind(vm.failureLinesProperty());
        lines.visibleProperty().bind(vm.failureLinesProperty().isNotEmpty());
        lines.managedProperty().bind(lines.visibleProperty());
        Button retry = new Button("Retry from this step");
        retry.setId("retry-button");
        retry.setDefaultButton(true);
        retry.disableProperty().bind(vm.runningProperty());
        retry.setOnAction(e -> vm.retryFailedStep());
        Button log = new Button("Show log");
        log.setId("show-log-button");
        log.setOnAction(e -> vm.showLog());
        Button anyway = new Button("Launch anyway");
        anyway.setId("selftest-launch-anyway-button");
        anyway.visibleProperty().bind(vm.offerLaunchAnywayProperty());
        anyway.managedProperty().bind(anyway.visibleProperty());
        anyway.setOnAction(e -> vm.launchAnyway());
        HBox buttons = new HBox(8, retry, log, anyway);
        VBox panel = new VBox(6, title, message, lines, buttons);
        panel.setId("failure-panel");
        panel.getStyleClass().add("failure-panel");
        panel.visibleProperty().bind(vm.failedProperty().and(vm.runningProperty().not()));
        panel.managedProperty().bind(panel.visibleProperty());
        return panel;
    }

    private String titleOf(StepId id) {
        return vm.steps().stream().filter(s -> s.id().equals(id)).map(StepRow::title).findFirst()
                .orElse(id == null ? "" : id.name());
    }

    private HBox createActions() {
        Button install = new Button();
        install.setId("install-button");
        install.textProperty().bind(Bindings.when(vm.completeProperty()).then("Run setup again").otherwise("Install"));
        install.disableProperty().bind(vm.runningProperty());
        install.setOnAction(e -> vm.start(org.visomaster.launcher.engine.RunOptions.all()));
        Button repair = new Button("Repair");
        repair.setId("repair-button");
        repair.setTooltip(new javafx.scene.control.Tooltip(
                "Re-verify every model file and re-run whatever is not done"));
        repair.disableProperty().bind(vm.runningProperty());
        repair.setOnAction(e -> vm.repair());
        Button cancel = new Button("Stop setup");
        cancel.setId("cancel-button");
        cancel.visibleProperty().bind(vm.runningProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> vm.cancel());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox box = new HBox(8, install, repair, cancel, spacer);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private TableView<ModelRow> createModelTable() {
        TableView<ModelRow> table = new TableView<>(vm.models());
        table.setId("models-table");
        table.setPlaceholder(new Label("Model files appear here when the download step runs."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setFixedCellSize(26);
        TableColumn<ModelRow, String> name = new TableColumn<>("Model");
        name.setCellValueFactory(c -> c.getValue().nameProperty());
        name.setPrefWidth(220);
        TableColumn<ModelRow, String> size = new TableColumn<>("Size");
        size.setCellValueFactory(c -> c.getValue().sizeProperty());
        size.setPrefWidth(80);
        TableColumn<ModelRow, Double> progress = new TableColumn<>("Progress");
        progress.setCellValueFactory(c -> c.getValue().progressProperty().asObject());
        progress.setCellFactory(ProgressBarTableCell.forTableColumn());
        progress.setPrefWidth(120);
        TableColumn<ModelRow, String> speed = new TableColumn<>("Speed");
        speed.setCellValueFactory(c -> c.getValue().speedProperty());
        speed.setPrefWidth(90);
        TableColumn<ModelRow, String> state = new TableColumn<>("State");
        state.setCellValueFactory(c -> c.getValue().stateProperty());
        state.setPrefWidth(160);
        table.getColumns().addAll(java.util.List.of(name, size, progress, speed, state));
        return table;
    }
}
