package org.visomaster.launcher.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.visomaster.launcher.workspace.Workspace;

/**
 * Starts, watches, stops and restarts VisoMaster ({@code python main.py} in the source tree). Output goes line by
 * line to the listener and to a log file per run; a non-zero exit that we did not ask for is a crash, triaged.
 * Thread-safe. {@link #start()} while a child is alive does nothing.
 */
public final class VisoMasterSupervisor implements AutoCloseable {
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Workspace ws;
    private final HostEnvironment host;
    private final Consumer<SupervisorEvent> listener;
    private volatile Duration stopTimeout = DEFAULT_STOP_TIMEOUT;

    public VisoMasterSupervisor(Workspace ws, HostEnvironment host, Consumer<SupervisorEvent> listener) {
        this.ws = ws;
        this.host = host;
        this.listener = listener;
    }

    /** How long stop() waits after SIGTERM before killing the whole tree. */
    public void setStopTimeout(Duration timeout) {
        this.stopTimeout = timeout;
    }

    public void start() throws IOException {
        throw new IOException("TODO");
    }

    public void stop() {
    }

    public void restart() throws IOException {
        stop();
        start();
    }

    public VisoState state() {
        return VisoState.STOPPED;
    }

    /** The child's pid, or -1 when none is alive. */
    public long pid() {
        return -1;
    }

    /** When the current (or last) run started, or null before the first. */
    public Instant startedAt() {
        return null;
    }

    /** The log file of the current (or last) run, or null before the first. */
    public Path currentLog() {
        return null;
    }

    @Override
    public void close() {
        stop();
    }
}
