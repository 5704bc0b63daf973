package org.visomaster.launcher.cli;

/** One subcommand: `visomaster-launcher [global options] NAME [options]`. */
public interface Command {
    String name();

    /** Options and arguments, e.g. "[--from STEP] [--only STEP[,STEP]] [--dry-run]". */
    String usage();

    /** One line for the help text. */
    String summary();

    /** Returns the exit code: 0 done, 1 a step failed, 2 usage or configuration error, 3 workspace locked. */
    int run(CliContext ctx) throws Exception;
}
