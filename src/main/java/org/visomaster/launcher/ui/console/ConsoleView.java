package org.visomaster.launcher.ui.console;

import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The console: a virtualised list with a fixed cell height (only the visible rows are laid out, so 20,000 lines
 * cost as little as 40), search, pause of auto-scroll, copy and "Open log folder".
 */
public final class ConsoleView extends VBox {
    public static final double CELL_HEIGHT = 18;
    private final ConsoleViewModel vm;
    private final ListView<ConsoleLine> list;

    public ConsoleView(ConsoleViewModel vm) {
        this.vm = vm;
        getStyleClass().add("console-view");
        setSpacing(6);
        list = createList();
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(createToolbar(), list, createStatus());
        vm.batchesProperty().addListener(o -> {
            if (vm.autoScrollProperty().get() && !vm.lines().isEmpty()) {
                followEnd();
            }
        });
    }

    private ListView<ConsoleLine> createList() {
        ListView<ConsoleLine> view = new ListView<>(vm.lines());
        view.setId("console-list");
        view.getStyleClass().add("console-list");
        view.setFixedCellSize(CELL_HEIGHT);
        view.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        view.setPlaceholder(new Label("Output of the setup and of VisoMaster appears here."));
        view.setCellFactory(v -> new LineCell());
        view.setOnKeyPressed(e -> {
            if (new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN).match(e)) {
                copySelection();
                e.consume();
            }
        });
        return view;
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
        }, vm.receivedProperty(), vm.batchesProperty(), vm.lines()));
        Label status = new Label();
        status.setId("console-status");
        status.textProperty().bind(vm.statusProperty());
        HBox box = new HBox(12, count, status);
        box.getStyleClass().add("console-status");
        return box;
    }

    /**
     * Keeps the newest line in view. Moving the flow's position only marks it for the next layout; ListView.scrollTo
     * would lay the cells out at once, once more per batch (measured: most of a batch's cost under a flood).
     */
    private void followEnd() {
        if (list.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            flow.setPosition(1.0);
        } else {
            list.scrollTo(vm.lines().size() - 1);
        }
    }

    private void findNext(String query) {
        int from = list.getSelectionModel().getSelectedIndex();
        int i = vm.findNext(query, from < 0 ? vm.lines().size() - 1 : from);
        if (i >= 0) {
            vm.autoScrollProperty().set(false);
            list.getSelectionModel().clearAndSelect(i);
            list.scrollTo(Math.max(0, i - 3));
        }
    }

    private void copySelection() {
        List<ConsoleLine> selected = List.copyOf(list.getSelectionModel().getSelectedItems());
        vm.copy(selected);
    }

    /** A line; its source sets a pseudo-class so VisoMaster's output and the launcher's own remarks look apart. */
    private static final class LineCell extends ListCell<ConsoleLine> {
        private static final PseudoClass VISOMASTER = PseudoClass.getPseudoClass("visomaster");
        private static final PseudoClass LAUNCHER = PseudoClass.getPseudoClass("launcher");

        LineCell() {
            getStyleClass().add("console-line");
        }

        @Override
        protected void updateItem(ConsoleLine item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.text());
            pseudoClassStateChanged(VISOMASTER, !empty && item != null
                    && item.source() == ConsoleLine.Source.VISOMASTER);
            pseudoClassStateChanged(LAUNCHER, !empty && item != null && item.source() == ConsoleLine.Source.LAUNCHER);
        }
    }
}
