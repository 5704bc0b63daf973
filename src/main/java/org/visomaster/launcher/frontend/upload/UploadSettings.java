package org.visomaster.launcher.frontend.upload;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * How the upload server runs.
 *
 * @param port         TCP port on 127.0.0.1; 0 picks a free one (tests)
 * @param maxBytes     largest upload accepted (launcher.json "uploadMaxBytes")
 * @param reserveBytes free space an upload must leave on the disk
 * @param freeSpace    how free space is measured (tests simulate a nearly full disk)
 * @param partOpener   opens the temporary file an upload streams into (tests substitute a full device)
 * @param heartbeat    how often an idle event stream sends a comment, which also detects gone clients
 * @param idleTimeout  a connection that neither sends nor receives a byte for this long is closed (a stalled
 *                     upload is then cut off and its part file removed); longer than the heartbeat
 * @param headerTimeout a request line and headers must arrive within this, however slowly they trickle in
 */
record UploadSettings(int port, UploadToken token, long maxBytes, long reserveBytes, FreeSpace freeSpace,
                             PartOpener partOpener, Duration heartbeat, Duration idleTimeout,
                             Duration headerTimeout) {
    public static final long DEFAULT_RESERVE = 1L << 30;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(15);

    public UploadSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 0..65535");
        }
        if (token == null) {
            throw new IllegalArgumentException("an upload server needs a token");
        }
        if (idleTimeout.compareTo(heartbeat) <= 0) {
            throw new IllegalArgumentException("the idle timeout must be longer than the event heartbeat");
        }
    }

    public static UploadSettings of(int port, UploadToken token, long maxBytes) {
        return new UploadSettings(port, token, maxBytes, DEFAULT_RESERVE, FreeSpace.SYSTEM, PartOpener.DEFAULT,
                DEFAULT_HEARTBEAT, DEFAULT_IDLE_TIMEOUT, DEFAULT_HEADER_TIMEOUT);
    }

    public UploadSettings withMaxBytes(long bytes) {
        return new UploadSettings(port, token, bytes, reserveBytes, freeSpace, partOpener, heartbeat,
                idleTimeout, headerTimeout);
    }

    public UploadSettings withReserve(long bytes) {
        return new UploadSettings(port, token, maxBytes, bytes, freeSpace, partOpener, heartbeat,
                idleTimeout, headerTimeout);
    }

    public UploadSettings withFreeSpace(FreeSpace f) {
        return new UploadSettings(port, token, maxBytes, reserveBytes, f, partOpener, heartbeat,
                idleTimeout, headerTimeout);
    }

    public UploadSettings withPartOpener(PartOpener p) {
        return new UploadSettings(port, token, maxBytes, reserveBytes, freeSpace, p, heartbeat,
                idleTimeout, headerTimeout);
    }

    public UploadSettings withHeartbeat(Duration d) {
        return new UploadSettings(port, token, maxBytes, reserveBytes, freeSpace, partOpener, d,
                idleTimeout, headerTimeout);
    }

    public UploadSettings withTimeouts(Duration idle, Duration header) {
        return new UploadSettings(port, token, maxBytes, reserveBytes, freeSpace, partOpener, heartbeat, idle,
                header);
    }

    @FunctionalInterface
    public interface FreeSpace {
        long usableBytes(Path dir) throws IOException;

        FreeSpace SYSTEM = dir -> Files.getFileStore(dir).getUsableSpace();
    }

    @FunctionalInterface
    public interface PartOpener {
        FileChannel open(Path part) throws IOException;

        PartOpener DEFAULT = part -> FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
}
