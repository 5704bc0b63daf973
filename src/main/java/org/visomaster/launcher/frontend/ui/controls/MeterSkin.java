package org.visomaster.launcher.frontend.ui.controls;

import java.util.ArrayList;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.SkinBase;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Polyline;

/** Draws a {@link Meter}: labels, a bar, and the history as a polyline styled from CSS. */
class MeterSkin extends SkinBase<Meter> {
    private static final PseudoClass HIGH = PseudoClass.getPseudoClass(Meter.HIGH_PSEUDO_CLASS);
    private final Region fill = new Region();
    private final StackPane track = new StackPane(fill);
    private final Polyline line = new Polyline();
    private final Pane spark = new Pane(line) {
        @Override
        protected void layoutChildren() {
            redrawLine();
        }
    };

    public MeterSkin(Meter meter) {
        super(meter);
        Label title = new Label();
        title.textProperty().bind(meter.titleProperty());
        title.getStyleClass().add(Meter.TITLE_CLASS);
        title.setMinWidth(0);
        HBox.setHgrow(title, Priority.ALWAYS);
        title.setMaxWidth(Double.MAX_VALUE);
        Label value = new Label();
        value.textProperty().bind(meter.valueProperty());
        value.getStyleClass().add(Meter.VALUE_CLASS);
        value.setMinWidth(Region.USE_PREF_SIZE);
        HBox head = new HBox(6, title, value);
        head.setAlignment(Pos.BASELINE_LEFT);

        track.getStyleClass().add(Meter.TRACK_CLASS);
        track.setAlignment(Pos.CENTER_LEFT);
        fill.getStyleClass().add(Meter.FILL_CLASS);
        fill.setManaged(false);
        track.widthProperty().addListener(o -> resizeFill());
        track.heightProperty().addListener(o -> resizeFill());

        spark.getStyleClass().add(Meter.SPARK_CLASS);
        line.getStyleClass().add(Meter.SPARK_LINE_CLASS);
        line.setManaged(false);

        Label detail = new Label();
        detail.textProperty().bind(meter.detailProperty());
        detail.getStyleClass().add(Meter.DETAIL_CLASS);
        detail.managedProperty().bind(detail.textProperty().isNotEmpty());
        detail.visibleProperty().bind(detail.managedProperty());

        VBox box = new VBox(3, head, track, spark, detail);
        getChildren().add(box);

        meter.fractionProperty().addListener(o -> {
            resizeFill();
            updateHigh();
        });
        meter.historyProperty().addListener(o -> spark.requestLayout());
        updateHigh();
    }

    private void updateHigh() {
        double f = getSkinnable().fractionProperty().get();
        getSkinnable().pseudoClassStateChanged(HIGH, !Double.isNaN(f) && f >= Meter.HIGH);
    }

    private void resizeFill() {
        double f = getSkinnable().fractionProperty().get();
        double w = Double.isNaN(f) ? 0 : Math.max(0, Math.min(1, f)) * track.getWidth();
        fill.resizeRelocate(0, 0, w, track.getHeight());
    }

    private void redrawLine() {
        double[] values = getSkinnable().historyProperty().get();
        double w = spark.getWidth();
        double h = spark.getHeight();
        List<Double> points = new ArrayList<>();
        if (values != null && values.length > 0 && w > 0 && h > 0) {
            // a full minute spans the width; fewer samples start at the right so time flows the same way
            int slots = Math.max(values.length, 60);
            double step = w / (slots - 1);
            double x0 = w - step * (values.length - 1);
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                if (Double.isNaN(v)) {
                    continue;
                }
                v = Math.max(0, Math.min(1, v));
                points.add(x0 + i * step);
                points.add(1 + (h - 2) * (1 - v));
            }
        }
        line.getPoints().setAll(points);
    }
}
