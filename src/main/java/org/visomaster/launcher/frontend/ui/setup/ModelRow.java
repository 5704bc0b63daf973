package org.visomaster.launcher.frontend.ui.setup;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.visomaster.launcher.engine.ModelId;
import org.visomaster.launcher.engine.ModelView;
import org.visomaster.launcher.engine.ProvisionEvent.ModelState;
import org.visomaster.launcher.infra.util.Units;

/** One model file in the download table: name, size, progress (0..1, -1 unknown), speed and state. */
public final class ModelRow {
    private final ModelId id;
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper(this, "name", "");
    private final ReadOnlyStringWrapper size = new ReadOnlyStringWrapper(this, "size", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper speed = new ReadOnlyStringWrapper(this, "speed", "");
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper(this, "state", "");

    ModelRow(ModelId id) {
        this.id = id;
    }

    /** Shows the model as the run's snapshot has it. */
    void show(ModelView m) {
        name.set(m.name());
        size.set(m.size() > 0 ? Units.bytes(m.size()) : "—");
        progress.set(m.fraction());
        speed.set(m.state() == ModelState.DOWNLOADING ? Units.speed(m.speed()) : "");
        state.set(m.stateText());
    }

    public ModelId id() {
        return id;
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
