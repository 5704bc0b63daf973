package org.visomaster.launcher.frontend.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.visomaster.launcher.frontend.ui.services.ClipboardService;
import org.visomaster.launcher.frontend.ui.services.DesktopOpener;
import org.visomaster.launcher.frontend.ui.services.Notifier;

/** Window services that remember what they were asked to do (the desktop and clipboard are not there in tests). */
public final class Recorders {
    private Recorders() {
    }

    public static final class Clipboard implements ClipboardService {
        public volatile String text;

        @Override
        public void putText(String t) {
            text = t;
        }
    }

    public static final class Opener implements DesktopOpener {
        public final List<Path> opened = new CopyOnWriteArrayList<>();

        @Override
        public void open(Path path) {
            opened.add(path);
        }
    }

    public static final class Notes implements Notifier {
        public final List<String> infos = new CopyOnWriteArrayList<>();
        public final List<String> errors = new CopyOnWriteArrayList<>();

        @Override
        public void info(String title, String text) {
            infos.add(title + ": " + text);
        }

        @Override
        public void error(String title, String text) {
            errors.add(title + ": " + text);
        }
    }
}
