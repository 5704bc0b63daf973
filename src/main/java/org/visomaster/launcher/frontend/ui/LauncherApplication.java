package org.visomaster.launcher.frontend.ui;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The JavaFX application behind {@code gui}. The toolkit starts on its own thread ({@link #startToolkit}) while the
 * caller loads the configuration and builds the engine services, then {@link #open} hands those over and blocks until
 * the window is closed and everything it started has stopped. With {@code -Dvisomaster.launcher.reportFirstFrame=true}
 * it prints {@code FIRST_FRAME <epoch millis>} on the first pulse after the window is shown and
 * {@code WINDOW_READY <epoch millis>} once every view is built and laid out (for the start-up benchmark).
 */
public final class LauncherApplication extends Application {
    public static final String REPORT_FIRST_FRAME = "visomaster.launcher.reportFirstFrame";

    /** {@code out} takes the first-frame timings the UI benchmark reads (the command's standard output). */
    private record Launch(GuiServices services, SingleInstance instance, boolean launchVisoMaster,
                          boolean maximized, PrintStream out) {
    }

    private static final CompletableFuture<Launch> PENDING = new CompletableFuture<>();
    private static Thread toolkitThread;
    private static volatile RuntimeException toolkitFailure;

    /** Starts the JavaFX toolkit in the background (once per JVM, a JavaFX rule); no window yet. */
    public static synchronized void startToolkit() {
        if (toolkitThread != null) {
            return;
        }
        toolkitThread = new Thread(() -> {
            try {
                Application.launch(LauncherApplication.class);
            } catch (RuntimeException e) {
                toolkitFailure = e;
                PENDING.cancel(false);
            }
        }, "javafx-launch");
        toolkitThread.start();
    }

    /**
     * Opens the window with these services and returns once it is closed.
     *
     * @throws UnsupportedOperationException when the toolkit could not start (no display)
     */
    public static void open(GuiServices services, SingleInstance instance, boolean launchVisoMaster,
                            boolean maximized, PrintStream out) throws InterruptedException {
        startToolkit();
        PENDING.complete(new Launch(services, instance, launchVisoMaster, maximized, out));
        toolkitThread.join();
        if (toolkitFailure != null) {
            throw toolkitFailure;
        }
    }

    /** The services could not be made: the toolkit started for them exits (without a window). */
    public static void abandon() {
        PENDING.cancel(false);
    }

    @Override
    public void start(Stage stage) {
        Platform.setImplicitExit(false);
        PENDING.thenAccept(l -> Platform.runLater(() -> show(stage, l)));
        PENDING.exceptionally(e -> {
            Platform.exit();
            return null;
        });
    }

    private void show(Stage stage, Launch l) {
        LauncherWindow window = new LauncherWindow(stage,
                l.services(), UiServices.standard(stage, l.services().host(), getHostServices()));
        window.setOnClosed(Platform::exit);
        Runtime.getRuntime().addShutdownHook(new Thread(window::closeEngine, "launcher-stop"));
        if (l.instance() != null) {
            l.instance().setHandler(msg -> Platform.runLater(() -> window.handleMessage(msg)));
        }
        stage.setMaximized(l.maximized());
        if (Boolean.getBoolean(REPORT_FIRST_FRAME)) {
            reportFirstFrame(l.out());
            window.readyProperty().addListener((o, was, ready) -> {
                l.out().println("WINDOW_READY " + System.currentTimeMillis());
                l.out().flush();
            });
        }
        window.show();
        if (l.launchVisoMaster()) {
            window.requestLaunch();
        }
    }

    private static void reportFirstFrame(PrintStream out) {
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                out.println("FIRST_FRAME " + System.currentTimeMillis());
                out.flush();
                stop();
            }
        }.start();
    }
}
