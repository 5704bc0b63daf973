package org.visomaster.launcher.frontend.ui.setup;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.visomaster.launcher.steps.models.ModelStatus;
import org.visomaster.launcher.engine.ProvisionEvent.ModelProgress;
import org.visomaster.launcher.infra.util.Units;

/** One model file in the download table: name, size, progress (0..1, -1 unknown), speed and state. */
public final class ModelRow {
    private final String path;
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper(this, "name", "");
    private final ReadOnlyStringWrapper size = new ReadOnlyStringWrapper(this, "size", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper speed = new ReadOnlyStringWrapper(this, "speed", "");
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper(this, "state", "");

    ModelRow(String path) {
        this.path = path;
    }

    void update(ModelProgress m) {
        name.set(m.name());
        size.set(m.total() > 0 ? Units.bytes(m.total()) : "—");
        progress.set(switch (m.state()) {
            case VERIFIED -> 1.0;
            case QUEUED -> 0.0;
            default -> m.total() > 0 ? Math.min(1.0, (double) m.done() / m.total()) : -1;
        });
        speed.set(m.state() == org.visomaster.launcher.engine.ProvisionEvent.ModelState.DOWNLOADING
                ? Units.speed(m.speed()) : "");
        String label = m.state().name().toLowerCase(java.util.Locale.ROOT);
        state.set(m.detail() == null || m.detail().isBlank() ? label : label + ": " + m.detail());
    }

    /** A row for a model no run has touched since the window opened: how it stands on disk. */
    void show(ModelStatus m) {
        name.set(m.name());
        size.set(m.size() >= 0 ? Units.bytes(m.size()) : "—");
        progress.set(m.state() == ModelStatus.State.VERIFIED ? 1.0 : 0.0);
        speed.set("");
        String label = m.state().name().toLowerCase(java.util.Locale.ROOT);
        // "verified earlier; unchanged since", not "verified: verified earlier; …"
        state.set(m.detail().startsWith(label) ? m.detail() : label + ": " + m.detail());
    }

    public String path() {
        return path;
    }

    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sizeProperty() {
        return size.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty speedProperty() {
        return speed.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    public String state() {
        return state.get();
    }

    public double progress() {
        return progress.get();
    }
}
