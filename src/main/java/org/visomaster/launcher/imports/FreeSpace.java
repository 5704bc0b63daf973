package org.visomaster.launcher.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Usable bytes on the file system holding a folder. Tests substitute a nearly-full disk. */
@FunctionalInterface
public interface FreeSpace {
    long usableBytes(Path existingDir) throws IOException;

    static FreeSpace system() {
        return dir -> Files.getFileStore(dir).getUsableSpace();
    }
}
