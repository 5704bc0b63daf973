package org.visomaster.launcher.frontend.ui.services;

/** Short desktop notifications (provisioning finished or failed, VisoMaster crashed). Called on the UI thread. */
public interface Notifier {
    void info(String title, String text);

    void error(String title, String text);
}
