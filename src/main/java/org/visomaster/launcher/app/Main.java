package org.visomaster.launcher.app;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.cli.CliArgs;
import org.visomaster.launcher.cli.CliContext;
import org.visomaster.launcher.cli.Command;
import org.visomaster.launcher.cli.DoctorCommand;
import org.visomaster.launcher.cli.ExitCodes;
import org.visomaster.launcher.cli.ImportCommand;
import org.visomaster.launcher.cli.ModelsCommand;
import org.visomaster.launcher.cli.ProvisionCommand;
import org.visomaster.launcher.cli.StatusCommand;
import org.visomaster.launcher.cli.UsageException;
import org.visomaster.launcher.logging.LauncherLogging;
import org.visomaster.launcher.logging.LogLevel;
import org.visomaster.launcher.logging.SecretMask;
import org.visomaster.launcher.process.HostEnvironment;
import org.visomaster.launcher.ui.GuiCommand;
import org.visomaster.launcher.upload.ServeCommand;
import org.visomaster.launcher.upload.UploadServer;
import org.visomaster.launcher.upload.UploadToken;
import org.visomaster.launcher.workspace.ConfigException;

/**
 * Entry point and composition root: it wires the step catalogue, the engine's one service and the commands. Not a
 * JavaFX Application, so the thin jar runs on a plain class path.
 */
public final class Main {
    public static final String DEFAULT_COMMAND = "gui";
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    /** Every command, in help order. Each command registers here. */
    static Map<String, Command> commands() {
        Map<String, Command> m = new LinkedHashMap<>();
        for (Command c : List.<Command>of(new ProvisionCommand(), new StatusCommand(), new ModelsCommand(),
                new ImportCommand(), new DoctorCommand(), new ServeCommand(),
                new GuiCommand(List.of(
                        // the browser drop page lives as long as the window
                        s -> UploadServer.startFor(s.provision(), s.imports(), -1, System.out))))) {
            m.put(c.name(), c);
        }
        return m;
    }

    /** Options of any command that take a value (the parser must know before it knows the command). */
    static final Set<String> VALUED_OPTIONS = new HashSet<>(Set.of("--from", "--only", "--port"));

    public static void main(String[] args) {
        // commands block until their work is done (gui: until the window closes), so exiting here is safe
        System.exit(run(args, HostEnvironment.system(), System.out, System.err));
    }

    public static int run(String[] argv, HostEnvironment host, PrintStream out, PrintStream err) {
        Map<String, Command> commands = commands();
        CliArgs args;
        try {
            args = CliArgs.parse(argv, VALUED_OPTIONS);
        } catch (UsageException e) {
            err.println("visomaster-launcher: " + e.getMessage());
            printHelp(err, commands);
            return ExitCodes.USAGE;
        }
        if (args.globalFlag("--version")) {
            out.println("visomaster-launcher " + version());
            return ExitCodes.OK;
        }
        String name = args.command() == null ? DEFAULT_COMMAND : args.command();
        if (args.command() == null && args.globalFlag("--help")) {
            printHelp(out, commands);
            return ExitCodes.OK;
        }
        if ("help".equals(name)) {
            printHelp(out, commands);
            return ExitCodes.OK;
        }
        Command cmd = commands.get(name);
        if (cmd == null) {
            err.println("visomaster-launcher: unknown command \"" + name + "\"");
            printHelp(err, commands);
            return ExitCodes.USAGE;
        }
        if (args.globalFlag("--help")) {
            out.println("usage: visomaster-launcher [--workspace DIR] [--profile NAME] [--json] [--verbose] " + name + " "
                    + cmd.usage());
            out.println("  " + cmd.summary());
            return ExitCodes.OK;
        }
        CliContext ctx = new CliContext(args, host, out, err, config -> StepCatalog.standard());
        try {
            startLogging(ctx, name, args.globalFlag("--verbose"));
            LOG.debug("command line: {}", List.of(argv));
            return cmd.run(ctx);
        } catch (UsageException e) {
            LOG.info("usage error: {}", e.getMessage());
            err.println("visomaster-launcher " + name + ": " + e.getMessage());
            err.println("usage: visomaster-launcher " + name + " " + cmd.usage());
            return ExitCodes.USAGE;
        } catch (ConfigException e) {
            LOG.info("configuration error: {}", e.getMessage()); // the user reads it on stderr below
            err.println("Configuration error: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (Exception e) {
            LOG.error("{} failed unexpectedly", name, e);
            err.println("visomaster-launcher " + name + " failed unexpectedly: " + e);
            e.printStackTrace(err);
            return ExitCodes.FAILED;
        }
    }

    /** The launcher's log in the workspace, from the first line the command logs; a bad level is exit 2. */
    private static void startLogging(CliContext ctx, String command, boolean verbose) throws ConfigException {
        UploadToken.VARIABLES.forEach(name -> SecretMask.addSecret(ctx.host().get(name)));
        LogLevel level = LogLevel.of(verbose, ctx.host().get(LogLevel.VARIABLE));
        String problem = LauncherLogging.start(ctx.workspace().logs(), level, command);
        if (problem != null) {
            ctx.err().println("visomaster-launcher: " + problem + "; continuing without it.");
        }
    }

    static void printHelp(PrintStream out, Map<String, Command> commands) {
        out.println("usage: visomaster-launcher [--workspace DIR] [--profile NAME] [--json] [--verbose] [COMMAND]"
                + " [options]");
        out.println();
        out.println("Commands (default: " + DEFAULT_COMMAND + "):");
        for (Command c : commands.values()) {
            out.printf("  %-10s %s%n", c.name(), c.summary());
            out.printf("  %-10s   usage: %s %s%n", "", c.name(), c.usage());
        }
        out.println();
        out.println("Exit codes: 0 done, 1 a step failed, 2 usage or configuration error, 3 workspace locked.");
        out.println("Log: <workspace>/logs/launcher.log (--verbose or VISO_LOG_LEVEL=debug for more).");
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
