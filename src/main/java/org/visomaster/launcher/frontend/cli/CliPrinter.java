package org.visomaster.launcher.frontend.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.visomaster.launcher.engine.EventJson;
import org.visomaster.launcher.engine.EventSink;
import org.visomaster.launcher.engine.EventText;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.ProvisionEvent.StepFinished;
import org.visomaster.launcher.engine.ProvisionEvent.StepProgress;
import org.visomaster.launcher.engine.ProvisionStatus;
import org.visomaster.launcher.engine.StepId;

/**
 * Prints engine events for a terminal: readable lines, each step's prefixed with its id since steps run at the same
 * time (or one JSON object per line with --json). Progress is throttled per step: on a terminal one status line
 * holding every running step (read from the engine's snapshot, not folded here) is redrawn at most twice a second;
 * elsewhere each step prints a line every 10 s.
 */
final class CliPrinter implements EventSink {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;
    private final boolean terminal;
    private final long progressIntervalNanos;
    private final Supplier<ProvisionStatus> status;
    private final Map<StepId, Long> lastProgress = new LinkedHashMap<>();
    private long lastRedraw;
    private boolean progressShown;

    /** @param status the run's snapshot ({@code ProvisionService::status}), for the terminal's status line */
    CliPrinter(PrintStream out, PrintStream err, boolean json, boolean terminal, Supplier<ProvisionStatus> status) {
        this.status = status;
        this.out = out;
        this.err = err;
        this.json = json;
        this.terminal = terminal;
        this.progressIntervalNanos = json ? 250_000_000L : terminal ? 500_000_000L : 10_000_000_000L;
    }

    @Override
    public synchronized void emit(ProvisionEvent e) {
        if (e instanceof StepProgress p) {
            progress(p);
            return;
        }
        if (e instanceof StepFinished f) {
            lastProgress.remove(f.stepId());
        }
        if (json) {
            if (!(e instanceof ProvisionEvent.ModelProgress m && m.state() == ProvisionEvent.ModelState.DOWNLOADING)) {
                out.println(EventJson.toLine(e));
            }
            return;
        }
        String line = EventText.describe(e);
        if (line != null) {
            clearProgress();
            out.println(line);
        }
    }

    private void progress(StepProgress p) {
        long now = System.nanoTime();
        if (terminal && !json) {
            if (now - lastRedraw < progressIntervalNanos) {
                return;
            }
            lastRedraw = now;
            String line = status.get().steps().stream().filter(v -> v.progress() != null)
                    .map(v -> "[" + v.id() + "] " + EventText.progressLine(v.progress()))
                    .collect(Collectors.joining("  |  "));
            err.print("\r\033[K    " + line);
            err.flush();
            progressShown = true;
            return;
        }
        Long last = lastProgress.get(p.stepId());
        if (last != null && now - last < progressIntervalNanos) {
            return;
        }
        lastProgress.put(p.stepId(), now);
        out.println(json ? EventJson.toLine(p) : EventText.prefix(p.stepId()) + "… " + EventText.progressLine(p));
    }

    private void clearProgress() {
        if (progressShown) {
            err.print("\r\033[K");
            progressShown = false;
        }
    }
}
