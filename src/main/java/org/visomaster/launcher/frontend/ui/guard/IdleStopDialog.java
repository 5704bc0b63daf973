package org.visomaster.launcher.frontend.ui.guard;

import java.io.IOException;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import org.visomaster.launcher.frontend.ui.services.Notifier;
import org.visomaster.launcher.guard.GuardConfigFile;
import org.visomaster.launcher.guard.GuardSettings;
import org.visomaster.launcher.infra.workspace.Workspace;

/** The idle-stop setting: minutes of idleness before the box stops (0 = off) and the notification URL. */
final class IdleStopDialog {
    private IdleStopDialog() {
    }

    static void show(Window owner, Workspace ws, GuardSettings current, Notifier notifier, Runnable saved) {
        Dialog<ButtonType> d = new Dialog<>();
        if (owner != null) {
            d.initOwner(owner);
        }
        d.setTitle("Idle stop");
        d.setHeaderText("Stop this box when nothing has used it for a while. A stopped box keeps its disk (and its"
                + " storage charge);\nstart it again from the Instances page of the Vast console.");
        TextField minutes = new TextField(current == null ? "" : GuardHeaderView.trim(current.idleStopMinutes()));
        minutes.setId("idle-minutes");
        minutes.setPromptText("60");
        TextField url = new TextField(current == null || current.notifyUrl() == null ? "" : current.notifyUrl());
        url.setId("notify-url");
        url.setPromptText("https://ntfy.sh/your-topic (or a Discord, Telegram or other webhook)");
        url.setPrefColumnCount(36);
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.addRow(0, new Label("Idle minutes (0 = off)"), minutes);
        g.addRow(1, new Label("Notify"), url);
        if (current != null && !current.onVast()) {
            g.add(new Label("This box is not a Vast instance: the launcher cannot stop it."), 0, 2, 2, 1);
        }
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            try {
                String m = minutes.getText().trim().replace(',', '.');
                GuardConfigFile.save(ws, m.isEmpty() ? null : Double.valueOf(m), url.getText());
                saved.run();
            } catch (NumberFormatException e) {
                notifier.error("Idle stop", "\"" + minutes.getText() + "\" is not a number of minutes; enter 0"
                        + " (off) or a number such as 60 or 0.5.");
            } catch (IllegalArgumentException e) {
                notifier.error("Idle stop", e.getMessage());
            } catch (IOException e) {
                notifier.error("Idle stop", ws.configFile() + " could not be written (" + e.getMessage()
                        + "); nothing was changed.");
            }
        });
    }
}
