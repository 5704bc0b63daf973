package org.visomaster.launcher.steps.source;

import java.util.Locale;

/** Turns JGit transport exceptions into the one sentence a user reads. */
final class GitFailures {
    private GitFailures() {
    }

    static String unreachable(String url, Throwable error) {
        return "Could not reach " + url + ": " + reason(url, error)
                + ". Check the network or set VISO_REPO_URL to a mirror.";
    }

    /** The most specific message in the cause chain, without the URL JGit puts in front of it. */
    static String reason(String url, Throwable error) {
        String best = null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException) {
                // its message is the bare host name, which says nothing by itself
                return "the name " + (t.getMessage() == null ? "of the host" : t.getMessage())
                        + " does not resolve (no network, or no DNS)";
            }
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                best = m;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (best == null) {
            return error.getClass().getSimpleName();
        }
        String r = best.strip();
        for (String prefix : new String[] {url + ": ", url + " "}) {
            if (r.startsWith(prefix)) {
                r = r.substring(prefix.length());
            }
        }
        r = r.replaceAll("\\s+", " ");
        while (r.endsWith(".")) {
            r = r.substring(0, r.length() - 1);
        }
        return r.isEmpty() ? error.getClass().getSimpleName() : r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
    }
}
