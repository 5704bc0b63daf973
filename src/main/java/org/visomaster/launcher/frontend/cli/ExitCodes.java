package org.visomaster.launcher.frontend.cli;

public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int LOCKED = 3;

    private ExitCodes() {
    }
}
