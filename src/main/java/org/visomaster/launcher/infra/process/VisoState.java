package org.visomaster.launcher.infra.process;

/** The life of the VisoMaster child process as the window shows it. */
public enum VisoState {
    STOPPED, STARTING, RUNNING, STOPPING, EXITED, CRASHED
}
