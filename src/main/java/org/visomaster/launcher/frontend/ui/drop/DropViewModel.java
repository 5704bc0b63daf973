package org.visomaster.launcher.frontend.ui.drop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.visomaster.launcher.engine.RunOptions;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.frontend.ui.console.ConsoleLine;
import org.visomaster.launcher.frontend.ui.console.ConsoleViewModel;
import org.visomaster.launcher.frontend.ui.services.BackgroundExecutor;
import org.visomaster.launcher.frontend.ui.setup.SetupViewModel;
import org.visomaster.launcher.frontend.ui.setup.StepRow;
import org.visomaster.launcher.imports.ImportResult;
import org.visomaster.launcher.imports.ImportService;

/**
 * The drop zone: files dropped on the window (or chosen in a dialog) go through the engine's import on a background
 * thread; each shows where it went or why it was refused. When an import affects provisioning steps (a new
 * requirements.txt, a dependency), the model offers to re-run them from the first affected step.
 */
public final class DropViewModel {
    private final ImportService imports;
    private final BackgroundExecutor executor;
    private final SetupViewModel setup;
    private final ConsoleViewModel console;
    private final ObservableList<ImportResult> results = FXCollections.observableArrayList();
    /** One read-only view, kept: a fresh wrapper per call would drop listeners when collected. */
    private final ObservableList<ImportResult> resultsView = FXCollections.unmodifiableObservableList(results);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper rerunOffer = new ReadOnlyStringWrapper(this, "rerunOffer", "");
    private final Set<StepId> affected = new LinkedHashSet<>();
    private int pending;

    public DropViewModel(ImportService imports, BackgroundExecutor executor, SetupViewModel setup,
                         ConsoleViewModel console) {
        this.imports = imports;
        this.executor = executor;
        this.setup = setup;
        this.console = console;
    }

    /** What the drop handler and the file chooser call. */
    public void importFiles(List<Path> files) {
        if (files == null || files.isEmpty()) {
            return;
        }
        pending++;
        busy.set(true);
        List<Path> copy = List.copyOf(files);
        executor.run(() -> imports.importAll(copy), this::imported, err -> {
            done();
            console.append(ConsoleLine.Source.LAUNCHER, "Import failed unexpectedly: " + err.getMessage());
        });
    }

    private void imported(List<ImportResult> batch) {
        done();
        List<ImportResult> newestFirst = new ArrayList<>(batch);
        Collections.reverse(newestFirst);
        results.addAll(0, newestFirst);
        for (ImportResult r : batch) {
            console.append(ConsoleLine.Source.LAUNCHER, (r.accepted() ? "Imported " : "Refused ") + r.originalName()
                    + ": " + r.message());
            if (r.accepted()) {
                affected.addAll(r.affectedSteps());
            }
        }
        updateOffer();
    }

    private void done() {
        pending--;
        busy.set(pending > 0);
    }

    private void updateOffer() {
        StepId first = firstAffectedStep();
        rerunOffer.set(first == null ? "" : "The new files change the installation: re-run setup from \""
                + titleOf(first) + "\"?");
    }

    /** The earliest step (in graph order) any accepted import affects, or null. */
    public StepId firstAffectedStep() {
        return setup.firstAffected(affected).orElse(null);
    }

    private String titleOf(StepId id) {
        return setup.steps().stream().filter(s -> s.id().equals(id)).map(StepRow::title).findFirst()
                .orElse(id.name());
    }

    /** Re-runs provisioning from the first affected step and clears the offer. */
    public void rerunAffected() {
        StepId first = firstAffectedStep();
        dismissRerun();
        if (first != null) {
            setup.start(RunOptions.from(first));
        }
    }

    public void dismissRerun() {
        affected.clear();
        rerunOffer.set("");
    }

    /** Newest first. */
    public ObservableList<ImportResult> results() {
        return resultsView;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Empty when there is nothing to offer; otherwise the question to ask. */
    public ReadOnlyStringProperty rerunOfferProperty() {
        return rerunOffer.getReadOnlyProperty();
    }
}
