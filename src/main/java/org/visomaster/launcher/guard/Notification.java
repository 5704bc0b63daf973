package org.visomaster.launcher.guard;

/** One thing to tell the user: what happened ({@code event}), a short title and one or two sentences. */
record Notification(Event event, String title, String message, String workspace) {

    /** What a notification is about; {@link #id()} is the generic JSON's "event". */
    public enum Event {
        SETUP_FINISHED("setup-finished", "white_check_mark"),
        SETUP_FAILED("setup-failed", "x"),
        VISOMASTER_CRASHED("visomaster-crashed", "boom"),
        IDLE_STOP_SOON("idle-stop-soon", "hourglass"),
        BOX_STOPPED("box-stopped", "stop_sign");

        private final String id;
        private final String tag;

        Event(String id, String tag) {
            this.id = id;
            this.tag = tag;
        }

        public String id() {
            return id;
        }

        /** The ntfy tag (an emoji short code) shown before the title. */
        String tag() {
            return tag;
        }
    }

    public static Notification setupFinished(String workspace) {
        return new Notification(Event.SETUP_FINISHED, "VisoMaster: setup finished",
                "VisoMaster is installed and ready on this box.", workspace);
    }

    public static Notification setupFailed(String sentence, String workspace) {
        return new Notification(Event.SETUP_FAILED, "VisoMaster: setup failed", sentence, workspace);
    }

    public static Notification crashed(String sentence, String workspace) {
        return new Notification(Event.VISOMASTER_CRASHED, "VisoMaster crashed", sentence, workspace);
    }

    static Notification idleStopSoon(String in, String workspace) {
        return new Notification(Event.IDLE_STOP_SOON, "VisoMaster box: idle stop in " + in,
                "Nothing has used this box for a while, so it stops itself in " + in + ". Press Keep running in"
                        + " the launcher window or on the upload page, or use the box, to keep it running.",
                workspace);
    }

    static Notification boxStopped(String why, String workspace) {
        return new Notification(Event.BOX_STOPPED, "VisoMaster box stopped", why + " A stopped box keeps its disk"
                + " (and its storage charge); start it again from the Instances page of the Vast console.",
                workspace);
    }
}
