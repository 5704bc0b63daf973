package org.visomaster.launcher.frontend.ui.setup;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.visomaster.launcher.engine.EventText;
import org.visomaster.launcher.engine.ProvisionStatus.Progress;
import org.visomaster.launcher.engine.StepId;

/** A step while it runs, with its own bar: several run at the same time (the Python packages beside the models). */
final class RunningStep {
    private final StepId id;
    private final String title;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private Progress last;

    RunningStep(StepId id, String title) {
        this.id = id;
        this.title = title;
    }

    public StepId id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** 0..1, or -1 while the step cannot tell. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Bytes, speed and time left ("1.2 GiB of 3.4 GiB · 40.0 MiB/s · 1m 05s left · detail"). */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    /** The last progress reported, or null before the first. */
    Progress last() {
        return last;
    }

    void update(Progress p) {
        last = p;
        progress.set(p.fraction());
        text.set(EventText.progressLine(p));
    }

    @Override
    public String toString() {
        return title + " (" + text.get() + ")";
    }
}
