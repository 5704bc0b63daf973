package org.visomaster.launcher.frontend.ui.meters;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.visomaster.launcher.infra.metrics.History;

/** What one meter shows: title, value text, detail, current fraction and the last minute of fractions. */
final class MeterModel {
    public static final int HISTORY_SECONDS = 60;

    private final History history = new History(HISTORY_SECONDS);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyStringWrapper value = new ReadOnlyStringWrapper(this, "value", "—");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(this, "fraction", Double.NaN);
    private final ReadOnlyObjectWrapper<double[]> values = new ReadOnlyObjectWrapper<>(this, "history",
            new double[0]);

    MeterModel(String title) {
        this.title.set(title);
    }

    /** Records one sample (NaN when unknown). */
    void sample(double f, String valueText, String detailText) {
        fraction.set(f);
        value.set(valueText);
        detail.set(detailText);
        history.add(f);
        values.set(history.values());
    }

    void title(String t) {
        title.set(t);
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty valueProperty() {
        return value.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty fractionProperty() {
        return fraction.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<double[]> historyProperty() {
        return values.getReadOnlyProperty();
    }

    public String value() {
        return value.get();
    }

    public String detail() {
        return detail.get();
    }

    public String title() {
        return title.get();
    }

    public double[] history() {
        return values.get();
    }
}
