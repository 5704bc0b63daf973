package org.visomaster.launcher.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.visomaster.launcher.infra.util.AtomicFiles;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * {@code .launcher/guard.json}: what the running guard last found, for the window, the drop page and {@code status}.
 * Written whole after every check (never the API key). A reader gets it with {@code fresh} (the guard wrote it
 * recently, so it is running) and, during a countdown, {@code secondsLeft}.
 */
public final class GuardStatusFile {
    private GuardStatusFile() {
    }

    static Path file(Workspace ws) {
        return ws.stateDir().resolve("guard.json");
    }

    static void write(Workspace ws, ObjectNode status) throws IOException {
        AtomicFiles.writeString(file(ws), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(status));
    }

    /** The guard's last report, or empty when it never ran here or the file is unreadable. */
    public static Optional<ObjectNode> read(Workspace ws, Instant now) {
        Path f = file(ws);
        JsonNode n;
        try {
            n = Files.exists(f) ? Json.MAPPER.readTree(f.toFile()) : null;
        } catch (IOException e) {
            return Optional.empty();
        }
        if (n == null || !n.isObject()) {
            return Optional.empty();
        }
        ObjectNode o = (ObjectNode) n;
        Instant staleAt = instant(o.path("staleAt").asText(null));
        boolean fresh = staleAt != null && now.isBefore(staleAt);
        o.put("fresh", fresh);
        Instant stopAt = instant(o.path("countdown").path("stopAt").asText(null));
        if (stopAt != null && fresh) {
            ((ObjectNode) o.get("countdown")).put("secondsLeft",
                    Math.max(0, Duration.between(now, stopAt).toSeconds()));
        } else {
            o.remove("countdown");
        }
        return Optional.of(o);
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
