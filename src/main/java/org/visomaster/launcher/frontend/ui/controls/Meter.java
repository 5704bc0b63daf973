package org.visomaster.launcher.frontend.ui.controls;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;

/**
 * A compact meter: a title, a value ("54 %"), a bar for the current fraction, a history line (e.g. the last 60
 * seconds) and a detail line. Unknown values are NaN; the bar is then empty and the value text says "—".
 */
public class Meter extends Control {
    public static final String STYLE_CLASS = "meter";
    public static final String TITLE_CLASS = "meter-title";
    public static final String VALUE_CLASS = "meter-value";
    public static final String DETAIL_CLASS = "meter-detail";
    public static final String TRACK_CLASS = "meter-track";
    public static final String FILL_CLASS = "meter-fill";
    public static final String SPARK_CLASS = "meter-spark";
    public static final String SPARK_LINE_CLASS = "meter-spark-line";
    /** Pseudo-class set when the fraction is at or above {@link #HIGH}: the bar and line change colour. */
    public static final String HIGH_PSEUDO_CLASS = "high";
    public static final double HIGH = 0.9;

    private final StringProperty title = new SimpleStringProperty(this, "title", "");
    private final StringProperty value = new SimpleStringProperty(this, "value", "—");
    private final StringProperty detail = new SimpleStringProperty(this, "detail", "");
    private final DoubleProperty fraction = new SimpleDoubleProperty(this, "fraction", Double.NaN);
    private final ObjectProperty<double[]> history = new SimpleObjectProperty<>(this, "history", new double[0]);

    public Meter() {
        getStyleClass().add(STYLE_CLASS);
    }

    public Meter(String title) {
        this();
        setTitle(title);
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new MeterSkin(this);
    }

    @Override
    public String getUserAgentStylesheet() {
        return Meter.class.getResource("meter.css").toExternalForm();
    }

    public StringProperty titleProperty() {
        return title;
    }

    public String getTitle() {
        return title.get();
    }

    public void setTitle(String v) {
        title.set(v);
    }

    public StringProperty valueProperty() {
        return value;
    }

    public String getValue() {
        return value.get();
    }

    public StringProperty detailProperty() {
        return detail;
    }

    public String getDetail() {
        return detail.get();
    }

    /** 0..1, NaN when unknown. */
    public DoubleProperty fractionProperty() {
        return fraction;
    }

    /** Fractions 0..1 oldest first; NaN entries leave a gap. */
    public ObjectProperty<double[]> historyProperty() {
        return history;
    }
}
