package org.visomaster.launcher.frontend.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.engine.RunOptions;
import org.visomaster.launcher.engine.RunResult;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.WorkspaceLock;
import org.visomaster.launcher.infra.metrics.GpuFactsProbe;
import org.visomaster.launcher.steps.source.GoodVersions;
import org.visomaster.launcher.steps.source.SourceStep;
import org.visomaster.launcher.steps.source.UpdateFallback;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `provision`: runs the step graph until VisoMaster is installed and verified. */
@Command(name = "provision", description = {"Installs or updates VisoMaster: source, Python environment, packages,"
        + " models, self-test (resumable; a rerun does nothing when everything is done)."})
public final class ProvisionCommand extends WorkspaceCommand {
    @Option(names = "--from", paramLabel = "STEP", converter = StepNames.class, completionCandidates = StepNames.class,
            description = "run STEP even if done, then every step after it in the graph that is not done;"
                    + " steps: ${COMPLETION-CANDIDATES}")
    StepId from;

    @Option(names = "--only", paramLabel = "STEP", split = ",", converter = StepNames.class,
            completionCandidates = StepNames.class,
            description = "run just these steps, even if done (what they need must be done already; not with --from)")
    List<StepId> only = new ArrayList<>();

    @Option(names = "--repair", description = "re-hash every model, install the Python packages again and run whatever is not done")
    boolean repair;

    @Option(names = "--update", description = "fetch and install the newest version this host runs (profile fusion;"
            + " the same as --from source)")
    boolean update;

    @Option(names = "--rollback", description = "go back to the last version that passed the self-test on this GPU"
            + " (profile fusion; from the clone and the package cache, without fetching)")
    boolean rollback;

    @Option(names = "--dry-run", description = "print the graph and what each step would do; change nothing")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    protected void validate() {
        if (update && rollback) {
            throw new ParameterException(spec.commandLine(), "--update and --rollback go opposite ways; give one");
        }
        if ((update || rollback) && (from != null || !only.isEmpty())) {
            throw new ParameterException(spec.commandLine(), (update ? "--update" : "--rollback")
                    + " runs the source step and what comes after it; give it without --from or --only");
        }
        if (from != null && !only.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--from and --only cannot be used together: --only runs"
                    + " just the steps it names, --from a step and what comes after it; give one of them");
        }
    }

    @Override
    protected int run(CliContext ctx) throws Exception {
        ProvisionService service = ctx.provision();
        if (update && !dryRun) {
            GoodVersions.unpin(service.state());
        }
        if (rollback) {
            String gpu = GpuFactsProbe.probe(service.host()).identity();
            Optional<GoodVersions.Good> target = GoodVersions.rollbackTarget(service.state(), gpu);
            if (target.isEmpty()) {
                ctx.err().println("No earlier version passed the self-test on this GPU (" + GpuFactsProbe.probe(
                        service.host()).summary() + "), so there is nothing to roll back to; nothing was changed.");
                return ExitCodes.FAILED;
            }
            ctx.out().println((dryRun ? "Would roll back to " : "Rolling back to ") + target.get().version() + " ("
                    + target.get().commit().substring(0, 7) + "), which passed the self-test on this GPU at "
                    + target.get().passedAt() + ".");
            if (!dryRun) {
                GoodVersions.pin(service.state(), target.get());
            }
        }
        RunOptions options = new RunOptions(update || rollback ? SourceStep.ID : from,
                new LinkedHashSet<>(only), dryRun, repair);
        if (dryRun && !ctx.json()) {
            ctx.out().println("What would be installed, and where each choice comes from:");
            StackLines.lines(ctx, service).forEach(l -> ctx.out().println("  " + l));
            ctx.out().println();
        }
        service.events().subscribe(new CliPrinter(ctx.out(), ctx.err(), ctx.json(), System.console() != null,
                service::status));
        try {
            String before = UpdateFallback.installedCommit(service.state());
            RunResult result = runInterruptibly(service, options, ctx);
            if (update && !dryRun && !result.success()) {
                UpdateFallback.Outcome outcome = UpdateFallback.afterUpdate(service, before, result,
                        o -> runInterruptibly(service, o, ctx));
                if (outcome.sentence() != null) {
                    ctx.err().println();
                    ctx.err().println(outcome.sentence());
                }
            }
            return result.success() ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (WorkspaceLock.LockedException e) {
            ctx.err().println(e.getMessage());
            return ExitCodes.LOCKED;
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
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the JVM exits now; what stopped is saved already
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
                // the JVM is shutting down and the hook is running (it waits for the countdown above): nothing to
                // undo, and the log may be closed already
            }
        }
    }
}
