package org.visomaster.launcher.guard;

import java.time.Instant;
import java.util.Optional;

/**
 * Someone has the desktop open: an established TCP connection to KasmVNC's websocket port (the portal's "Desktop"
 * entry, 16901 unless PORTAL_CONFIG says otherwise). A browser tab keeps its websocket open while it shows the
 * desktop; closing the tab closes it.
 */
final class DesktopConnected implements ActivityProbe {
    static final int DEFAULT_PORT = 16901;
    private final int port;
    private final ProcFs proc;

    DesktopConnected(int port, ProcFs proc) {
        this.port = port;
        this.proc = proc;
    }

    @Override
    public Optional<Activity> check(Instant now) {
        long n = proc.established().stream().filter(c -> c.localPort() == port).count();
        return n == 0 ? Optional.empty() : Optional.of(new Activity(Activity.Kind.DESKTOP,
                "someone is connected to the desktop (" + n + (n == 1 ? " connection" : " connections")
                        + " to port " + port + ")"));
    }

    /** The internal port of the portal's "Desktop" entry in PORTAL_CONFIG ("host:ext:int:path:Name|..."). */
    static int portFrom(String portalConfig) {
        if (portalConfig != null) {
            for (String entry : portalConfig.split("\\|")) {
                String[] f = entry.split(":", 5);
                if (f.length == 5 && f[4].trim().equals("Desktop")) {
                    try {
                        return Integer.parseInt(f[2].trim());
                    } catch (NumberFormatException e) {
                        break;
                    }
                }
            }
        }
        return DEFAULT_PORT;
    }
}
