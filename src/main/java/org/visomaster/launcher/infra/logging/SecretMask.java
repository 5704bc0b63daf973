package org.visomaster.launcher.infra.logging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in log lines: {@code token=…} (and password, secret, key parameters), the values of
 * {@code Authorization:} and {@code Cookie:} headers, {@code Bearer …} / {@code Basic …} credentials, the password
 * of a URL's user info ({@code https://user:…@host}), and every
 * secret value registered here (the drop page's token and its cookie), wherever they appear. Applied to each
 * formatted line, stack traces included, by {@link MaskingLayout}.
 */
public final class SecretMask {
    static final String MASK = "***";
    /** Shorter values are not masked everywhere: they would hide ordinary words, and are not secrets worth it. */
    static final int MIN_SECRET_LENGTH = 4;
    private static final Pattern PARAMETER = Pattern.compile(
            "(?i)(\\b(?:token|access_token|password|passwd|pwd|secret|api[_-]?key)=)[^&\\s\"'<>;,]+");
    private static final Pattern HEADER = Pattern.compile("(?i)(\\b(?:authorization|proxy-authorization|cookie"
            + "|set-cookie)\\s*[:=]\\s*)[^\\r\\n\"]+");
    private static final Pattern CREDENTIAL = Pattern.compile("(?i)(\\b(?:bearer|basic)\\s+)[A-Za-z0-9._~+/=-]+");
    /** The password in a URL's user info: an index URL such as https://user:secret@host/simple. */
    private static final Pattern URL_PASSWORD = Pattern.compile(
            "(?i)(\\b[a-z][a-z0-9+.-]*://[^/\\s:@]+:)[^@\\s/]+(?=@)");
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private SecretMask() {
    }

    /** Masks this value in every line logged from now on (null, blank and very short values are ignored). */
    public static void addSecret(String value) {
        if (value != null && value.strip().length() >= MIN_SECRET_LENGTH) {
            SECRETS.add(value.strip());
        }
    }

    public static String mask(String line) {
        if (line == null || line.isEmpty()) {
            return line;
        }
        String out = line;
        for (String secret : SECRETS) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        out = replace(PARAMETER, out);
        out = replace(HEADER, out);
        out = replace(URL_PASSWORD, out);
        return replace(CREDENTIAL, out);
    }

    private static String replace(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.replaceAll("$1" + Matcher.quoteReplacement(MASK)) : text;
    }
}
