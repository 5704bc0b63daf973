package org.visomaster.launcher.cli;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.visomaster.launcher.provision.Cancellation;
import org.visomaster.launcher.provision.ProvisionService;
import org.visomaster.launcher.provision.RunOptions;
import org.visomaster.launcher.provision.RunResult;
import org.visomaster.launcher.provision.StepId;
import org.visomaster.launcher.provision.WorkspaceLock;

/** `provision`: runs the step graph until VisoMaster is installed and verified. */
public final class ProvisionCommand implements Command {
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
        ProvisionService service = ctx.provision();
        RunOptions options = options(ctx, service);
        service.events().subscribe(new CliPrinter(ctx.out(), ctx.err(), ctx.json(), System.console() != null));
        try {
            return runInterruptibly(service, options, ctx).success() ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (WorkspaceLock.LockedException e) {
            ctx.err().println(e.getMessage());
            return ExitCodes.LOCKED;
        }
    }

    private static RunOptions options(CliContext ctx, ProvisionService service) throws UsageException {
        Set<StepId> only = new LinkedHashSet<>();
        try {
            if (ctx.option("--only") != null) {
                for (String name : Arrays.stream(ctx.option("--only").split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList()) {
                    only.add(service.graph().require(name));
                }
                if (only.isEmpty()) {
                    throw new UsageException("--only needs at least one step");
                }
            }
            StepId from = ctx.option("--from") == null ? null : service.graph().require(ctx.option("--from"));
            return new RunOptions(from, only, ctx.flag("--dry-run"), ctx.flag("--repair"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** SIGINT/SIGTERM cancel the run; the hook waits until every running step has stopped and saved its state. */
    private static RunResult runInterruptibly(ProvisionService service, RunOptions options, CliContext ctx)
            throws Exception {
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
            return service.run(options, cancellation);
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
