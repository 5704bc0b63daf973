package org.visomaster.launcher.steps.source;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Decides whether two git URLs name the same repository. {@code https://github.com/a/b.git},
 * {@code https://github.com/a/b/} and {@code git@github.com:a/b} are the same remote; {@code file://} URLs and plain
 * paths compare as normalised absolute paths.
 */
final class RemoteUrls {
    private RemoteUrls() {
    }

    static boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return key(a).equals(key(b));
    }

    static String key(String url) {
        String u = url.trim();
        if (u.startsWith("file:")) {
            try {
                return "file:" + stripGit(Path.of(URI.create(u)).toAbsolutePath().normalize().toString());
            } catch (IllegalArgumentException e) {
                return "file:" + stripGit(u.substring("file:".length()).replaceFirst("^//", ""));
            }
        }
        int scheme = u.indexOf("://");
        if (scheme > 0) {
            String rest = u.substring(scheme + 3);
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash);
            return "net:" + host(authority) + stripGit(path).toLowerCase(Locale.ROOT);
        }
        int colon = u.indexOf(':');
        if (colon > 0 && !u.substring(0, colon).contains("/")) {
            // scp-like syntax: [user@]host:path
            return "net:" + host(u.substring(0, colon)) + "/" + stripGit(u.substring(colon + 1)).toLowerCase(Locale.ROOT)
                    .replaceFirst("^/+", "");
        }
        return "file:" + stripGit(Path.of(u).toAbsolutePath().normalize().toString());
    }

    private static String host(String authority) {
        String h = authority.substring(authority.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return h.replaceFirst(":(22|80|443)$", "");
    }

    private static String stripGit(String path) {
        String p = path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.endsWith(".git")) {
            p = p.substring(0, p.length() - 4);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
