package org.visomaster.launcher.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cross-process lock per workspace (an OS file lock on .launcher/lock, released by the OS if the holder dies).
 * The holder writes its pid into the file so that a second runner can name it.
 */
public final class WorkspaceLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceLock.class);
    private final FileChannel channel;
    private final FileLock lock;

    private WorkspaceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static WorkspaceLock acquire(Path lockFile) throws LockedException, IOException {
        Files.createDirectories(lockFile.getParent());
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            LOG.debug("{} is held by this process already", lockFile, e);
            l = null;
        }
        if (l == null) {
            String holder = readHolder(ch);
            ch.close();
            throw new LockedException(lockFile, holder);
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(false);
        return new WorkspaceLock(ch, l);
    }

    private static String readHolder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(64);
            ch.read(b, 0);
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            LOG.debug("the lock's holder cannot be read", e);
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Another launcher (or another run in this process) holds the workspace. */
    public static final class LockedException extends Exception {
        private final String holderPid;

        public LockedException(Path lockFile, String holderPid) {
            super("The workspace is in use by another launcher"
                    + (holderPid.isEmpty() ? "" : " (pid " + holderPid + ")")
                    + "; wait for it to finish or stop it, then try again. Lock file: " + lockFile);
            this.holderPid = holderPid;
        }

        public String holderPid() {
            return holderPid;
        }
    }
}
