package org.visomaster.launcher.frontend.ui.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.application.HostServices;
import org.visomaster.launcher.infra.process.HostEnvironment;

/**
 * Opens paths with {@code xdg-open} (the desktop's file manager or viewer), else JavaFX's HostServices. The child is
 * not waited for: xdg-open may keep running as long as the application it started.
 */
public final class SystemDesktopOpener implements DesktopOpener {
    private final HostEnvironment host;
    private final HostServices fallback;

    /** @param fallback may be null (no Application instance, e.g. in tests) */
    public SystemDesktopOpener(HostEnvironment host, HostServices fallback) {
        this.host = host;
        this.fallback = fallback;
    }

    @Override
    public void open(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException(path + " does not exist yet; it appears once the launcher has written to it.");
        }
        Optional<Path> xdg = host.which("xdg-open");
        if (xdg.isPresent()) {
            ProcessBuilder pb = new ProcessBuilder(xdg.get().toString(), path.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().clear();
            pb.environment().putAll(host.childVars());
            pb.start();
            return;
        }
        if (fallback != null) {
            fallback.showDocument(path.toUri().toString());
            return;
        }
        throw new IOException("No program to open files was found (xdg-open is missing); the file is at " + path
                + ".");
    }
}
