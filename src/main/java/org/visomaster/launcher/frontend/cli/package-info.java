/**
 * The command line (picocli): subcommands, their printers and exit codes. Standard streams are allowed here.
 */
package org.visomaster.launcher.frontend.cli;
