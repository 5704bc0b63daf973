package org.visomaster.launcher.infra.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers. */
public final class Sha256 {
    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String ofString(String s) {
        MessageDigest d = newDigest();
        d.update(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return hex(d);
    }

    /** Feeds the whole file into {@code digest}; returns the number of bytes read. */
    public static long update(MessageDigest digest, Path file) throws IOException {
        byte[] buf = new byte[1 << 20];
        long total = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
                total += n;
            }
        }
        return total;
    }

    public static String ofFile(Path file) throws IOException {
        MessageDigest d = newDigest();
        update(d, file);
        return hex(d);
    }
}
