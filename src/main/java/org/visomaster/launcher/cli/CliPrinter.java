package org.visomaster.launcher.cli;

import java.io.PrintStream;
import org.visomaster.launcher.provision.EventJson;
import org.visomaster.launcher.provision.EventSink;
import org.visomaster.launcher.provision.EventText;
import org.visomaster.launcher.provision.ProvisionEvent;
import org.visomaster.launcher.provision.ProvisionEvent.StepProgress;

/**
 * Prints engine events for a terminal: readable lines (or one JSON object per line with --json). Progress is
 * throttled: on a terminal it redraws one status line at most twice a second, elsewhere one line every 10 s.
 */
final class CliPrinter implements EventSink {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;
    private final boolean terminal;
    private final long progressIntervalNanos;
    private long lastProgress;
    private boolean progressShown;

    CliPrinter(PrintStream out, PrintStream err, boolean json, boolean terminal) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.terminal = terminal;
        this.progressIntervalNanos = json ? 250_000_000L : terminal ? 500_000_000L : 10_000_000_000L;
    }

    @Override
    public synchronized void emit(ProvisionEvent e) {
        if (e instanceof StepProgress p) {
            long now = System.nanoTime();
            if (now - lastProgress < progressIntervalNanos) {
                return;
            }
            lastProgress = now;
            if (json) {
                out.println(EventJson.toLine(e));
            } else if (terminal) {
                err.print("\r\033[K    " + EventText.progressLine(p));
                err.flush();
                progressShown = true;
            } else {
                out.println("    … " + EventText.progressLine(p));
            }
            return;
        }
        if (json) {
            if (!(e instanceof ProvisionEvent.ModelProgress m && m.state() == ProvisionEvent.ModelState.DOWNLOADING)) {
                out.println(EventJson.toLine(e));
            }
            return;
        }
        String line = EventText.describe(e);
        if (line != null) {
            if (progressShown) {
                err.print("\r\033[K");
                progressShown = false;
            }
            out.println(line);
        }
    }
}
