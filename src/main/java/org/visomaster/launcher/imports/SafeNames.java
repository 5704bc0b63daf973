package org.visomaster.launcher.imports;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the name a user sees into a single, harmless file name this JVM can create. */
final class SafeNames {
    private static final Logger LOG = LoggerFactory.getLogger(SafeNames.class);
    static final String FALLBACK = "dropped-file";
    private static final int MAX_BYTES = 255;

    private SafeNames() {
    }

    /** The last path segment of {@code original}, without control characters, never "", "." or "..". */
    static String baseName(String original) {
        String s = original == null ? "" : original;
        int cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        s = s.substring(cut + 1);
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().filter(c -> c >= 0x20 && c != 0x7f).forEach(b::appendCodePoint);
        s = b.toString().strip();
        if (s.isEmpty() || s.equals(".") || s.equals("..")) {
            return FALLBACK;
        }
        return truncate(s);
    }

    /**
     * A name that can be created inside {@code dir}. When the JVM runs with a non-UTF-8 file-name encoding
     * (LANG=C), names with non-ASCII characters cannot be represented: those characters become '_'.
     */
    static String creatable(Path dir, String name) {
        try {
            Path p = dir.resolve(name);
            if (p.getFileName().toString().equals(name)) {
                return name;
            }
        } catch (InvalidPathException e) {
            LOG.debug("{} cannot be stored with this JVM's file-name encoding; using its ASCII form", name, e);
        }
        StringBuilder b = new StringBuilder(name.length());
        name.codePoints().forEach(c -> b.append(c < 0x80 ? (char) c : '_'));
        return b.toString();
    }

    private static String truncate(String s) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return s;
        }
        int dot = s.lastIndexOf('.');
        String ext = dot > 0 && s.length() - dot <= 16 ? s.substring(dot) : "";
        String stem = s.substring(0, s.length() - ext.length());
        while ((stem + ext).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            stem = stem.substring(0, stem.offsetByCodePoints(stem.length(), -1));
        }
        return stem + ext;
    }
}
