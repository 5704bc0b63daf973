package org.visomaster.launcher.ui;

import javafx.application.HostServices;
import javafx.stage.Window;
import org.visomaster.launcher.process.HostEnvironment;
import org.visomaster.launcher.ui.services.BackgroundExecutor;
import org.visomaster.launcher.ui.services.ClipboardService;
import org.visomaster.launcher.ui.services.DesktopOpener;
import org.visomaster.launcher.ui.services.FxBackgroundExecutor;
import org.visomaster.launcher.ui.services.FxClipboard;
import org.visomaster.launcher.ui.services.FxNotifier;
import org.visomaster.launcher.ui.services.Notifier;
import org.visomaster.launcher.ui.services.SystemDesktopOpener;

/** The window-side services: executor, desktop opener, clipboard, notifications. Tests substitute their own. */
public record UiServices(BackgroundExecutor executor, DesktopOpener opener, ClipboardService clipboard,
                         Notifier notifier) {

    /** The real ones for a window; {@code hostServices} may be null. */
    public static UiServices standard(Window owner, HostEnvironment host, HostServices hostServices) {
        return new UiServices(new FxBackgroundExecutor(), new SystemDesktopOpener(host, hostServices),
                new FxClipboard(), new FxNotifier(owner));
    }
}
