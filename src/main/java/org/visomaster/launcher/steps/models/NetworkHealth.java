package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells "the network is down" from "one file is flaky" across all downloads of a run. A request that fails because
 * a host does not resolve, refuses the connection or cannot be routed to counts against the network; when such
 * failures of one cause hit {@link #FILES_TO_TRIP} different files in a row with no byte or response arriving in
 * between, the network is declared down: every download stops at once with one sentence. One file failing that way
 * on its own (while others make progress, or alone in its run) keeps its ordinary retries.
 */
final class NetworkHealth {
    static final int FILES_TO_TRIP = 2;

    private final Set<String> streakFiles = new HashSet<>();
    private final List<Runnable> onDown = new CopyOnWriteArrayList<>();
    private String streakCause;
    private volatile String downSentence;
    private volatile boolean progressSinceStreak;

    /** Bytes or a response arrived: the network works. Cheap; called per buffer. */
    void progressed() {
        if (!progressSinceStreak) {
            progressSinceStreak = true;
        }
    }

    /**
     * A request failed with {@code e}; returns the network-down sentence when this failure completed the proof, else
     * null (the caller retries as usual).
     */
    synchronized String failed(String file, String host, IOException e) {
        String cause = cause(host, e);
        if (cause == null) {
            return downSentence;
        }
        if (progressSinceStreak || !cause.equals(streakCause)) {
            streakFiles.clear();
            streakCause = cause;
            progressSinceStreak = false;
        }
        streakFiles.add(file);
        if (downSentence == null && streakFiles.size() >= FILES_TO_TRIP) {
            downSentence = "The network looks down: every model download fails because " + cause + "; check the"
                    + " box's internet connection and DNS (or set VISO_MODELS_BASE_URL to a mirror it can reach),"
                    + " then run provision again — partial downloads are kept.";
            onDown.forEach(Runnable::run);
        }
        return downSentence;
    }

    /** The one sentence once the network was declared down, else null. */
    String downSentence() {
        return downSentence;
    }

    void onDown(Runnable r) {
        onDown.add(r);
        if (downSentence != null) {
            r.run();
        }
    }

    void removeOnDown(Runnable r) {
        onDown.remove(r);
    }

    /** The network-level cause of {@code e} in words, or null when it is not one (a timeout, a reset …). */
    static String cause(String host, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return host + " does not resolve (DNS failure)";
            }
            if (t instanceof NoRouteToHostException) {
                return "there is no route to " + host;
            }
            if (t instanceof ConnectException) {
                String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
                if (m.contains("unreachable") || m.contains("no route")) {
                    return "there is no route to " + host;
                }
                if (m.contains("refused")) {
                    return host + " refuses connections";
                }
            }
            for (Throwable s : t.getSuppressed()) {
                String c = cause(host, s);
                if (c != null) {
                    return c;
                }
            }
        }
        return null;
    }
}
