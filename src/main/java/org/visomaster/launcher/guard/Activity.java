package org.visomaster.launcher.guard;

/** One thing that keeps the box awake now, with the sentence that says so ("someone is on the desktop"). */
public record Activity(Kind kind, String sentence) {

    /** The activities of the idle rule, in the order docs/idle-guard.md lists them. */
    public enum Kind {
        GPU("GPU work"),
        CPU("CPU work"),
        SETUP("a setup"),
        UPLOAD("an upload"),
        DESKTOP("the desktop"),
        TERMINAL("a terminal"),
        KEEP_RUNNING("Keep running");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
