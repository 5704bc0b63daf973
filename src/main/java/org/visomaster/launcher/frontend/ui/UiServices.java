package org.visomaster.launcher.frontend.ui;

import javafx.application.HostServices;
import javafx.stage.Window;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.frontend.ui.services.BackgroundExecutor;
import org.visomaster.launcher.frontend.ui.services.ClipboardService;
import org.visomaster.launcher.frontend.ui.services.DesktopOpener;
import org.visomaster.launcher.frontend.ui.services.FxBackgroundExecutor;
import org.visomaster.launcher.frontend.ui.services.FxClipboard;
import org.visomaster.launcher.frontend.ui.services.FxNotifier;
import org.visomaster.launcher.frontend.ui.services.Notifier;
import org.visomaster.launcher.frontend.ui.services.SystemDesktopOpener;

/** The window-side services: executor, desktop opener, clipboard, notifications. Tests substitute their own. */
record UiServices(BackgroundExecutor executor, DesktopOpener opener, ClipboardService clipboard,
                         Notifier notifier) {

    /** The real ones for a window; {@code hostServices} may be null. */
    public static UiServices standard(Window owner, HostEnvironment host, HostServices hostServices) {
        return new UiServices(new FxBackgroundExecutor(), new SystemDesktopOpener(host, hostServices),
                new FxClipboard(), new FxNotifier(owner));
    }
}
