package org.visomaster.launcher.frontend.ui.console;

/** One line of the console and where it came from (the view styles each source differently). */
public record ConsoleLine(Source source, String text) {
    public enum Source {
        /** provisioning output and the engine's remarks */
        PROVISION,
        /** VisoMaster's own stdout/stderr */
        VISOMASTER,
        /** the window's own messages (an import, a failed action) */
        LAUNCHER
    }
}
