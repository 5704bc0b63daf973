package org.visomaster.launcher.upload;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.visomaster.launcher.cli.CliContext;
import org.visomaster.launcher.cli.Command;
import org.visomaster.launcher.cli.ExitCodes;
import org.visomaster.launcher.cli.UsageException;
import org.visomaster.launcher.provision.Step;
import org.visomaster.launcher.workspace.LauncherConfig;
import org.visomaster.launcher.workspace.Workspace;
import org.visomaster.launcher.workspace.imports.ImportService;

/**
 * {@code serve [--port N]}: the browser upload page without the window, until SIGINT/SIGTERM. It only serves:
 * provisioning runs with {@code provision} or in the window; this page follows such a run through
 * logs/provision.jsonl.
 */
public final class ServeCommand implements Command {
    private final Supplier<List<Step>> steps;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile UploadServer running;

    /** @param steps the standard step list (titles for the status view); StepCatalog::standard in Main */
    public ServeCommand(Supplier<List<Step>> steps) {
        this.steps = steps;
    }

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String usage() {
        return "[--port N]";
    }

    @Override
    public String summary() {
        return "Serve the browser upload page (uploads, install progress, outputs) until stopped; does not provision";
    }

    @Override
    public int run(CliContext ctx) throws Exception {
        ctx.allowOptions(Set.of("--port"));
        LauncherConfig config = ctx.config();
        int port = config.uploadPort();
        if (ctx.option("--port") != null) {
            port = parsePort(ctx.option("--port"));
        }
        Workspace ws = ctx.workspace();
        ws.ensureLayout();
        ImportService imports = new ImportService(ws);
        UploadSettings settings = UploadSettings.of(port, UploadToken.resolve(ctx.host()), config.uploadMaxBytes());
        try (ProvisionLogFeed feed = new ProvisionLogFeed(ws, steps.get())) {
            UploadServer server;
            try {
                server = UploadServer.startFor(ws, imports::importFile, feed, settings, ctx.out());
            } catch (IOException e) {
                ctx.err().println(e.getMessage());
                return ExitCodes.FAILED;
            }
            running = server;
            Thread hook = new Thread(this::stop, "upload-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            ctx.out().println("Serving " + ws.root() + " (Ctrl+C to stop).");
            ctx.out().flush();
            stopped.await();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what stopped us
            }
            return ExitCodes.OK;
        }
    }

    /** Stops the server and lets {@link #run} return (the shutdown hook calls this; so can tests). */
    public void stop() {
        UploadServer s = running;
        if (s != null) {
            s.stop();
        }
        stopped.countDown();
    }

    /** The started server, or null before start (tests). */
    UploadServer server() {
        return running;
    }

    static int parsePort(String text) throws UsageException {
        try {
            int p = Integer.parseInt(text.trim());
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new UsageException("--port needs a port number from 1 to 65535 (0 picks a free one), not \"" + text
                + "\"");
    }
}
