package org.visomaster.launcher.frontend.ui.setup;

/** Where the Setup view stands: one of these at a time (the buttons, the failure panel and Launch follow it). */
enum SetupPhase {
    /** The window just opened and the steps' cheap checks are running. */
    CHECKING,
    /** Something is missing and no run is going on (never run, stopped, or it could not start). */
    NOT_INSTALLED,
    RUNNING,
    /** Every step is done. */
    INSTALLED,
    /** A step failed and no run is going on: the failure panel shows it, with Retry. */
    FAILED
}
