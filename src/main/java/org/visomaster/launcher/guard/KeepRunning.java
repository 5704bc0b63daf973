package org.visomaster.launcher.guard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.visomaster.launcher.infra.util.AtomicFiles;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * The user's "Keep running" (the window's button, the drop page's): the time it was pressed, written to
 * {@code .launcher/keep-running}. The guard counts a press it has not seen yet as activity, which restarts the idle
 * time and cancels a countdown.
 */
public final class KeepRunning implements ActivityProbe {
    private final Path file;
    private Instant seen;

    KeepRunning(Path file) {
        this.file = file;
        this.seen = pressedAt(file);
    }

    static Path file(Workspace ws) {
        return ws.stateDir().resolve("keep-running");
    }

    /** Records a press now; the guard sees it at its next check. */
    public static void press(Workspace ws, Clock clock) throws IOException {
        AtomicFiles.writeString(file(ws), clock.instant().toString() + "\n");
    }

    @Override
    public synchronized Optional<Activity> check(Instant now) {
        Instant at = pressedAt(file);
        if (at != null && (seen == null || at.isAfter(seen))) {
            seen = at;
            return Optional.of(new Activity(Activity.Kind.KEEP_RUNNING, "someone pressed Keep running"));
        }
        return Optional.empty();
    }

    private static Instant pressedAt(Path file) {
        try {
            return Files.exists(file) ? Instant.parse(Files.readString(file).trim()) : null;
        } catch (IOException | java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
