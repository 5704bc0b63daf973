package org.visomaster.launcher.cli;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.visomaster.launcher.provision.Cancellation;
import org.visomaster.launcher.provision.EventBus;
import org.visomaster.launcher.provision.ProvisionLog;
import org.visomaster.launcher.provision.ProvisionRunner;
import org.visomaster.launcher.provision.RunOptions;
import org.visomaster.launcher.provision.RunResult;
import org.visomaster.launcher.provision.StateStore;
import org.visomaster.launcher.provision.StepCatalog;
import org.visomaster.launcher.provision.WorkspaceLock;
import org.visomaster.launcher.workspace.LauncherConfig;
import org.visomaster.launcher.workspace.Workspace;

/** `provision`: runs the steps until VisoMaster is installed and verified. */
final class ProvisionCommand implements Command {
    @Override
    public String name() {
        return "provision";
    }

    @Override
    public String usage() {
        return "[--from STEP] [--only STEP[,STEP]] [--repair] [--dry-run]";
    }

    @Override
    public String summary() {
        return "install or update VisoMaster: source, Python, packages, models (resumable; a rerun is a no-op)";
    }

    @Override
    public int run(CliContext ctx) throws Exception {
        ctx.allowOptions(Set.of("--from", "--only", "--repair", "--dry-run"));
        if (!ctx.positional().isEmpty()) {
            throw new UsageException("unexpected argument " + ctx.positional().get(0));
        }
        LauncherConfig config = ctx.config();
        Workspace ws = ctx.workspace();
        Set<String> only = new LinkedHashSet<>();
        if (ctx.option("--only") != null) {
            Arrays.stream(ctx.option("--only").split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .forEach(only::add);
            if (only.isEmpty()) {
                throw new UsageException("--only needs at least one step");
            }
        }
        RunOptions options = new RunOptions(ctx.option("--from"), only, ctx.flag("--dry-run"), ctx.flag("--repair"));
        EventBus bus = new EventBus();
        bus.subscribe(new CliPrinter(ctx.out(), ctx.err(), ctx.json(), System.console() != null));
        StateStore state = new StateStore(ws.stateFile());
        ProvisionRunner runner = new ProvisionRunner(ws, config, ctx.host(), state, bus, StepCatalog.standard());
        try {
            runner.select(options);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (options.dryRun()) {
            return runner.run(options, new Cancellation()).success() ? ExitCodes.OK : ExitCodes.FAILED;
        }
        ws.ensureLayout();
        try (WorkspaceLock lock = WorkspaceLock.acquire(ws.lockFile());
             ProvisionLog log = new ProvisionLog(ws.logs())) {
            bus.subscribe(log);
            return runInterruptibly(runner, options, ctx);
        } catch (WorkspaceLock.LockedException e) {
            ctx.err().println(e.getMessage());
            return ExitCodes.LOCKED;
        }
    }

    /** SIGINT/SIGTERM cancel the run; the hook waits until the steps have stopped and the state is saved. */
    private static int runInterruptibly(ProvisionRunner runner, RunOptions options, CliContext ctx) {
        Cancellation cancellation = new Cancellation();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (finished.getCount() > 0) {
                ctx.err().println();
                ctx.err().println("Stopping… partial downloads are kept and resume on the next run.");
                cancellation.cancel();
                try {
                    finished.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "provision-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RunResult result = runner.run(options, cancellation);
            return result.success() ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for the countdown above
            }
        }
    }
}
