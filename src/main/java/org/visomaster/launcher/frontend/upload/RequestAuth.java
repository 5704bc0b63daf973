package org.visomaster.launcher.frontend.upload;

import org.eclipse.jetty.http.HttpFields;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Who may do what. GETs need the bearer token or the page cookie; state-changing requests need the bearer token,
 * or the cookie plus an Origin (or Referer) naming the host the browser asked for. Behind the Vast portal the
 * proxy connects from 127.0.0.1 and names the browser's host in X-Forwarded-Host / X-Forwarded-Proto.
 */
final class RequestAuth {
    static final String COOKIE = "visomaster_upload";

    enum Verdict { OK, UNAUTHORIZED, FOREIGN_ORIGIN }

    private final UploadToken token;

    RequestAuth(UploadToken token) {
        this.token = token;
    }

    Verdict check(String method, HttpFields h) {
        if (hasBearer(h)) {
            return Verdict.OK;
        }
        if (!hasCookie(h)) {
            return Verdict.UNAUTHORIZED;
        }
        boolean safe = "GET".equals(method) || "HEAD".equals(method);
        return safe || sameOrigin(h) ? Verdict.OK : Verdict.FOREIGN_ORIGIN;
    }

    boolean hasBearer(HttpFields h) {
        List<String> values = h.getValuesList("Authorization");
        for (String v : values) {
            if (v.regionMatches(true, 0, "Bearer ", 0, 7) && token.matches(v.substring(7).trim())) {
                return true;
            }
        }
        return false;
    }

    boolean hasCookie(HttpFields h) {
        List<String> values = h.getValuesList("Cookie");
        for (String header : values) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals(COOKIE)
                        && token.matchesCookie(part.substring(eq + 1).trim())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The Set-Cookie value for a browser that presented the token. Secure when the portal served it over TLS. */
    String cookieHeader(HttpFields h) {
        boolean https = "https".equalsIgnoreCase(first(h, "X-Forwarded-Proto"));
        return COOKIE + "=" + token.cookieValue() + "; Path=/; HttpOnly; SameSite=Strict" + (https ? "; Secure" : "");
    }

    /** True when Origin (else Referer) names the same host and port the request was addressed to. */
    static boolean sameOrigin(HttpFields h) {
        String source = first(h, "Origin");
        if (source == null || source.isBlank()) {
            source = first(h, "Referer");
        }
        if (source == null || source.isBlank() || "null".equals(source.trim())) {
            return false;
        }
        String target = first(h, "X-Forwarded-Host");
        if (target == null || target.isBlank()) {
            target = first(h, "Host");
        }
        if (target == null || target.isBlank()) {
            return false;
        }
        try {
            URI from = URI.create(source.trim());
            if (from.getHost() == null || from.getScheme() == null) {
                return false;
            }
            String scheme = from.getScheme().toLowerCase(Locale.ROOT);
            URI to = URI.create(scheme + "://" + target.split(",")[0].trim() + "/");
            if (to.getHost() == null) {
                return false;
            }
            return from.getHost().equalsIgnoreCase(to.getHost()) && port(from, scheme) == port(to, scheme);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI u, String scheme) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equals(scheme) ? 443 : 80;
    }

    static String first(HttpFields h, String name) {
        String v = h.get(name);
        return v == null ? null : v.split(",")[0].trim();
    }
}
