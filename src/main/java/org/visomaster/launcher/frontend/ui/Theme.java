package org.visomaster.launcher.frontend.ui;

import atlantafx.base.theme.PrimerDark;
import javafx.application.Application;
import javafx.scene.Scene;

/** AtlantaFX Primer Dark as the base, with the launcher's own stylesheet (looked-up -app-* colours) on top. */
final class Theme {
    public static final String STYLESHEET = "launcher.css";

    private Theme() {
    }

    public static void apply() {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
    }

    public static void style(Scene scene) {
        scene.getStylesheets().add(Theme.class.getResource(STYLESHEET).toExternalForm());
    }
}
