package org.visomaster.launcher.frontend.upload;

import java.io.IOException;
import java.util.Locale;

/** Recognises "the disk is full" among I/O errors (ENOSPC, EDQUOT), which is all the JDK tells us. */
final class DiskFull {
    private DiskFull() {
    }

    static boolean is(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null) {
                String l = m.toLowerCase(Locale.ROOT);
                if (l.contains("no space left") || l.contains("disk quota exceeded") || l.contains("not enough space")) {
                    return true;
                }
            }
        }
        return false;
    }
}
