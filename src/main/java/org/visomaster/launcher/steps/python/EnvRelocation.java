package org.visomaster.launcher.steps.python;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * After a venv/uv environment built at a temporary path is renamed into place, the only things that still name the
 * old path are text files: script shebangs and activate scripts under bin/, and pyvenv.cfg. They are rewritten here
 * (each atomically, keeping its permissions).
 */
final class EnvRelocation {
    private static final long MAX_TEXT = 1 << 20;

    private EnvRelocation() {
    }

    /** Returns the files that were rewritten. */
    static List<Path> fix(Path envDir, Path builtAt) throws IOException {
        String from = builtAt.toAbsolutePath().toString();
        String to = envDir.toAbsolutePath().toString();
        List<Path> candidates = new ArrayList<>();
        Path bin = envDir.resolve("bin");
        if (Files.isDirectory(bin)) {
            try (Stream<Path> s = Files.list(bin)) {
                s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(candidates::add);
            }
        }
        candidates.add(envDir.resolve("pyvenv.cfg"));
        List<Path> changed = new ArrayList<>();
        for (Path p : candidates) {
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) > MAX_TEXT) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(p);
            if (isBinary(bytes)) {
                continue;
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.contains(from)) {
                rewrite(p, text.replace(from, to));
                changed.add(p);
            }
        }
        return changed;
    }

    private static boolean isBinary(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    private static void rewrite(Path file, String text) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.setPosixFilePermissions(tmp, perms);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
