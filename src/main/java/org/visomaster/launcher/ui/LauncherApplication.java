package org.visomaster.launcher.ui;

import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The JavaFX application behind {@code gui}. {@link #run} blocks until the window is closed and everything it
 * started has stopped. With {@code -Dvisomaster.launcher.reportFirstFrame=true} it prints
 * {@code FIRST_FRAME <epoch millis>} on the first pulse after the window is shown (for the start-up benchmark).
 */
public final class LauncherApplication extends Application {
    public static final String REPORT_FIRST_FRAME = "visomaster.launcher.reportFirstFrame";

    private record Launch(GuiServices services, SingleInstance instance, boolean launchVisoMaster,
                          boolean maximized) {
    }

    private static volatile Launch pending;

    /** Opens the window and returns once it is closed. Call once per JVM (a JavaFX rule). */
    public static void run(GuiServices services, SingleInstance instance, boolean launchVisoMaster,
                           boolean maximized) {
        pending = new Launch(services, instance, launchVisoMaster, maximized);
        Application.launch(LauncherApplication.class);
    }

    @Override
    public void start(Stage stage) {
        Launch l = pending;
        Platform.setImplicitExit(false);
        LauncherWindow window = new LauncherWindow(stage,
                l.services(), UiServices.standard(stage, l.services().host(), getHostServices()));
        window.setOnClosed(Platform::exit);
        Runtime.getRuntime().addShutdownHook(new Thread(window::closeEngine, "launcher-stop"));
        if (l.instance() != null) {
            l.instance().setHandler(msg -> Platform.runLater(() -> window.handleMessage(msg)));
        }
        stage.setMaximized(l.maximized());
        if (Boolean.getBoolean(REPORT_FIRST_FRAME)) {
            reportFirstFrame();
        }
        window.show();
        if (l.launchVisoMaster()) {
            window.requestLaunch();
        }
    }

    private static void reportFirstFrame() {
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                System.out.println("FIRST_FRAME " + System.currentTimeMillis());
                System.out.flush();
                stop();
            }
        }.start();
    }
}
