package org.visomaster.launcher.frontend.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.InstallFacts;
import org.visomaster.launcher.engine.Step;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code visomaster-launcher}: the global options (accepted before and after the command, since every subcommand
 * inherits them), the help and version flags of every command, and the default command when none is named.
 */
@Command(name = "visomaster-launcher", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = LauncherVersion.class, sortOptions = false, usageHelpAutoWidth = true,
        synopsisSubcommandLabel = "[COMMAND]",
        description = {"Installs VisoMaster into a workspace (source, Python environment, packages, verified models)"
                + " and runs it. Without a command it opens the window (gui)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a step failed, a file was refused, or doctor/models found a problem",
                "2:usage or configuration error (nothing ran)",
                "3:the workspace is locked by another launcher (the message names its pid)"},
        footerHeading = "%nEnvironment:%n",
        footer = {"  VISO_WORKSPACE   the workspace without --workspace (else /workspace when it",
                "                   is writable, else ~/visomaster-workspace)",
                "  VISO_PROFILE     the profile without --profile (else launcher.json's one)",
                "  VISO_LOG_LEVEL   error, warn, info (default), debug or trace",
                "  The README names the others (VISO_REPO_URL, VISO_REF, ...).",
                "",
                "Commands that work on a workspace log to <workspace>/logs/launcher.log;",
                "--help, --version and a refused command line write nothing."})
public final class LauncherCommand implements Callable<Integer> {
    /** The command that runs when none is named. */
    public static final String DEFAULT_COMMAND = "gui";

    @Option(names = "--workspace", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "the workspace folder (else $VISO_WORKSPACE, /workspace, ~/visomaster-workspace)")
    Path workspace;

    @Option(names = "--profile", paramLabel = "NAME", scope = ScopeType.INHERIT, converter = ProfileNames.class,
            completionCandidates = ProfileNames.class,
            description = "what to install: ${COMPLETION-CANDIDATES} (else $VISO_PROFILE, launcher.json, the"
                    + " workspace's installed one, fusion)")
    String profile;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "machine-readable output")
    boolean json;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "debug lines in logs/launcher.log (as VISO_LOG_LEVEL=debug)")
    boolean verbose;

    @Spec
    CommandSpec spec;

    private final HostEnvironment host;
    private final PrintStream out;
    private final PrintStream err;
    private final List<Step> steps;
    private final InstallFacts facts;
    private CliContext context;

    /** Steps whose front ends learn nothing about models or the GPU (test catalogues). */
    public LauncherCommand(HostEnvironment host, PrintStream out, PrintStream err, List<Step> steps) {
        this(host, out, err, steps, InstallFacts.NONE);
    }

    /**
     * @param steps the provisioning steps (the catalogue the composition root wires)
     * @param facts what those steps tell the front ends about models and the GPU
     */
    public LauncherCommand(HostEnvironment host, PrintStream out, PrintStream err, List<Step> steps,
                           InstallFacts facts) {
        this.host = host;
        this.out = out;
        this.err = err;
        this.steps = List.copyOf(steps);
        this.facts = facts;
    }

    /** What the commands run with, made once from the global options after they are parsed. */
    public CliContext context() {
        if (context == null) {
            context = new CliContext(workspace, profile, json, host, out, err, steps, facts);
        }
        return context;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    boolean verbose() {
        return verbose;
    }

    List<Step> steps() {
        return steps;
    }

    /** No command named: the default one, with the options given to it (they are accepted without its name). */
    @Override
    public Integer call() throws Exception {
        CommandLine gui = spec.subcommands().get(DEFAULT_COMMAND);
        if (gui == null) {
            spec.commandLine().usage(spec.commandLine().getErr());
            return ExitCodes.USAGE;
        }
        return gui.<Callable<Integer>>getCommand().call();
    }
}
