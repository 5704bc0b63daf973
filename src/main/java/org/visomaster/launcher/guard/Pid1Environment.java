package org.visomaster.launcher.guard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment of the container's first process. Vast puts CONTAINER_ID and CONTAINER_API_KEY there, and an SSH
 * shell does not inherit them, so a guard started from a shell reads them here.
 */
final class Pid1Environment {
    static final Path DEFAULT = Path.of("/proc/1/environ");

    private Pid1Environment() {
    }

    /** NUL-separated NAME=value pairs; empty when the file is missing or unreadable (not our container, no rights). */
    static Map<String, String> read(Path file) {
        Map<String, String> vars = new HashMap<>();
        if (file == null) {
            return vars;
        }
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return vars;
        }
        for (String pair : text.split("\0")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                vars.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return vars;
    }
}
