package org.visomaster.launcher.infra.util;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launcher's one rule on secrets, used by everything it writes (logs/launcher.log, provision.log,
 * provision.jsonl, state.json, the console, the window, the bug report) and by every child process it starts.
 * <ul>
 * <li>A variable is secret when its name has a word TOKEN, PASSWORD, PASSWD, PASS, PW, SECRET, KEY or APIKEY
 * ({@code OPEN_BUTTON_TOKEN}, {@code WEB_PASSWORD}, {@code VNC_PW}, {@code CONTAINER_API_KEY}, {@code HF_TOKEN}).</li>
 * <li>Text is masked: values registered here (the drop page's token and cookie), the password of a URL's user info
 * ({@code https://user:…@host}, or the user when it has no password: GitHub takes a token there), {@code token=},
 * {@code password=}, {@code secret=} and {@code api_key=} parameters, {@code Authorization} and {@code Cookie}
 * headers, {@code Bearer} and {@code Basic} credentials.</li>
 * <li>Children (VisoMaster, pip/uv, git, the manifest reader, nvidia-smi) get no secret variable: none of them needs
 * the portal's or Vast's. Only pip's and uv's own ({@code PIP_…}, {@code UV_INDEX_…}) pass, as they are how a private
 * package index is reached.</li>
 * </ul>
 * None of the patterns crosses a quote, so masking JSON text keeps it JSON.
 */
public final class SecretPolicy {
    public static final String MASK = "***";
    /** Shorter registered values would hide ordinary words everywhere, and are no secrets worth it. */
    static final int MIN_SECRET_LENGTH = 4;
    private static final Set<String> SECRET_WORDS = Set.of("TOKEN", "PASSWORD", "PASSWD", "PASS", "PW", "SECRET", "KEY",
            "APIKEY");
    private static final List<String> CHILD_SECRETS_ALLOWED = List.of("PIP_", "UV_INDEX_");
    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("(?i)(\\b(?:token|access_token|password|passwd|pwd|secret|api[_-]?key)[\"']?\\s*[=:]\\s*"
                    + "[\"']?)[^&\\s\"'<>;,\\\\]+"),
            Pattern.compile("(?i)(\\b(?:authorization|proxy-authorization|cookie|set-cookie)\\s*[:=]\\s*)"
                    + "[^\\r\\n\"\\\\]+"),
            Pattern.compile("(?i)(\\b(?:bearer|basic)\\s+)[A-Za-z0-9._~+/=-]+"),
            // scheme://user:password@ — the password; scheme://user@ with no password — the user (often a token)
            Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^/\\s:@\"'<>\\\\]+:)[^@\\s/\"'<>\\\\]+(?=@)"),
            Pattern.compile("(?i)(\\b(?:https?|git|ssh|ftp)://)[^/\\s:@\"'<>\\\\]+(?=@)"),
            // a notification URL holds a webhook's or bot's token (launcher.json's "notifyUrl")
            Pattern.compile("(\"notifyUrl\"\\s*:\\s*\")[^\"]+"));
    /** Variables whose name says nothing but whose value is a secret. */
    private static final Set<String> SECRET_NAMES = Set.of("VISO_NOTIFY_URL");
    private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();

    private SecretPolicy() {
    }

    /** OPEN_BUTTON_TOKEN, WEB_PASSWORD, VNC_PW, CONTAINER_API_KEY, GITHUB_TOKEN, db_passwd; not PATH, PWD, KEYMAP. */
    public static boolean isSecretName(String name) {
        if (SECRET_NAMES.contains(name.toUpperCase(Locale.ROOT))) {
            return true;
        }
        for (String word : name.toUpperCase(Locale.ROOT).split("[^A-Z0-9]+")) {
            if (SECRET_WORDS.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** Masks this value in everything written from now on (null, blank and very short values are ignored). */
    public static void addSecret(String value) {
        if (value != null && value.strip().length() >= MIN_SECRET_LENGTH) {
            REGISTERED.add(value.strip());
        }
    }

    /** The text with every secret the policy knows replaced by {@link #MASK}. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : REGISTERED) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        for (Pattern p : PATTERNS) {
            Matcher m = p.matcher(out);
            if (m.find()) {
                out = m.replaceAll("$1" + Matcher.quoteReplacement(MASK));
            }
        }
        return out;
    }

    /** The environment a child process gets: {@code env} without its secret variables. */
    public static Map<String, String> childEnvironment(Map<String, String> env) {
        Map<String, String> out = new HashMap<>(env);
        out.keySet().removeIf(name -> isSecretName(name) && CHILD_SECRETS_ALLOWED.stream().noneMatch(name::startsWith));
        return out;
    }
}
