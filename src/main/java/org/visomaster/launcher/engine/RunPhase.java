package org.visomaster.launcher.engine;

/** Where the latest run stands: none since the service was made, running, or how it ended. */
public enum RunPhase {
    IDLE, RUNNING, SUCCEEDED, FAILED, STOPPED
}
