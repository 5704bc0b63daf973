package org.visomaster.launcher.guard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A setup (provision, repair, an import) holds the workspace's lock, an OS file lock on {@code .launcher/lock}. The
 * kernel lists held locks in /proc/locks by inode; reading that list never takes the lock, so the guard cannot make
 * a starting setup fail with "the workspace is in use".
 */
final class SetupRunning implements ActivityProbe {
    private final Path lockFile;
    private final ProcFs proc;

    SetupRunning(Path lockFile, ProcFs proc) {
        this.lockFile = lockFile;
        this.proc = proc;
    }

    @Override
    public Optional<Activity> check(Instant now) {
        if (!Files.exists(lockFile)) {
            return Optional.empty();
        }
        long inode;
        try {
            inode = ((Number) Files.getAttribute(lockFile, "unix:ino")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return proc.locks().stream().filter(l -> l.inode() == inode).findFirst()
                .map(l -> new Activity(Activity.Kind.SETUP, "a setup is running (pid " + l.pid() + ")"));
    }
}
