package org.visomaster.launcher.frontend.ui.console;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import org.visomaster.launcher.frontend.ui.controls.BoundedLog;
import org.visomaster.launcher.frontend.ui.services.BackgroundExecutor;
import org.visomaster.launcher.frontend.ui.services.ClipboardService;
import org.visomaster.launcher.frontend.ui.services.DesktopOpener;
import org.visomaster.launcher.frontend.ui.services.UiBatcher;

/**
 * The console: provisioning output and VisoMaster's output, newest {@value #MAX_LINES} lines. Lines arrive from any
 * thread through {@link #append}; they reach the list in batches, one UI hop per batch.
 */
public final class ConsoleViewModel {
    public static final int MAX_LINES = 20_000;
    /** Lines added to the list per frame at most; a flood reaches the list over a few frames. */
    public static final int MAX_PER_FRAME = 4_000;

    private final BoundedLog<ConsoleLine> lines = new BoundedLog<>(MAX_LINES);
    private final ReadOnlyLongWrapper received = new ReadOnlyLongWrapper(this, "received");
    private final ReadOnlyLongWrapper batches = new ReadOnlyLongWrapper(this, "batches");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final BooleanProperty autoScroll = new SimpleBooleanProperty(this, "autoScroll", true);
    private final UiBatcher<ConsoleLine> batcher;
    private final BackgroundExecutor executor;
    private final ClipboardService clipboard;
    private final DesktopOpener opener;
    private final Path logFolder;

    public ConsoleViewModel(BackgroundExecutor executor, ClipboardService clipboard, DesktopOpener opener,
                            Path logFolder) {
        this.executor = executor;
        this.clipboard = clipboard;
        this.opener = opener;
        this.logFolder = logFolder;
        this.batcher = new UiBatcher<>(executor, MAX_PER_FRAME, MAX_LINES,
                n -> received.set(received.get() + n), this::appendBatch);
    }

    /** Thread-safe; a text with line breaks becomes several lines. */
    public void append(ConsoleLine.Source source, String text) {
        if (text.indexOf('\n') < 0) {
            batcher.add(new ConsoleLine(source, text));
            return;
        }
        for (String part : text.split("\\R", -1)) {
            batcher.add(new ConsoleLine(source, part));
        }
    }

    private void appendBatch(List<ConsoleLine> batch) {
        received.set(received.get() + batch.size());
        lines.appendAll(batch);
        batches.set(batches.get() + 1);
    }

    /**
     * The index of the next line containing {@code query} (any case) after {@code after}, wrapping around; -1 when
     * none does. Sets {@link #statusProperty()} to say what happened.
     */
    public int findNext(String query, int after) {
        if (query == null || query.isBlank()) {
            status.set("");
            return -1;
        }
        String q = query.toLowerCase(Locale.ROOT);
        int n = lines.size();
        for (int k = 1; k <= n; k++) {
            int i = Math.floorMod(after + k, n);
            if (lines.get(i).text().toLowerCase(Locale.ROOT).contains(q)) {
                status.set("");
                return i;
            }
        }
        status.set("No line contains \"" + query + "\".");
        return -1;
    }

    /** Copies the given lines, or every line when none is given. */
    public void copy(List<ConsoleLine> selected) {
        List<ConsoleLine> what = selected == null || selected.isEmpty() ? lines : selected;
        clipboard.putText(what.stream().map(ConsoleLine::text).collect(Collectors.joining("\n")));
        status.set("Copied " + what.size() + (what.size() == 1 ? " line." : " lines."));
    }

    public void clear() {
        lines.clear();
        batches.set(batches.get() + 1);
        status.set("");
    }

    public void openLogFolder() {
        executor.run(() -> opener.open(logFolder), e -> status.set(e.getMessage()));
    }

    /** The newest lines, oldest first; read-only for callers (only this view-model appends or clears). */
    public BoundedLog<ConsoleLine> lines() {
        return lines;
    }

    /** Every line ever appended (the list keeps the newest {@value #MAX_LINES}). */
    public ReadOnlyLongProperty receivedProperty() {
        return received.getReadOnlyProperty();
    }

    /** Increments once per batch that reached the list (and on clear). */
    public ReadOnlyLongProperty batchesProperty() {
        return batches.getReadOnlyProperty();
    }

    /** A short remark for the status line (search miss, copy done, opener failure). */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Whether the view follows new lines; off while the user reads older output. */
    public BooleanProperty autoScrollProperty() {
        return autoScroll;
    }

    public Path logFolder() {
        return logFolder;
    }
}
