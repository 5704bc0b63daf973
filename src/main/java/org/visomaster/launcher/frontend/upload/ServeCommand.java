package org.visomaster.launcher.frontend.upload;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.visomaster.launcher.frontend.cli.CliContext;
import org.visomaster.launcher.frontend.cli.ExitCodes;
import org.visomaster.launcher.frontend.cli.WorkspaceCommand;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.imports.ImportService;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code serve [--port N]}: the browser upload page without the window, until SIGINT/SIGTERM. It only serves:
 * provisioning runs with {@code provision} or in the window; this page follows such a run through
 * logs/provision.jsonl.
 */
@Command(name = "serve", description = {"Serves the browser drop page (uploads, install progress, outputs) until"
        + " stopped, without the window; it does not provision."})
public final class ServeCommand extends WorkspaceCommand {
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile UploadServer running;

    @Option(names = "--port", paramLabel = "N", converter = PortNumber.class,
            description = "the port on 127.0.0.1 (default: VISO_UPLOAD_PORT, else launcher.json's uploadPort, 17860; 0 "
                    + "picks a free one)")
    Integer port;

    /** A port number from 0 to 65535. */
    static final class PortNumber implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                int p = Integer.parseInt(text.trim());
                if (p >= 0 && p <= 65535) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // not a number: said below, as for one out of range
            }
            throw new TypeConversionException("\"" + text + "\" is not a port number: give one from 1 to 65535,"
                    + " or 0 for a free one");
        }
    }

    @Override
    protected int run(CliContext ctx) throws Exception {
        LauncherConfig config = ctx.config();
        int port = this.port != null ? this.port : config.uploadPort();
        Workspace ws = ctx.workspace();
        ws.ensureLayout();
        ImportService imports = new ImportService(ws);
        UploadSettings settings = UploadSettings.of(port, UploadToken.resolve(ctx.host()), config.uploadMaxBytes());
        try (ProvisionLogFeed feed = new ProvisionLogFeed(ctx.provision())) {
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
                // the JVM is shutting down (the hook is what stopped us): nothing to undo, and the log may be closed
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
}
