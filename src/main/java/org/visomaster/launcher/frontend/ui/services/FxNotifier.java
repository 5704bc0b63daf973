package org.visomaster.launcher.frontend.ui.services;

import javafx.geometry.Pos;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/** ControlsFX notifications in the bottom-right corner of the launcher window. */
public final class FxNotifier implements Notifier {
    private final Window owner;

    public FxNotifier(Window owner) {
        this.owner = owner;
    }

    @Override
    public void info(String title, String text) {
        base(title, text).hideAfter(Duration.seconds(6)).showInformation();
    }

    @Override
    public void error(String title, String text) {
        base(title, text).hideAfter(Duration.seconds(20)).showError();
    }

    private Notifications base(String title, String text) {
        return Notifications.create().owner(owner).position(Pos.BOTTOM_RIGHT).title(title).text(text);
    }
}
