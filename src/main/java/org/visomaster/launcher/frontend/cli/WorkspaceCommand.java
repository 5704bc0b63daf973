package org.visomaster.launcher.frontend.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/**
 * A subcommand that works on a workspace: it runs with the {@link CliContext} of the global options, and the
 * launcher's log is started before it runs. Its options are picocli annotations on the subclass.
 */
public abstract class WorkspaceCommand implements Callable<Integer> {
    @ParentCommand
    private LauncherCommand root;

    /** Returns the exit code: 0 done, 1 a step failed, 2 usage or configuration error, 3 workspace locked. */
    protected abstract int run(CliContext ctx) throws Exception;

    /**
     * Refuses option combinations picocli cannot express, before anything (the workspace, the log) is touched: throw
     * a {@link picocli.CommandLine.ParameterException}, which ends as a one-sentence usage error with exit 2.
     * {@link LauncherCli} calls it before it starts the log.
     */
    protected void validate() {
    }

    @Override
    public final Integer call() throws Exception {
        return run(root.context());
    }
}
