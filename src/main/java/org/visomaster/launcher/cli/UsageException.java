package org.visomaster.launcher.cli;

/** Bad command line: the message says what was wrong; the command's usage is printed with it. Exit code 2. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
