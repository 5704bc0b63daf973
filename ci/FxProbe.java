import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/**
 * Checks that the packaged runtime (scripts/package-launcher.sh) can open a JavaFX window: starts the
 * toolkit from a plain main class (as the launcher does), shows a titled stage, and exits 0 once it is
 * on screen. ci/container-checks.sh compiles and runs it under Xvfb.
 */
public final class FxProbe {
    public static void main(String[] args) {
        String title = args.length > 0 ? args[0] : "FxProbe";
        Platform.startup(() -> {
            Stage stage = new Stage();
            stage.setTitle(title);
            stage.setScene(new Scene(new Label("packaged runtime works"), 320, 120));
            stage.setOnShown(e -> {
                System.out.println("shown: " + title + " prism=" + System.getProperty("prism.order"));
                Thread exit = new Thread(() -> {
                    try {
                        Thread.sleep(Long.getLong("probe.holdMillis", 0L));
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                    Platform.exit();
                });
                exit.start();
            });
            stage.show();
        });
    }
}
