package org.visomaster.launcher.provision;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.visomaster.launcher.process.HostEnvironment;
import org.visomaster.launcher.workspace.LauncherConfig;
import org.visomaster.launcher.workspace.Workspace;

/**
 * The engine as the window and the upload page use it: one background run at a time, under the workspace lock,
 * with its events on {@link #events()} and a live {@link #status()}.
 */
public final class ProvisionService implements AutoCloseable {
    private final Workspace workspace;
    private final LauncherConfig config;
    private final HostEnvironment host;
    private final List<Step> steps;
    private final StateStore state;
    private final EventBus events = new EventBus();
    private final StatusTracker tracker;
    private ProvisionLog log;
    private Cancellation cancellation;
    private CompletableFuture<RunResult> current;

    public ProvisionService(Workspace workspace, LauncherConfig config, HostEnvironment host, List<Step> steps) {
        this.workspace = workspace;
        this.config = config;
        this.host = host;
        this.steps = List.copyOf(steps);
        this.state = new StateStore(workspace.stateFile());
        this.tracker = new StatusTracker(steps, ProvisionRunner.stepRecords(state));
        events.subscribe(tracker);
        try {
            workspace.ensureLayout();
            log = new ProvisionLog(workspace.logs());
            events.subscribe(log);
        } catch (IOException e) {
            log = null;
        }
    }

    public EventBus events() {
        return events;
    }

    public ProvisionStatus status() {
        return tracker.snapshot();
    }

    public Workspace workspace() {
        return workspace;
    }

    public LauncherConfig config() {
        return config;
    }

    public HostEnvironment host() {
        return host;
    }

    public List<Step> steps() {
        return steps;
    }

    public StateStore state() {
        return state;
    }

    public synchronized boolean isRunning() {
        return current != null && !current.isDone();
    }

    /** True when every step's cheap check passes (runs on the caller's thread; cheap by the Step contract). */
    public boolean isComplete() {
        Cancellation none = new Cancellation();
        for (Step s : steps) {
            try {
                if (!s.isDone(new StepContext(workspace, config, host, state, EventSink.NONE, none, s.id()))) {
                    return false;
                }
            } catch (Exception e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Starts a run on its own thread. When one is already running, returns that run. When another process holds the
     * workspace, the future completes with a failed result whose message says so.
     */
    public synchronized CompletableFuture<RunResult> start(RunOptions options) {
        if (isRunning()) {
            return current;
        }
        cancellation = new Cancellation();
        Cancellation c = cancellation;
        CompletableFuture<RunResult> f = new CompletableFuture<>();
        Thread t = new Thread(() -> f.complete(runLocked(options, c)), "provision");
        t.setDaemon(true);
        current = f;
        t.start();
        return f;
    }

    private RunResult runLocked(RunOptions options, Cancellation c) {
        state.reload();
        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace.lockFile())) {
            return new ProvisionRunner(workspace, config, host, state, events, steps).run(options, c);
        } catch (WorkspaceLock.LockedException e) {
            events.emit(new ProvisionEvent.Finding(java.time.Instant.now(), null,
                    ProvisionEvent.Severity.ERROR, e.getMessage()));
            return new RunResult(false, false, null, e.getMessage(), List.of(), Map.of());
        } catch (IOException | RuntimeException e) {
            String msg = "Provisioning could not start: " + e.getMessage();
            return new RunResult(false, false, null, msg, List.of(), Map.of());
        }
    }

    public synchronized void cancel() {
        if (cancellation != null) {
            cancellation.cancel();
        }
    }

    @Override
    public void close() {
        cancel();
        CompletableFuture<RunResult> f;
        synchronized (this) {
            f = current;
        }
        if (f != null) {
            try {
                f.get(15, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        if (log != null) {
            try {
                log.close();
            } catch (IOException ignored) {
                // nothing left to tell
            }
        }
    }
}
