package org.visomaster.launcher.frontend.ui.drop;

import java.io.File;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.visomaster.launcher.imports.ImportResult;

/**
 * The drop strip at the bottom of the window. Files may be dropped anywhere on the window ({@link #install} hooks
 * the scene root); the strip lights up while files are dragged over, lists each import's result and offers to
 * re-run the affected steps.
 */
public final class DropZoneView extends HBox {
    private static final PseudoClass DRAG_OVER = PseudoClass.getPseudoClass("drag-over");
    private static final PseudoClass REFUSED = PseudoClass.getPseudoClass("refused");
    private final DropViewModel vm;

    public DropZoneView(DropViewModel vm) {
        this.vm = vm;
        setId("drop-zone");
        getStyleClass().add("drop-zone");
        setSpacing(12);
        setAlignment(Pos.CENTER_LEFT);
        Label hint = new Label("Drop files here: requirements.txt, dependency archives (.zip, .tar.gz), model files");
        hint.getStyleClass().add("drop-hint");
        hint.setWrapText(true);
        Button choose = new Button("Choose files…");
        choose.setId("choose-files-button");
        choose.setOnAction(e -> chooseFiles());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.busyProperty());
        busy.managedProperty().bind(busy.visibleProperty());
        VBox left = new VBox(6, hint, new HBox(8, choose, busy));
        left.setPrefWidth(300);
        left.setMinWidth(240);

        ListView<ImportResult> results = new ListView<>(vm.results());
        results.setId("import-results");
        results.setFixedCellSize(22);
        results.setPrefHeight(70);
        results.setPlaceholder(new Label("Each dropped file shows here with where it went."));
        results.setCellFactory(v -> new ResultCell());
        HBox.setHgrow(results, Priority.ALWAYS);

        getChildren().addAll(left, results, createRerunOffer());
    }

    private Node createRerunOffer() {
        Label question = new Label();
        question.setWrapText(true);
        question.textProperty().bind(vm.rerunOfferProperty());
        Button rerun = new Button("Re-run setup");
        rerun.setId("rerun-button");
        rerun.setOnAction(e -> vm.rerunAffected());
        Button later = new Button("Not now");
        later.setId("rerun-dismiss-button");
        later.setOnAction(e -> vm.dismissRerun());
        VBox box = new VBox(6, question, new HBox(6, rerun, later));
        box.setId("rerun-offer");
        box.getStyleClass().add("rerun-offer");
        box.setPrefWidth(280);
        box.visibleProperty().bind(vm.rerunOfferProperty().isNotEmpty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /** Lets files be dropped anywhere on {@code root}. */
    public void install(Node root) {
        root.addEventHandler(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
                pseudoClassStateChanged(DRAG_OVER, true);
                e.consume();
            }
        });
        root.addEventHandler(DragEvent.DRAG_EXITED, e -> pseudoClassStateChanged(DRAG_OVER, false));
        root.addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            boolean ok = e.getDragboard().hasFiles() && acceptFiles(e.getDragboard().getFiles());
            pseudoClassStateChanged(DRAG_OVER, false);
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    /** What a drop does with the dragged files (the drag event handler calls this). */
    public boolean acceptFiles(List<File> files) {
        if (files == null || files.isEmpty()) {
            return false;
        }
        vm.importFiles(files.stream().map(File::toPath).toList());
        return true;
    }

    private void chooseFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose files to add to the workspace");
        List<File> files = chooser.showOpenMultipleDialog(getScene() == null ? null : getScene().getWindow());
        acceptFiles(files);
    }

    private static final class ResultCell extends ListCell<ImportResult> {
        @Override
        protected void updateItem(ImportResult r, boolean empty) {
            super.updateItem(r, empty);
            if (empty || r == null) {
                setText(null);
                pseudoClassStateChanged(REFUSED, false);
                return;
            }
            setText((r.accepted() ? "✔ " : "✘ ") + r.originalName() + " — " + r.message());
            pseudoClassStateChanged(REFUSED, !r.accepted());
        }
    }
}
