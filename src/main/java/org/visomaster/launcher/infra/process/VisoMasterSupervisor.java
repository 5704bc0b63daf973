package org.visomaster.launcher.infra.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.util.Units;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * Starts, watches, stops and restarts VisoMaster ({@code python main.py} in the source tree, see
 * {@link VisoMasterCommand}). Output goes line by line to the listener and to a log file per run; an exit that we
 * did not ask for with a non-zero code (or by a signal) is a crash, triaged by {@link CrashTriage} (with the app's own
 * crash report of the run, {@link CrashLog}). The launcher's log ({@code logs/launcher.log}) records each start (command,
 * pid, GPU), each exit (code, how long it ran) and the triage sentence. Before each start the chosen GPU is
 * checked against the GPUs there are, and TensorRT engines built for another GPU or TensorRT are moved aside
 * ({@link TensorRtEngines}).
 *
 * <p>Thread-safe. Events reach the listener in order on one dispatch thread of their own, never while a lock is
 * held, so a listener may call back into the supervisor. {@link #start()} while a child is alive (starting, running
 * or stopping) does nothing. {@link #stop()} blocks until the child is gone (at most the stop timeout plus a few
 * seconds): call it off the UI thread.
 */
public final class VisoMasterSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VisoMasterSupervisor.class);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    public static final int RING_LINES = 200;
    static final String NOTE = "[launcher] ";
    /** Without output, a child still alive after this long counts as running. */
    private static final long RUNNING_AFTER_MS = 1000;

    private final Workspace ws;
    private final HostEnvironment host;
    private final Consumer<SupervisorEvent> listener;
    private final Supplier<List<LaunchGpu>> gpus;
    private final ExecutorService dispatch = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "visomaster-events");
        t.setDaemon(true);
        return t;
    });
    private final LineRing ring = new LineRing(RING_LINES);
    private final Object lock = new Object();
    private volatile Duration stopTimeout = DEFAULT_STOP_TIMEOUT;

    // guarded by lock
    private VisoState state = VisoState.STOPPED;
    private Run current;
    private Run last;
    private boolean closed;
    private Integer gpu;

    /** One child process and the threads that watch it. */
    private static final class Run {
        final Process process;
        final RunLog log;
        final Instant startedAt;
        Thread waiter;
        boolean stopRequested;
        boolean finished;

        Run(Process process, RunLog log, Instant startedAt) {
            this.process = process;
            this.log = log;
            this.startedAt = startedAt;
        }
    }

    /** A supervisor that knows nothing of the GPUs: a remembered GPU is passed on unchecked, engines never moved. */
    public VisoMasterSupervisor(Workspace ws, HostEnvironment host, Consumer<SupervisorEvent> listener) {
        this(ws, host, listener, List::of);
    }

    /** @param gpus this machine's GPUs (may run nvidia-smi: read before each start, never on a UI thread) */
    public VisoMasterSupervisor(Workspace ws, HostEnvironment host, Consumer<SupervisorEvent> listener,
                                Supplier<List<LaunchGpu>> gpus) {
        this.ws = ws;
        this.host = host;
        this.listener = listener;
        this.gpus = gpus;
        this.gpu = LaunchSettings.load(ws).gpu();
    }

    /** This machine's GPUs, for a picker (may run nvidia-smi: call it off the UI thread). */
    public List<LaunchGpu> gpus() {
        try {
            return List.copyOf(gpus.get());
        } catch (RuntimeException e) {
            LOG.warn("the GPUs cannot be listed; VisoMaster starts without a GPU choice", e);
            return List.of();
        }
    }

    /** The GPU VisoMaster starts on (nvidia-smi's index), or null for the app's default. */
    public Integer gpu() {
        synchronized (lock) {
            return gpu;
        }
    }

    /**
     * Picks the GPU for the next starts (null: the app's default) at once, and remembers it in the workspace on the
     * event thread (in order, off the caller's thread: the window calls this on its UI thread).
     */
    public void chooseGpu(Integer newGpu) {
        synchronized (lock) {
            gpu = newGpu;
        }
        Runnable remember = () -> {
            LaunchSettings.rememberGpu(ws, newGpu);
            LOG.info("GPU for VisoMaster: {}", newGpu == null ? "the app's default" : "GPU " + newGpu);
        };
        try {
            dispatch.execute(remember);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            remember.run();
        }
    }

    /** How long stop() waits after SIGTERM before killing the whole tree. */
    public void setStopTimeout(Duration timeout) {
        this.stopTimeout = timeout;
    }

    /**
     * Starts VisoMaster unless it is already alive. Throws with a sentence for the user when it cannot be started
     * (VisoMaster or Python missing, the log folder not writable, the exec failing); the state stays as it was.
     */
    public void start() throws IOException {
        start(gpu());
    }

    /** As {@link #start()}, on GPU {@code runGpu} this time (null: the app's default), remembering nothing. */
    public void start(Integer runGpu) throws IOException {
        List<LaunchGpu> machine = gpus();
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the supervisor is closed");
            }
            if (current != null) {
                return;
            }
            Consumer<String> notes = note -> emit(new SupervisorEvent.Output(NOTE + note));
            Integer useGpu = LaunchPreparation.checkedGpu(runGpu, machine, notes);
            VisoMasterCommand cmd;
            RunLog log;
            try {
                cmd = VisoMasterCommand.of(ws, host, useGpu, notes);
                log = RunLog.create(ws.logs(), LocalDateTime.now());
            } catch (IOException e) {
                LOG.warn("VisoMaster was not started: {}", e.getMessage());
                emit(new SupervisorEvent.Output(NOTE + e.getMessage()));
                throw e;
            }
            LaunchPreparation.moveStaleEngines(ws, machine, useGpu, notes);
            Process process;
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd.argv()).directory(cmd.cwd().toFile())
                        .redirectErrorStream(true);
                pb.environment().clear();
                pb.environment().putAll(cmd.env());
                process = pb.start();
                process.getOutputStream().close();
            } catch (IOException e) {
                String sentence = "VisoMaster could not be started (" + e.getMessage() + "); check that "
                        + cmd.argv().get(0) + " runs, or run the setup again.";
                log.line(NOTE + sentence, true);
                log.close();
                LOG.warn(sentence);
                emit(new SupervisorEvent.Output(NOTE + sentence));
                throw new IOException(sentence, e);
            }
            Run run = new Run(process, log, Instant.now());
            ring.clear();
            current = run;
            last = run;
            String started = NOTE + "started " + String.join(" ", cmd.argv()) + " (pid " + process.pid() + ") in "
                    + cmd.cwd() + "; log: " + log.path();
            log.line(started, true);
            LOG.info("VisoMaster started: {} (pid {}) in {}{}; its output: {}", String.join(" ", cmd.argv()),
                    process.pid(), cmd.cwd(), useGpu == null ? "" : " on GPU " + useGpu, log.path());
            emit(new SupervisorEvent.Output(started));
            setState(run, VisoState.STARTING, null);
            Thread reader = new Thread(() -> pump(run), "visomaster-output");
            reader.setDaemon(true);
            run.waiter = new Thread(() -> watch(run, reader), "visomaster-waiter");
            run.waiter.setDaemon(true);
            reader.start();
            run.waiter.start();
        }
    }

    /**
     * Stops VisoMaster: SIGTERM to it and its children, then SIGKILL to the whole tree after the stop timeout.
     * Returns once it is gone. An intentional stop ends in STOPPED and is never reported as a crash.
     */
    public void stop() {
        Run run;
        boolean first;
        synchronized (lock) {
            run = current;
            if (run == null) {
                return;
            }
            first = !run.stopRequested;
            if (first) {
                run.stopRequested = true;
                setState(run, VisoState.STOPPING, null);
            }
        }
        if (first) {
            ProcessTree.terminate(run.process.toHandle(), stopTimeout);
        }
        if (Thread.currentThread() != run.waiter) {
            try {
                run.waiter.join(stopTimeout.toMillis() + 5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public void restart() throws IOException {
        stop();
        start();
    }

    public VisoState state() {
        synchronized (lock) {
            return state;
        }
    }

    /** The child's pid, or -1 when none is alive. */
    public long pid() {
        synchronized (lock) {
            return current == null ? -1 : current.process.pid();
        }
    }

    /** When the current (or last) run started, or null before the first. */
    public Instant startedAt() {
        synchronized (lock) {
            return last == null ? null : last.startedAt;
        }
    }

    /** The log file of the current (or last) run, or null before the first. */
    public Path currentLog() {
        synchronized (lock) {
            return last == null ? null : last.log.path();
        }
    }

    /** The newest output lines of the current (or last) run, at most {@value #RING_LINES}. */
    public List<String> lastLines() {
        return ring.snapshot();
    }

    /** Stops the child (if any) and delivers the remaining events; start() is refused afterwards. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        stop();
        dispatch.shutdown();
        try {
            dispatch.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pump(Run run) {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(run.process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                ring.add(line);
                run.log.line(line, !r.ready());
                emit(new SupervisorEvent.Output(line));
                markRunning(run);
            }
        } catch (IOException e) {
            // the pipe closed: the exit code tells the rest
        }
    }

    private void watch(Run run, Thread reader) {
        int code;
        try {
            if (!run.process.waitFor(RUNNING_AFTER_MS, TimeUnit.MILLISECONDS)) {
                markRunning(run);
            }
            code = run.process.waitFor();
            // a grandchild that inherited the pipe can keep it open; do not wait for it forever
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        finish(run, code);
    }

    private void markRunning(Run run) {
        synchronized (lock) {
            if (current == run && state == VisoState.STARTING) {
                setState(run, VisoState.RUNNING, null);
            }
        }
    }

    private void finish(Run run, int code) {
        List<String> lines = ring.snapshot();
        Duration ran = Duration.between(run.startedAt, Instant.now());
        // read before taking the lock (file I/O); used only when the exit turns out to be a crash
        Optional<Diagnosis> diagnosis = code == 0 ? Optional.empty()
                : CrashTriage.diagnose(lines, CrashLog.newestSince(ws.source(), run.startedAt));
        synchronized (lock) {
            VisoState end = run.stopRequested ? VisoState.STOPPED
                    : code == 0 ? VisoState.EXITED : VisoState.CRASHED;
            logExit(run, end, code, ran, diagnosis);
            String note = NOTE + (run.stopRequested ? "VisoMaster stopped (exit code " + code + ")."
                    : "VisoMaster exited with code " + code + describeSignal(code) + ".");
            run.log.line(note, true);
            run.log.close();
            emit(new SupervisorEvent.Output(note));
            run.finished = true;
            current = null;
            if (end == VisoState.CRASHED) {
                emit(new SupervisorEvent.Crashed(code, lines, diagnosis));
            }
            setState(run, end, code);
        }
    }

    /** The exit in launcher.log: how it ended, how long it ran, and for a crash the triage sentence. */
    private static void logExit(Run run, VisoState end, int code, Duration ran, Optional<Diagnosis> diagnosis) {
        long pid = run.process.pid();
        if (end == VisoState.STOPPED) {
            LOG.info("VisoMaster stopped (pid {}, exit code {}) after {}", pid, code, Units.duration(ran));
        } else if (end == VisoState.EXITED) {
            LOG.info("VisoMaster exited with code 0 (pid {}) after {}", pid, Units.duration(ran));
        } else {
            LOG.warn("VisoMaster crashed: exit code {}{} (pid {}) after {}; {}", code, describeSignal(code), pid,
                    Units.duration(ran), diagnosis.map(d -> d.cause() + ": " + d.fix())
                            .orElse("cause not recognised; its last lines are in " + run.log.path()));
        }
    }

    private static String describeSignal(int code) {
        // Java reports death by signal N as 128 + N
        return switch (code) {
            case 137 -> " (killed by SIGKILL, often the kernel's out-of-memory killer)";
            case 139 -> " (segmentation fault)";
            case 134 -> " (aborted)";
            case 143 -> " (terminated by SIGTERM from outside the launcher)";
            default -> "";
        };
    }

    /** Called with the lock held. */
    private void setState(Run run, VisoState next, Integer exitCode) {
        state = next;
        emit(new SupervisorEvent.StateChanged(next, run.process.pid(), exitCode, Instant.now()));
    }

    private void emit(SupervisorEvent event) {
        try {
            dispatch.execute(() -> {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    // a faulty listener must not stop the supervisor
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed: nobody is listening any more
        }
    }
}
