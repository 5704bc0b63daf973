package org.visomaster.launcher.frontend.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.frontend.cli.CliContext;
import org.visomaster.launcher.frontend.cli.ExitCodes;
import org.visomaster.launcher.frontend.cli.WorkspaceCommand;
import org.visomaster.launcher.infra.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gui} (the default command): opens the launcher window, one per workspace. A second start brings the running
 * window to the front (and with {@code --launch} asks it to launch VisoMaster), then exits 0.
 */
@Command(name = "gui", description = {"Opens the launcher window (the default command): it installs VisoMaster by"
        + " itself when the workspace is incomplete, runs it, shows its console and the GPU meters.",
        "One window per workspace: a second start brings the open one to the front."})
public final class GuiCommand extends WorkspaceCommand {
    private static final Logger LOG = LoggerFactory.getLogger(GuiCommand.class);

    /** The window's options; a mixin, so that they work without the command's name too. */
    public static final class Options {
        @Option(names = "--launch", description = "launch VisoMaster once it is installed (in the open window too)")
        boolean launch;

        @Option(names = "--no-maximize", description = "open the window at its own size instead of maximized")
        boolean noMaximize;
    }

    @Mixin
    Options options = new Options();

    /** Something that runs beside the window while it is open (the browser upload page); closed when it closes. */
    @FunctionalInterface
    public interface Companion {
        AutoCloseable start(GuiServices services) throws Exception;
    }

    private final List<Companion> companions;

    /** @param companions started after the services exist, closed after the window closes (e.g. the upload server) */
    public GuiCommand(List<Companion> companions) {
        this.companions = List.copyOf(companions);
    }

    @Override
    protected int run(CliContext ctx) throws Exception {
        boolean launch = options.launch;
        Workspace ws = ctx.workspace();
        Path socket = SingleInstance.socketPath(ws);
        List<String> messages = launch ? List.of("show", "launch") : List.of("show");
        if (SingleInstance.send(socket, messages)) {
            ctx.out().println("VisoMaster Launcher is already open for " + ws.root()
                    + "; brought its window to the front" + (launch ? " and asked it to launch VisoMaster." : "."));
            return ExitCodes.OK;
        }
        String noDisplay = missingDisplay(ctx);
        if (noDisplay != null) {
            ctx.err().println(noDisplay);
            return ExitCodes.FAILED;
        }
        SingleInstance instance = SingleInstance.listen(socket);
        if (instance == null) {
            SingleInstance.send(socket, messages);
            ctx.out().println("VisoMaster Launcher is already open for " + ws.root() + "; brought its window to the "
                    + "front.");
            return ExitCodes.OK;
        }
        // the toolkit starts (a few hundred ms) while the configuration and the services load
        LauncherApplication.startToolkit();
        List<AutoCloseable> running = new ArrayList<>();
        try (instance) {
            GuiServices services;
            try {
                services = GuiServices.standard(ctx.provision());
            } catch (Exception | Error e) {
                LauncherApplication.abandon();
                throw e;
            }
            for (Companion c : companions) {
                try {
                    running.add(c.start(services));
                } catch (Exception e) {
                    ctx.err().println("A companion service could not start (" + e.getMessage()
                            + "); the window opens without it.");
                }
            }
            LauncherApplication.open(services, instance, launch, !options.noMaximize, ctx.out());
        } catch (UnsupportedOperationException e) {
            ctx.err().println("The window could not open (" + e.getMessage() + "). Run it inside the desktop, or "
                    + "use `visomaster-launcher provision` on the command line.");
            return ExitCodes.FAILED;
        } finally {
            for (AutoCloseable c : running) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.debug("stopping {} after the window closed failed; exiting anyway", c, e);
                }
            }
        }
        return ExitCodes.OK;
    }

    /** A sentence when there is no display to open a window on (and JavaFX is not running headless). */
    static String missingDisplay(CliContext ctx) {
        boolean headless = "Monocle".equals(System.getProperty("glass.platform"));
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (headless || !os.contains("linux")) {
            return null;
        }
        String display = ctx.host().get("DISPLAY");
        String wayland = ctx.host().get("WAYLAND_DISPLAY");
        if ((display == null || display.isBlank()) && (wayland == null || wayland.isBlank())) {
            return "There is no display to open the window on (DISPLAY is not set). Open it from the desktop, or use "
                    + "`visomaster-launcher provision` on the command line.";
        }
        return null;
    }
}
