package org.visomaster.launcher.frontend.ui.services;

import java.io.IOException;
import java.nio.file.Path;

/** Opens a file or folder with the desktop's default application (wrapped: Monocle has no showDocument). */
public interface DesktopOpener {
    /** Throws with a sentence for the user when nothing could open it. */
    void open(Path path) throws IOException;
}
