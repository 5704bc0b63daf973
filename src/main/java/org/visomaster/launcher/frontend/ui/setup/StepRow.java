package org.visomaster.launcher.frontend.ui.setup;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepStatus;

/** One provisioning step as the steps list shows it: title, state and a one-line detail. */
public final class StepRow {
    private final StepId id;
    private final String title;
    private final ReadOnlyObjectWrapper<StepStatus> status;
    private final ReadOnlyStringWrapper detail;

    StepRow(StepId id, String title, StepStatus status, String detail) {
        this.id = id;
        this.title = title;
        this.status = new ReadOnlyObjectWrapper<>(this, "status", status);
        this.detail = new ReadOnlyStringWrapper(this, "detail", detail == null ? "" : detail);
    }

    public StepId id() {
        return id;
    }

    public String title() {
        return title;
    }

    public StepStatus status() {
        return status.get();
    }

    public String detail() {
        return detail.get();
    }

    public ReadOnlyObjectProperty<StepStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    void update(StepStatus s, String d) {
        status.set(s);
        detail.set(d == null ? "" : d);
    }

    void detail(String d) {
        detail.set(d == null ? "" : d);
    }

    @Override
    public String toString() {
        return title + " (" + status.get().label() + ")";
    }
}
