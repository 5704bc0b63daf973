package org.visomaster.launcher.infra.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.util.SecretPolicy;

/**
 * Keeps secrets out of a bug report, by {@link SecretPolicy}: the values of the environment's secret variables are
 * replaced wherever they appear, as written, URL-encoded or JSON-escaped; then the policy's own patterns apply
 * (parameters, headers, URL passwords, registered values). Works on bytes (read as ISO-8859-1 so that no byte
 * changes except the masked ones), since logs need not be valid UTF-8.
 */
public final class SecretMask {
    public static final String MASK = SecretPolicy.MASK;
    /** Shorter values would mask ordinary text everywhere; the secrets the box uses are far longer. */
    static final int MIN_LENGTH = 3;

    private final Set<String> names = new TreeSet<>();
    private final List<String> values;

    private SecretMask(Map<String, String> env) {
        Set<String> found = new LinkedHashSet<>();
        env.forEach((name, value) -> {
            if (isSecretName(name) && value != null && !value.isBlank()) {
                names.add(name);
                for (String v : new String[] {value, value.strip()}) {
                    found.add(v);
                    found.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
                    found.add(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
                    found.add(jsonEscaped(v));
                }
            }
        });
        List<String> latin1 = new ArrayList<>();
        for (String v : found) {
            if (v.length() >= MIN_LENGTH) {
                latin1.add(new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            }
        }
        latin1.sort(Comparator.comparingInt(String::length).reversed()); // a longer form first, not its prefix
        this.values = List.copyOf(latin1);
    }

    /** The secrets of this environment. */
    public static SecretMask of(Map<String, String> env) {
        return new SecretMask(env);
    }

    /** OPEN_BUTTON_TOKEN, WEB_PASSWORD, VNC_PW, GITHUB_TOKEN, CONTAINER_API_KEY, ... ({@link SecretPolicy}). */
    public static boolean isSecretName(String name) {
        return SecretPolicy.isSecretName(name);
    }

    /** The names of the variables whose values are masked (never their values). */
    public Set<String> names() {
        return names;
    }

    public byte[] apply(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        for (String v : values) {
            text = text.replace(v, MASK);
        }
        return SecretPolicy.mask(text).getBytes(StandardCharsets.ISO_8859_1);
    }

    public String apply(String text) {
        return new String(apply(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** As Jackson writes it inside a JSON string (provision.jsonl, state.json). */
    private static String jsonEscaped(String v) {
        try {
            String quoted = Json.MAPPER.writeValueAsString(v);
            return quoted.substring(1, quoted.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string is always JSON", e);
        }
    }
}
