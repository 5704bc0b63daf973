package org.visomaster.launcher.frontend.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.visomaster.launcher.guard.CrashNotifications;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.infra.process.SupervisorEvent;
import org.visomaster.launcher.infra.process.VisoMasterSupervisor;
import org.visomaster.launcher.infra.process.VisoState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code launch}: starts VisoMaster from a terminal through the same supervisor as the window's Launch button (the
 * same environment, GPU choice, TensorRT check, logs and crash triage), streams its output, and returns its exit
 * code. Ctrl-C stops it as the window's Stop does.
 */
@Command(name = "launch", description = {"Starts VisoMaster in this terminal as the window's Launch button does,"
        + " streams its output and exits with its exit code (1 when it cannot be started); a crash is named in one"
        + " sentence."}, exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:VisoMaster exited normally",
                "N:VisoMaster's own exit code (128+S when signal S killed it)",
                "1:also: VisoMaster could not be started, or the install is incomplete and --anyway was not given",
                "2:usage or configuration error (nothing ran)"})
public final class LaunchCommand extends WorkspaceCommand {
    @Option(names = "--anyway", description = "launch although the installation is not complete (the window's"
            + " \"Launch anyway\")")
    boolean anyway;

    @Option(names = "--gpu", paramLabel = "N", description = "run on GPU N (nvidia-smi's numbering) this time; else"
            + " the GPU picked in the window, else VisoMaster's default")
    Integer gpu;

    @Override
    protected int run(CliContext ctx) throws Exception {
        if (gpu != null && gpu < 0) {
            ctx.err().println("--gpu takes a GPU's number as nvidia-smi lists them (0, 1, ...), not " + gpu + ".");
            return ExitCodes.USAGE;
        }
        ProvisionService service = ctx.provision();
        List<StepId> notDone = service.notDone();
        if (!notDone.isEmpty()) {
            String steps = String.join(", ", notDone.stream().map(StepId::toString).toList());
            if (!anyway) {
                ctx.err().println("VisoMaster is not completely installed (not done: " + steps + "); run"
                        + " `visomaster-launcher provision` first, or `visomaster-launcher launch --anyway` to start"
                        + " it as it is.");
                return ExitCodes.FAILED;
            }
            ctx.err().println("Launching although the installation is not complete (not done: " + steps + ").");
        }
        return new Session(ctx.out(), ctx.err()).run(service, gpu);
    }

    /** One run of VisoMaster in the foreground. */
    private static final class Session {
        private final PrintStream out;
        private final PrintStream err;
        private final CountDownLatch ended = new CountDownLatch(1);
        private final AtomicReference<SupervisorEvent.StateChanged> end = new AtomicReference<>();
        private final AtomicReference<SupervisorEvent.Crashed> crash = new AtomicReference<>();

        Session(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        int run(ProvisionService service, Integer gpu) throws InterruptedException {
            // a crash is also sent to the user's notification URL (VISO_NOTIFY_URL), as the window does
            VisoMasterSupervisor supervisor = service.supervisor(CrashNotifications.around(service.workspace(),
                    service.host().all(), this::onEvent));
            Thread stopOnSignal = new Thread(supervisor::stop, "launch-stop");
            Runtime.getRuntime().addShutdownHook(stopOnSignal);
            try {
                try {
                    supervisor.start(gpu != null ? gpu : supervisor.gpu());
                } catch (IOException e) {
                    // the supervisor has printed the sentence on the console already
                    return ExitCodes.FAILED;
                }
                ended.await();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopOnSignal);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is stopping VisoMaster now
                }
                supervisor.close();
            }
            SupervisorEvent.StateChanged last = end.get();
            int code = last.exitCode() == null ? ExitCodes.FAILED : last.exitCode();
            SupervisorEvent.Crashed c = crash.get();
            if (c != null) {
                err.println(c.diagnosis().map(d -> "VisoMaster crashed (exit code " + code + ", " + d.cause() + "): "
                        + d.fix()).orElse("VisoMaster crashed with exit code " + code + " for a reason the launcher"
                        + " does not recognise; its last lines are above and in " + supervisor.currentLog() + "."));
            }
            return code;
        }

        /** On the supervisor's one event thread, in order. */
        private void onEvent(SupervisorEvent e) {
            if (e instanceof SupervisorEvent.Output o) {
                out.println(o.line());
            } else if (e instanceof SupervisorEvent.Crashed c) {
                crash.set(c);
            } else if (e instanceof SupervisorEvent.StateChanged s && (s.state() == VisoState.EXITED
                    || s.state() == VisoState.CRASHED || s.state() == VisoState.STOPPED)) {
                end.set(s);
                ended.countDown();
            }
        }
    }
}
