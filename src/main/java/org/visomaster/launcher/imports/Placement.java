package org.visomaster.launcher.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.util.AtomicFiles;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * Puts a finished temporary file (or symlink) under its final name. An existing file with other content is kept
 * as {@code <name>.bak-<timestamp>} (the name shortened when it would be too long); nothing is ever deleted except our own temporary file when the content is
 * already in place. Placements are serialised per workspace, across threads and processes, so two imports of the
 * same name never lose either file.
 */
final class Placement {
    private static final Logger LOG = LoggerFactory.getLogger(Placement.class);
    private static final ReentrantLock JVM_LOCK = new ReentrantLock();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    enum Result { PLACED, UNCHANGED, REPLACED }

    /** What happened, and the backup's name when an older file was kept aside. */
    record Outcome(Result result, Path backup) {
    }

    private final Path lockFile;

    Placement(Workspace ws) {
        this.lockFile = ws.stateDir().resolve("import.lock");
    }

    /** Holds the workspace's placement lock until closed. */
    AutoCloseable lock() throws IOException {
        JVM_LOCK.lock();
        try {
            Files.createDirectories(lockFile.getParent());
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.lock();
            return () -> {
                try {
                    lock.release();
                    ch.close();
                } finally {
                    JVM_LOCK.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            JVM_LOCK.unlock();
            throw e;
        }
    }

    /** Moves {@code staged} (in the target's folder) to {@code target}; call with {@link #lock()} held. */
    Outcome place(Path staged, Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            AtomicFiles.moveAtomically(staged, target);
            return new Outcome(Result.PLACED, null);
        }
        if (sameContent(staged, target)) {
            Files.delete(staged);
            return new Outcome(Result.UNCHANGED, null);
        }
        Path backup = backupName(target);
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && tryHardLink(backup, target)) {
            AtomicFiles.moveAtomically(staged, target); // the target never disappears, even for a moment
        } else {
            Files.move(target, backup);
            AtomicFiles.moveAtomically(staged, target);
        }
        return new Outcome(Result.REPLACED, backup);
    }

    /** Renames an existing file or folder aside as {@code <name>.bak-<timestamp>} and returns the new name. */
    static Path keepAside(Path existing) throws IOException {
        Path backup = backupName(existing);
        Files.move(existing, backup);
        return backup;
    }

    /**
     * A free sibling name {@code <name>.bak-<timestamp>[-N]}. A file name may have at most {@link #NAME_MAX} bytes;
     * for a long name the kept copy's name is shortened at the front of the suffix (whole characters only), so
     * that a name of up to 255 bytes can still be replaced.
     */
    static Path backupName(Path target) {
        String name = target.getFileName().toString();
        String suffix = ".bak-" + LocalDateTime.now().format(STAMP);
        Path candidate = target.resolveSibling(fit(name, suffix));
        for (int i = 2; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS); i++) {
            candidate = target.resolveSibling(fit(name, suffix + "-" + i));
        }
        return candidate;
    }

    static final int NAME_MAX = 255;

    /** {@code name + suffix}, with {@code name} cut to whole characters so that the whole fits NAME_MAX bytes. */
    static String fit(String name, String suffix) {
        int room = NAME_MAX - suffix.getBytes(StandardCharsets.UTF_8).length;
        if (name.getBytes(StandardCharsets.UTF_8).length <= room) {
            return name + suffix;
        }
        int end = 0;
        int bytes = 0;
        while (end < name.length()) {
            int cp = name.codePointAt(end);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > room) {
                break;
            }
            bytes += n;
            end += Character.charCount(cp);
        }
        return name.substring(0, end) + suffix;
    }

    private static boolean tryHardLink(Path link, Path existing) {
        try {
            Files.createLink(link, existing);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("no hard link {} (the old file is renamed instead)", link, e);
            return false;
        }
    }

    static boolean sameContent(Path a, Path b) throws IOException {
        boolean linkA = Files.isSymbolicLink(a);
        boolean linkB = Files.isSymbolicLink(b);
        if (linkA || linkB) {
            return linkA && linkB && Files.readSymbolicLink(a).equals(Files.readSymbolicLink(b));
        }
        if (!Files.isRegularFile(a) || !Files.isRegularFile(b) || Files.size(a) != Files.size(b)) {
            return false;
        }
        try (InputStream x = Files.newInputStream(a); InputStream y = Files.newInputStream(b)) {
            byte[] bx = new byte[1 << 16];
            byte[] by = new byte[1 << 16];
            while (true) {
                int nx = x.readNBytes(bx, 0, bx.length);
                int ny = y.readNBytes(by, 0, by.length);
                if (nx != ny || !Arrays.equals(bx, 0, nx, by, 0, ny)) {
                    return false;
                }
                if (nx == 0) {
                    return true;
                }
            }
        }
    }
}
