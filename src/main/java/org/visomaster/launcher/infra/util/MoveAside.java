package org.visomaster.launcher.infra.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Moves a file or folder out of the way instead of deleting it: {@code VisoMaster} becomes
 * {@code VisoMaster.moved-20250309-141500} beside it (UTC time; a counter is added when the name is taken).
 */
public final class MoveAside {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private MoveAside() {
    }

    /** A timestamp for names such as {@code .VisoMaster.cloning-<stamp>}. */
    public static String stamp() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
    }

    /** Renames {@code path} to {@code <name>.<label>-<stamp>} in the same folder and returns the new path. */
    public static Path move(Path path, String label) throws IOException {
        return move(path, label, path.getFileName().toString());
    }

    /** Like {@link #move(Path, String)} but the new name starts with {@code baseName} instead of the old name. */
    public static Path move(Path path, String label, String baseName) throws IOException {
        Path target = freeName(path.resolveSibling(baseName + "." + label + "-" + stamp()));
        Files.move(path, target);
        return target;
    }

    /** {@code wanted} when nothing is there, else {@code wanted-2}, {@code wanted-3}, … */
    public static Path freeName(Path wanted) {
        Path candidate = wanted;
        for (int i = 2; Files.exists(candidate, java.nio.file.LinkOption.NOFOLLOW_LINKS); i++) {
            candidate = wanted.resolveSibling(wanted.getFileName() + "-" + i);
        }
        return candidate;
    }
}
