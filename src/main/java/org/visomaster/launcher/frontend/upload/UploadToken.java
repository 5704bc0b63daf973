package org.visomaster.launcher.frontend.upload;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.visomaster.launcher.infra.logging.SecretMask;
import org.visomaster.launcher.infra.process.HostEnvironment;

/**
 * The secret that opens the upload page. Taken from {@code OPEN_BUTTON_TOKEN} (the Vast portal's token), else
 * {@code WEB_PASSWORD}, else generated. {@link #toString()} never shows it, and it and its cookie value are masked in
 * every log line ({@link SecretMask}), so it cannot leak into a log by accident.
 */
public final class UploadToken {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Where the token comes from, first found wins; every command masks their values in its log. */
    public static final List<String> VARIABLES = List.of("OPEN_BUTTON_TOKEN", "WEB_PASSWORD");

    private final String value;
    private final String source;
    private final byte[] digest;
    private final String cookieValue;

    private UploadToken(String value, String source) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the upload token must not be empty");
        }
        this.value = value;
        this.source = source;
        this.digest = sha256(value);
        this.cookieValue = deriveCookieValue(value);
        SecretMask.addSecret(value);
        SecretMask.addSecret(cookieValue);
    }

    public static UploadToken of(String value) {
        return new UploadToken(value, "given");
    }

    /** OPEN_BUTTON_TOKEN, else WEB_PASSWORD, else a new random one. */
    public static UploadToken resolve(HostEnvironment host) {
        for (String name : VARIABLES) {
            String v = host.get(name);
            if (v != null && !v.isBlank()) {
                return new UploadToken(v.trim(), name);
            }
        }
        return generate();
    }

    public static UploadToken generate() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return new UploadToken(Base64.getUrlEncoder().withoutPadding().encodeToString(b), "generated");
    }

    /** The token itself: only for the one line that prints the page address, and for tests. */
    public String value() {
        return value;
    }

    /** "OPEN_BUTTON_TOKEN", "WEB_PASSWORD", "generated" or "given". */
    public String source() {
        return source;
    }

    public boolean generated() {
        return "generated".equals(source);
    }

    /** Constant-time: both sides are hashed first, so neither content nor length shows in the timing. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(digest, sha256(candidate));
    }

    /**
     * What the browser keeps in its cookie: derived from the token, not the token, because cookies are shared by
     * every port of a host and other apps on the box must not learn the portal token from it.
     */
    public String cookieValue() {
        return cookieValue;
    }

    public boolean matchesCookie(String candidate) {
        return candidate != null && MessageDigest.isEqual(sha256(cookieValue), sha256(candidate));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String deriveCookieValue(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] out = mac.doFinal("visomaster-upload-cookie-v1".getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "UploadToken[" + source + "]";
    }
}
