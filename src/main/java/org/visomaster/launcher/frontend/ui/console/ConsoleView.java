package org.visomaster.launcher.frontend.ui.console;

import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.visomaster.launcher.frontend.ui.controls.LineView;

/**
 * The console: a {@link LineView} (only the visible lines are drawn, so a flood of output costs no cell layout), with
 * search, pause of auto-scroll, copy and "Open log folder".
 */
public final class ConsoleView extends VBox {
    private final ConsoleViewModel vm;
    private final LineView<ConsoleLine> list;

    public ConsoleView(ConsoleViewModel vm) {
        this.vm = vm;
        getStyleClass().add("console-view");
        setSpacing(6);
        list = createList();
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(createToolbar(), list, createStatus());
    }

    private LineView<ConsoleLine> createList() {
        LineView<ConsoleLine> view = new LineView<>(vm.lines(), ConsoleLine::text, ConsoleView::tone);
        view.setId("console-list");
        view.getStyleClass().add("console-lines");
        view.placeholderProperty().set("Output of the setup and of VisoMaster appears here.");
        view.followProperty().bindBidirectional(vm.autoScrollProperty());
        view.setOnKeyPressed(e -> {
            if (new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN).match(e)) {
                copySelection();
                e.consume();
            }
        });
        return view;
    }

    /** VisoMaster's own output stands out from the setup's; the launcher's remarks in the accent colour. */
    private static LineView.Tone tone(ConsoleLine line) {
        return switch (line.source()) {
            case PROVISION -> LineView.Tone.NORMAL;
            case VISOMASTER -> LineView.Tone.STRONG;
            case LAUNCHER -> LineView.Tone.ACCENT;
        };
    }

    private HBox createToolbar() {
        TextField search = new TextField();
        search.setId("console-search");
        search.setPromptText("Find in output…");
        search.setPrefColumnCount(12);
        search.setMinWidth(80);
        HBox.setHgrow(search, Priority.SOMETIMES);
        Button find = new Button("Find");
        find.setId("console-find");
        find.setOnAction(e -> findNext(search.getText()));
        search.setOnAction(e -> findNext(search.getText()));
        ToggleButton pause = new ToggleButton("Pause");
        pause.setTooltip(new javafx.scene.control.Tooltip("Stop following new output while you read"));
        pause.setId("console-pause");
        pause.setSelected(!vm.autoScrollProperty().get());
        pause.selectedProperty().addListener((o, was, now) -> vm.autoScrollProperty().set(!now));
        vm.autoScrollProperty().addListener((o, was, now) -> pause.setSelected(!now));
        Button copy = new Button("Copy");
        copy.setId("console-copy");
        copy.setOnAction(e -> copySelection());
        Button clear = new Button("Clear");
        clear.setId("console-clear");
        clear.setOnAction(e -> vm.clear());
        Button logs = new Button("Log folder");
        logs.setTooltip(new javafx.scene.control.Tooltip("Open the folder with the setup and VisoMaster logs"));
        logs.setId("console-open-logs");
        logs.setOnAction(e -> vm.openLogFolder());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        for (javafx.scene.control.ButtonBase b : List.of(find, pause, copy, clear, logs)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox bar = new HBox(6, search, find, pause, spacer, copy, clear, logs);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private HBox createStatus() {
        Label count = new Label();
        count.setId("console-count");
        count.textProperty().bind(Bindings.createStringBinding(() -> {
            long received = vm.receivedProperty().get();
            int shown = vm.lines().size();
            return received > shown ? String.format(Locale.ROOT, "%,d lines (showing the newest %,d)", received,
                    shown) : String.format(Locale.ROOT, "%,d lines", shown);
        }, vm.receivedProperty(), vm.batchesProperty()));
        Label status = new Label();
        status.setId("console-status");
        status.textProperty().bind(vm.statusProperty());
        HBox box = new HBox(12, count, status);
        box.getStyleClass().add("console-status");
        return box;
    }

    private void findNext(String query) {
        int from = list.getCaretIndex();
        int i = vm.findNext(query, from < 0 ? vm.lines().size() - 1 : from);
        if (i >= 0) {
            list.select(i);
            list.scrollTo(Math.max(0, i - 3));
        }
    }

    private void copySelection() {
        List<ConsoleLine> selected = list.getSelectedItems();
        vm.copy(selected);
    }
}
