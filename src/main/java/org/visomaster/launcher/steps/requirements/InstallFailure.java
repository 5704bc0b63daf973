package org.visomaster.launcher.steps.requirements;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads pip's or uv's output after a failed install and names the kind of failure with what to do about it.
 * Order matters: a network outage makes pip say "No matching distribution" too, so network comes first.
 */
final class InstallFailure {
    public enum Kind { TIMEOUT, DISK_FULL, NETWORK, NO_PIP, CONFLICT, NO_MATCHING_DISTRIBUTION, BUILD_ERROR, GENERIC }

    /** The kind and the one sentence for the user. */
    public record Diagnosis(Kind kind, String sentence) {
    }

    private static final List<String> DISK = List.of("No space left on device", "[Errno 28]", "Disk quota exceeded");
    private static final List<String> NETWORK = List.of("NewConnectionError", "Failed to establish a new connection",
            "Temporary failure in name resolution", "Name or service not known", "nodename nor servname",
            "ConnectTimeoutError", "ReadTimeoutError", "Read timed out", "Connection refused",
            "Connection reset by peer", "ConnectionResetError", "ProxyError", "Max retries exceeded",
            "Could not fetch URL", "error sending request", "dns error", "failed to lookup address",
            "operation timed out", "tcp connect error", "Network is unreachable", "No route to host");
    private static final Pattern PIP_NO_MATCH = Pattern.compile("No matching distribution found for (\\S+)");
    private static final Pattern UV_NO_VERSION = Pattern.compile("there is no version of ([^\\s,]+)");
    private static final Pattern UV_NOT_FOUND = Pattern.compile("Because (\\S+) was not found in the package registry");
    private static final Pattern PIP_CONFLICT = Pattern.compile("Cannot install (.+?) because these package versions");
    private static final Pattern BUILD = Pattern.compile(
            "Failed building wheel for (\\S+)|Failed to build `([^`]+)`|Failed to build (\\S+)"
                    + "|Could not build wheels for (\\S+?),");

    private InstallFailure() {
    }

    public static Diagnosis classify(List<String> lines, int exitCode, boolean timedOut, String timeLimit) {
        String all = String.join("\n", lines);
        if (timedOut) {
            return new Diagnosis(Kind.TIMEOUT, "Installing Python packages took longer than " + timeLimit
                    + " and was stopped: check the network speed and run again (finished downloads are cached).");
        }
        Optional<String> hit = first(all, DISK);
        if (hit.isPresent()) {
            return new Diagnosis(Kind.DISK_FULL, "Installing Python packages failed because the disk is full (" + hit.get()
                    + "): free space in the workspace and in ~/.cache (pip and uv keep downloads there), then run again.");
        }
        hit = first(all, NETWORK);
        if (hit.isPresent()) {
            return new Diagnosis(Kind.NETWORK, "Installing Python packages failed because a package index could not be"
                    + " reached (" + hit.get() + "): check the network, or point PIP_INDEX_URL / UV_INDEX_URL at a"
                    + " reachable mirror, then run again.");
        }
        if (all.contains("No module named pip")) {
            return new Diagnosis(Kind.NO_PIP, "The Python environment has no pip and uv is not on PATH: install uv,"
                    + " or move envs/viso_env aside so that the launcher rebuilds it with pip.");
        }
        if (all.contains("No solution found")) {
            Optional<String> missing = group(all, UV_NO_VERSION).or(() -> group(all, UV_NOT_FOUND));
            if (missing.isPresent()) {
                return noMatch(missing.get());
            }
            return conflict(group(all, PIP_CONFLICT).orElse(null));
        }
        if (all.contains("ResolutionImpossible") || all.contains("conflicting dependencies")) {
            return conflict(group(all, PIP_CONFLICT).orElse(null));
        }
        Optional<String> noMatch = group(all, PIP_NO_MATCH);
        if (noMatch.isPresent()) {
            return noMatch(noMatch.get());
        }
        if (all.contains("subprocess-exited-with-error") || BUILD.matcher(all).find()) {
            String what = group(all, BUILD).map(p -> p + " ").orElse("a package ");
            return new Diagnosis(Kind.BUILD_ERROR, "Building " + what + "from source failed: there is no ready-made"
                    + " wheel for this Python and platform; override it to a version that has wheels, or install the"
                    + " build tools the lines above ask for, then run again.");
        }
        return new Diagnosis(Kind.GENERIC, "Installing Python packages failed (exit code " + exitCode + "): read the"
                + " last lines above, fix the cause and run again.");
    }

    private static Diagnosis noMatch(String requirement) {
        return new Diagnosis(Kind.NO_MATCHING_DISTRIBUTION, "No matching distribution for " + requirement + ": no"
                + " version on the package indexes fits this pin and this Python; change the pin with an override in"
                + " launcher.json, drop your own requirements.txt, or pick another profile.");
    }

    private static Diagnosis conflict(String packages) {
        return new Diagnosis(Kind.CONFLICT, "The requirements conflict with each other"
                + (packages == null ? "" : " (" + packages + ")") + ": no set of versions satisfies all pins; relax or"
                + " override the conflicting pins in launcher.json or in your own requirements.txt.");
    }

    private static Optional<String> first(String text, List<String> needles) {
        return needles.stream().filter(text::contains).findFirst();
    }

    private static Optional<String> group(String text, Pattern p) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        for (int i = 1; i <= m.groupCount(); i++) {
            if (m.group(i) != null) {
                return Optional.of(m.group(i));
            }
        }
        return Optional.empty();
    }
}
