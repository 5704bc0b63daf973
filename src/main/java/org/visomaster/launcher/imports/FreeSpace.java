package org.visomaster.launcher.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Usable bytes on the file system holding a folder, and how much of them an import must leave free. Tests
 * substitute a nearly-full disk (a lambda keeps no reserve).
 */
@FunctionalInterface
public interface FreeSpace {
    /**
     * What imports leave free on the workspace disk, so that state.json, the logs and the other steps keep working
     * after a large archive or model is dropped.
     */
    long RESERVE_BYTES = 512L << 20;

    long usableBytes(Path existingDir) throws IOException;

    /** Bytes an import must leave free on top of whatever it writes. */
    default long reserveBytes() {
        return 0;
    }

    /** What an import may write: the usable bytes less the reserve, never below 0. */
    default long budget(Path existingDir) throws IOException {
        return Math.max(0, usableBytes(existingDir) - reserveBytes());
    }

    static FreeSpace system() {
        return keeping(RESERVE_BYTES, dir -> Files.getFileStore(dir).getUsableSpace());
    }

    /** {@code disk} with {@code reserve} bytes kept free. */
    static FreeSpace keeping(long reserve, FreeSpace disk) {
        return new FreeSpace() {
            @Override
            public long usableBytes(Path existingDir) throws IOException {
                return disk.usableBytes(existingDir);
            }

            @Override
            public long reserveBytes() {
                return reserve;
            }
        };
    }
}
