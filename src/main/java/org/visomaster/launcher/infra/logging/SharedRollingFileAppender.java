package org.visomaster.launcher.infra.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A rolling file that several processes write (the window, the drop page, {@code provision} and CLI runs share
 * {@code launcher.log}). logback's own appender assumes it is the only writer: after another process rotates the
 * file it keeps writing into the renamed (or deleted) one. Here every line is written under an OS lock on a lock
 * file beside the log, and first reopens the log when the file under its name is no longer the one this process has
 * open; the size check and the rotation run under the same lock, so exactly one process rotates and the others
 * follow. Appends are O_APPEND, so lines never overwrite each other.
 */
final class SharedRollingFileAppender extends RollingFileAppender<ILoggingEvent> {
    /** FileChannel locks belong to the process: threads of this one take turns here first. */
    private final ReentrantLock local = new ReentrantLock();
    private Path lockFile;
    private FileChannel lockChannel;
    /** The file key (device and inode) of what this process has open; null: open again before the next line. */
    private Object openKey;

    void setLockFile(Path lockFile) {
        this.lockFile = lockFile;
    }

    @Override
    public void start() {
        if (lockFile == null) {
            addError("no lock file set for " + getFile());
            return;
        }
        try {
            lockChannel = openLockChannel();
        } catch (IOException e) {
            addError("cannot open the lock file " + lockFile, e);
            return;
        }
        super.start();
    }

    @Override
    public void stop() {
        super.stop();
        try {
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            addWarn("closing " + lockFile + " failed", e);
        }
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        local.lock();
        // an interrupt would close the lock channel inside lock(): set it aside for the length of one line
        boolean interrupted = Thread.interrupted();
        try (FileLock ignored = lockShared()) {
            Path log = Path.of(getFile());
            if (openKey == null || !Objects.equals(openKey, keyOf(log))) {
                openFile(getFile()); // rotated, or removed, by another process (or not yet opened under the lock)
            }
            super.subAppend(event); // may rotate; then the new file is open
            openKey = keyOf(log);
        } catch (IOException e) {
            openKey = null;
            addError("writing " + getFile() + " under its lock failed", e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            local.unlock();
        }
    }

    private FileLock lockShared() throws IOException {
        try {
            return lockChannel.lock();
        } catch (ClosedChannelException closed) { // closed by an interrupt of an earlier line
            lockChannel = openLockChannel();
            return lockChannel.lock();
        }
    }

    private FileChannel openLockChannel() throws IOException {
        Files.createDirectories(lockFile.getParent());
        return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private static Object keyOf(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException gone) {
            return null;
        }
    }
}
