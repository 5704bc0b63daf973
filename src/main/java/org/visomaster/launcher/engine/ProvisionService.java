package org.visomaster.launcher.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.metrics.GpuFactsProbe;
import org.visomaster.launcher.infra.process.LaunchGpu;
import org.visomaster.launcher.infra.process.SupervisorEvent;
import org.visomaster.launcher.infra.process.VisoMasterSupervisor;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * The one way into the engine, for the command line, the window and the upload page: it owns the step graph, the
 * state file, the workspace lock, the provision logs, the step contexts, "what is done" and the status report. A run
 * happens under the lock with its events on {@link #events()} (logged to logs/provision.log and .jsonl) and a live
 * {@link #status()}; one run at a time.
 */
public final class ProvisionService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionService.class);
    private final Workspace workspace;
    private final LauncherConfig config;
    private final HostEnvironment host;
    private final StepGraph graph;
    private final StateStore state;
    private final EventBus events = new EventBus();
    private final StatusTracker tracker;
    private final InstallFacts facts;
    private Cancellation cancellation;
    private CompletableFuture<RunResult> current;

    /** A service whose front ends learn nothing about models or the GPU (catalogues without those steps). */
    public ProvisionService(Workspace workspace, LauncherConfig config, HostEnvironment host, List<Step> steps) {
        this(workspace, config, host, steps, InstallFacts.NONE);
    }

    /** @param facts what the steps above the engine know about models and the GPU (wired by the composition root) */
    public ProvisionService(Workspace workspace, LauncherConfig config, HostEnvironment host, List<Step> steps,
                            InstallFacts facts) {
        this.facts = facts;
        this.workspace = workspace;
        this.config = config;
        this.host = host;
        this.graph = new StepGraph(steps);
        this.state = new StateStore(workspace.stateFile());
        this.tracker = new StatusTracker(graph.steps(), StepRecords.read(state));
        events.subscribe(tracker);
    }

    public EventBus events() {
        return events;
    }

    public ProvisionStatus status() {
        return tracker.snapshot();
    }

    public StepGraph graph() {
        return graph;
    }

    /** The steps in graph order. */
    public List<Step> steps() {
        return graph.steps();
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

    public StateStore state() {
        return state;
    }

    /** A context for looking at one step outside a run (reports, listings): its events go nowhere. */
    public StepContext context(StepId id) {
        return new StepContext(workspace, config, host, state, EventSink.NONE, new Cancellation(), graph.step(id).id());
    }

    /** The step's cheap check, now (a check that throws counts as not done). */
    public boolean isDone(StepId id) {
        return Completion.isDone(graph.step(id), context(id));
    }

    /** The steps (graph order) that are not done now (on the caller's thread; cheap by the Step contract). */
    public List<StepId> notDone() {
        return Completion.notDone(graph, s -> context(s.id()));
    }

    /** True when every step's cheap check passes. */
    public boolean isComplete() {
        return notDone().isEmpty();
    }

    /** Every step with its needs, its check now, its last outcome and what it reports about itself. */
    public StatusReport report() {
        state.reload();
        Map<StepId, StepRecord> records = StepRecords.read(state);
        List<StepId> notDone = notDone();
        List<StatusReport.Entry> entries = new ArrayList<>();
        for (Step s : graph.steps()) {
            JsonNode facts;
            try {
                Object r = s.report(context(s.id()));
                facts = r == null ? null : StateStore.JSON.valueToTree(r);
            } catch (Exception e) {
                facts = StateStore.JSON.createObjectNode().put("note", String.valueOf(e.getMessage()));
            }
            List<StepId> needs = graph.ids().stream().filter(s.needs()::contains).toList();
            entries.add(new StatusReport.Entry(s.id(), s.title(), needs, !notDone.contains(s.id()),
                    records.get(s.id()), facts));
        }
        return new StatusReport(notDone.isEmpty(), entries);
    }

    /** The earliest step (graph order) among those an import said it affects; one not in the graph is an error. */
    public Optional<StepId> firstAffected(Collection<StepId> steps) {
        return graph.first(steps);
    }

    /**
     * Lists the models as the last run left them (cached manifest only: cheap, writes nothing) and folds the ones no
     * run has reported into {@link #status()}. Does nothing when no run has read the manifest yet.
     */
    public void refreshModelsOnDisk() {
        facts.modelsOnDisk(this).ifPresent(tracker::modelsOnDisk);
    }

    /** Every model of the manifest with its state on disk; {@code verify} hashes every present file. */
    public List<ModelView> models(boolean verify) throws StepFailedException, Cancellation.CancelledException {
        return facts.models(this, verify);
    }

    /** The GPU, the wheel variant for it and the last self-test. */
    public GpuView gpu() {
        return facts.gpu(Optional.of(config), host, state);
    }

    /** True for the step whose failure still lets a person launch VisoMaster (the GPU self-test). */
    public boolean isSelfTest(StepId id) {
        return id != null && facts.selfTestStep().filter(id::equals).isPresent();
    }

    /** The last recorded outcome of each step. */
    public Map<StepId, StepRecord> records() {
        return new LinkedHashMap<>(StepRecords.read(state));
    }

    /**
     * Runs on the caller's thread under the workspace lock (a dry run takes no lock and writes nothing), with the run
     * logged to logs/. Throws when another launcher holds the workspace.
     */
    public RunResult run(RunOptions options, Cancellation c) throws WorkspaceLock.LockedException, IOException {
        ProvisionRunner runner = new ProvisionRunner(workspace, config, host, state, events, graph);
        if (options.dryRun()) {
            return runner.run(options, c);
        }
        workspace.ensureLayout();
        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace.lockFile());
             ProvisionLog log = new ProvisionLog(workspace);
             AutoCloseable logged = events.subscribe(log)) {
            state.reload();
            return runner.run(options, c);
        } catch (WorkspaceLock.LockedException | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public synchronized boolean isRunning() {
        return current != null && !current.isDone();
    }

    /**
     * Starts a run on its own thread. When one is already running, returns that run. When another process holds the
     * workspace, the future completes with a result whose message says so.
     */
    public synchronized CompletableFuture<RunResult> start(RunOptions options) {
        if (isRunning()) {
            return current;
        }
        cancellation = new Cancellation();
        Cancellation c = cancellation;
        CompletableFuture<RunResult> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(runReporting(options, c));
            } catch (Throwable e) {
                LOG.error("the run broke down", e);
                f.complete(RunResult.notStarted("Setup stopped on an internal error (" + e + "); run provision"
                        + " again, and report it with logs/launcher.log if it repeats."));
            }
        }, "provision");
        t.setDaemon(true);
        current = f;
        t.start();
        return f;
    }

    private RunResult runReporting(RunOptions options, Cancellation c) {
        try {
            return run(options, c);
        } catch (WorkspaceLock.LockedException e) {
            events.emit(new ProvisionEvent.Finding(Instant.now(), null, ProvisionEvent.Severity.ERROR,
                    e.getMessage()));
            return RunResult.notStarted(e.getMessage());
        } catch (IOException | RuntimeException e) {
            return RunResult.notStarted("Provisioning could not start: " + e.getMessage());
        }
    }

    public synchronized void cancel() {
        if (cancellation != null) {
            cancellation.cancel();
        }
    }

    /** Stops a run in progress and waits (up to 15 s) until its steps have stopped and saved their state. */
    @Override
    public void close() {
        cancel();
        CompletableFuture<RunResult> f;
        synchronized (this) {
            f = current;
        }
        if (f != null) {
            try {
                f.get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("the run had not ended when the service closed; closing anyway", e);
            }
        }
    }

    /**
     * A VisoMaster supervisor for this workspace that knows this machine's GPUs (for the GPU choice and the TensorRT
     * engine check), so the front ends need not read GPU facts themselves.
     */
    public VisoMasterSupervisor supervisor(Consumer<SupervisorEvent> listener) {
        return new VisoMasterSupervisor(workspace, host, listener, () -> GpuFactsProbe.probe(host).gpus().stream()
                .map(g -> new LaunchGpu(g.index(), g.name(), g.computeCapability())).toList());
    }
}
