package org.visomaster.launcher.frontend.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.guard.Activity;
import org.visomaster.launcher.guard.ActivityMonitor;
import org.visomaster.launcher.guard.GuardService;
import org.visomaster.launcher.guard.GuardSettings;
import org.visomaster.launcher.infra.metrics.GpuSource;
import org.visomaster.launcher.infra.metrics.GpuSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `guard`: the idle guard, run by the image as its own supervisor program. Checks every few seconds what keeps the
 * box awake, stops the Vast instance after VISO_IDLE_STOP_MINUTES idle minutes (announced 5 minutes before), and
 * sends the notifications. Picks up a changed launcher.json (the window's setting) without a restart.
 */
@Command(name = "guard", description = {"Stops this Vast box after VISO_IDLE_STOP_MINUTES idle minutes (default 60 on"
        + " Vast, 0 = off) and sends notifications to VISO_NOTIFY_URL.",
        "The box is idle when no GPU or CPU work, setup, upload, desktop connection, SSH or Jupyter terminal keeps it"
                + " awake; see docs/idle-guard.md."})
public final class GuardCommand extends WorkspaceCommand {
    private static final Logger LOG = LoggerFactory.getLogger(GuardCommand.class);

    @Option(names = "--once", description = "check once, print what keeps the box awake, and exit")
    boolean once;

    @Option(names = "--exit-after-stop", hidden = true, description = "exit 0 once Vast accepted the stop (checks)")
    boolean exitAfterStop;

    @Option(names = "--proc-root", hidden = true, description = "read processes from this folder, not /proc (tests)")
    Path procRoot;

    @Override
    protected int run(CliContext ctx) throws Exception {
        Clock clock = Clock.systemUTC();
        Path config = ctx.workspace().configFile();
        try (GpuSource gpus = GpuSources.detect(ctx.host())) {
            while (true) {
                GuardSettings settings = GuardSettings.load(ctx.workspace(), ctx.host().all());
                ActivityMonitor monitor = procRoot == null
                        ? ActivityMonitor.standard(ctx.workspace(), ctx.host().all(), gpus)
                        : ActivityMonitor.standard(ctx.workspace(), ctx.host().all(), gpus, procRoot);
                if (once) {
                    List<Activity> awake = monitor.check(clock.instant());
                    if (ctx.json()) {
                        var n = org.visomaster.launcher.infra.util.Json.MAPPER.createObjectNode();
                        n.put("rule", settings.describe()).put("stopsWhenIdle", settings.stopsWhenIdle());
                        var a = n.putArray("awake");
                        awake.forEach(x -> a.addObject().put("kind", x.kind().name()).put("sentence", x.sentence()));
                        ctx.out().println(n.toPrettyString());
                        return ExitCodes.OK;
                    }
                    ctx.out().println(settings.describe());
                    ctx.out().println(awake.isEmpty() ? "Nothing keeps the box awake now: it is idle."
                            : "Kept awake by: " + String.join("; ", awake.stream().map(Activity::sentence).toList())
                            + ".");
                    return ExitCodes.OK;
                }
                LOG.info("guard settings: {}", settings);
                FileTime seen = modified(config);
                try (GuardService guard = GuardService.standard(ctx.workspace(), settings, monitor, clock,
                        line -> say(ctx, line))) {
                    if (runUntilChanged(guard, config, seen)) {
                        return ExitCodes.OK;
                    }
                }
                say(ctx, "launcher.json changed; the guard reads its settings again.");
            }
        }
    }

    /** Runs the guard until launcher.json changes (false) or, with --exit-after-stop, the stop went through (true). */
    private boolean runUntilChanged(GuardService guard, Path config, FileTime seen) throws InterruptedException {
        guard.announce();
        while (true) {
            try {
                guard.checkOnce();
            } catch (RuntimeException e) {
                // one bad check (an odd /proc, a full disk) must not end the guard; the next one tries again
                LOG.warn("the guard's check failed; it checks again in {}", guard.tick(), e);
            }
            if (exitAfterStop && guard.stopRequested()) {
                return true;
            }
            Thread.sleep(guard.tick().toMillis());
            if (!Objects.equals(seen, modified(config))) {
                return false;
            }
        }
    }

    private static void say(CliContext ctx, String line) {
        LOG.info("{}", line);
        ctx.out().println(line);
    }

    private static FileTime modified(Path p) {
        try {
            return Files.exists(p) ? Files.getLastModifiedTime(p) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
