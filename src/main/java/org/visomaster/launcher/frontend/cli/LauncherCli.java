package org.visomaster.launcher.frontend.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.logging.LauncherLogging;
import org.visomaster.launcher.infra.logging.LogLevel;
import org.visomaster.launcher.engine.StepGraph;
import org.visomaster.launcher.infra.workspace.ConfigException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The launcher's command line, through picocli: the root command with its global options, the subcommands the
 * composition root hands in, {@code help}, and a hidden {@code generate-completion} that prints the bash completion
 * script. Usage errors are one sentence and exit 2, a bad configuration exits 2, anything unexpected exits 1 with
 * its stack trace; the launcher's log starts before any command that works on a workspace runs.
 */
public final class LauncherCli {
    private static final Logger LOG = LoggerFactory.getLogger(LauncherCli.class);

    private final LauncherCommand root;
    private final CommandLine commandLine;

    /**
     * @param commands the subcommands, in help order; the one named {@link LauncherCommand#DEFAULT_COMMAND} runs when
     *                 none is named, and its {@code @Mixin} options are accepted without its name too
     */
    public LauncherCli(LauncherCommand root, List<Object> commands) {
        this.root = root;
        this.commandLine = new CommandLine(root, factory(new StepNames(new StepGraph(root.steps()))));
        for (Object command : commands) {
            commandLine.addSubcommand(command);
        }
        commandLine.addSubcommand(new CommandLine.HelpCommand());
        CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
        completion.getCommandSpec().usageMessage().hidden(true);
        commandLine.addSubcommand("generate-completion", completion);
        acceptDefaultCommandOptions();
        commandLine.setExpandAtFiles(false) // "@name" is a file to import, not a file of arguments
                .setOverwrittenOptionsAllowed(true) // the last --workspace wins, as global options come anywhere
                .setOut(new PrintWriter(root.out(), true))
                .setErr(new PrintWriter(root.err(), true))
                .setExecutionStrategy(this::execute)
                .setParameterExceptionHandler(this::usageError)
                .setExecutionExceptionHandler((e, cl, parsed) -> failure(e, cl));
    }

    /** Runs one command line; returns its exit code. */
    public int run(String... args) {
        return commandLine.execute(args);
    }

    public CommandLine commandLine() {
        return commandLine;
    }

    /** The bash completion script for this command line. */
    public String bashCompletion() {
        return AutoComplete.bash(commandLine.getCommandName(), commandLine);
    }

    /** Converters and completion candidates that need the catalogue come from here; the rest as picocli makes them. */
    private static IFactory factory(StepNames steps) {
        IFactory defaults = CommandLine.defaultFactory();
        return new IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == StepNames.class ? cls.cast(steps) : defaults.create(cls);
            }
        };
    }

    private void acceptDefaultCommandOptions() {
        CommandLine defaultCommand = commandLine.getSubcommands().get(LauncherCommand.DEFAULT_COMMAND);
        if (defaultCommand == null) {
            return;
        }
        CommandSpec spec = defaultCommand.getCommandSpec();
        // the @Mixin fields of the command (not the help options picocli mixes into every command)
        for (String name : spec.mixinAnnotatedElements().keySet()) {
            commandLine.getCommandSpec().addMixin(name, CommandSpec.forAnnotatedObject(spec.mixins().get(name)
                    .userObject()));
        }
    }

    private int execute(ParseResult parsed) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        List<CommandLine> chain = parsed.asCommandLineList();
        CommandLine last = chain.get(chain.size() - 1);
        Object command = last.getCommand();
        if (command instanceof WorkspaceCommand wc) {
            wc.validate();
        }
        if (command instanceof WorkspaceCommand || command == root) {
            startLogging(last == commandLine ? LauncherCommand.DEFAULT_COMMAND : last.getCommandName(), last);
            LOG.debug("command line: {}", parsed.originalArgs());
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** The launcher's log in the workspace, from the first line the command logs; a bad level is exit 2. */
    private void startLogging(String command, CommandLine cl) {
        LogLevel level;
        try {
            level = LogLevel.of(root.verbose(), root.context().host().get(LogLevel.VARIABLE));
        } catch (ConfigException e) {
            throw new ExecutionException(cl, e.getMessage(), e);
        }
        String problem = LauncherLogging.start(root.context().workspace().logs(), level, command);
        if (problem != null) {
            root.err().println("visomaster-launcher: " + problem + "; continuing without it.");
        }
    }

    private int usageError(ParameterException e, String[] args) {
        LOG.info("usage error: {}", e.getMessage());
        CommandLine cl = e.getCommandLine();
        PrintStream err = root.err();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        PrintWriter suggestions = new PrintWriter(err, true);
        UnmatchedArgumentException.printSuggestions(e, suggestions);
        suggestions.flush();
        err.println("See '" + cl.getCommandSpec().qualifiedName() + " --help' for what it accepts.");
        return ExitCodes.USAGE;
    }

    private int failure(Exception e, CommandLine cl) {
        PrintStream err = root.err();
        if (e instanceof ConfigException) {
            LOG.info("configuration error: {}", e.getMessage()); // the user reads it on stderr below
            err.println("Configuration error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        String name = cl == commandLine ? LauncherCommand.DEFAULT_COMMAND : cl.getCommandName();
        LOG.error("{} failed unexpectedly", name, e);
        err.println("visomaster-launcher " + name + " failed unexpectedly: " + e);
        e.printStackTrace(err);
        return ExitCodes.FAILED;
    }
}
