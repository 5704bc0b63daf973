package org.visomaster.launcher.frontend.ui.setup;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.visomaster.launcher.engine.StepStatus;

/** The list of provisioning steps, each with its icon, title, state word and one-line detail. */
public final class StepsView extends VBox {
    public static final String STYLE_CLASS = "steps-view";

    public StepsView(SetupViewModel vm) {
        getStyleClass().add(STYLE_CLASS);
        setId("steps");
        Label heading = new Label("Setup");
        heading.getStyleClass().add("section-title");
        getChildren().add(heading);
        for (StepRow row : vm.steps()) {
            getChildren().add(createRow(row));
        }
        if (vm.steps().isEmpty()) {
            getChildren().add(new Label("No setup steps are configured."));
        }
    }

    private HBox createRow(StepRow row) {
        StatusIcon icon = new StatusIcon();
        Label title = new Label(row.title());
        title.getStyleClass().add("step-title");
        Label state = new Label();
        state.getStyleClass().add("step-state");
        state.setId("step-state-" + row.id());
        Label detail = new Label();
        detail.getStyleClass().add("step-detail");
        detail.setId("step-detail-" + row.id());
        detail.textProperty().bind(row.detailProperty());
        Tooltip full = new Tooltip();
        full.textProperty().bind(row.detailProperty());
        full.setWrapText(true);
        full.setMaxWidth(480);
        detail.setTooltip(full);
        detail.setMaxWidth(Double.MAX_VALUE);
        HBox head = new HBox(6, title, state);
        head.setAlignment(Pos.BASELINE_LEFT);
        VBox text = new VBox(1, head, detail);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMinWidth(0);
        HBox box = new HBox(8, icon, text);
        box.setAlignment(Pos.TOP_LEFT);
        box.getStyleClass().add("step-row");
        box.setId("step-" + row.id());
        Runnable update = () -> {
            StepStatus s = row.status();
            icon.show(s);
            state.setText(s.label());
            for (StepStatus any : StepStatus.values()) {
                box.pseudoClassStateChanged(StatusIcon.pseudo(any), any == s);
            }
        };
        row.statusProperty().addListener(o -> update.run());
        update.run();
        return box;
    }
}
