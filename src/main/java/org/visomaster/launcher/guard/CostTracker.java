package org.visomaster.launcher.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.util.AtomicFiles;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * What this box costs, from Vast's instance API, asked at most once every {@link #REFRESH} whoever asks (the guard,
 * {@code status}, the window): the answer is kept in {@code .launcher/cost.json} with the time it was fetched, and a
 * failed try counts as an asking too. Off Vast there is no cost, and nothing is shown.
 */
public final class CostTracker {
    private static final Logger LOG = LoggerFactory.getLogger(CostTracker.class);
    public static final Duration REFRESH = Duration.ofMinutes(30);

    /** $/hour and what the box has cost since it started (NaN when Vast gave no start time). */
    public record Cost(double dollarsPerHour, double sinceStart, Instant fetchedAt) {
        /** "$0.452/hour, $3.17 since it started". */
        public String describe() {
            return String.format(Locale.ROOT, "$%.3f/hour", dollarsPerHour) + (Double.isNaN(sinceStart) ? ""
                    : String.format(Locale.ROOT, ", $%.2f since it started", sinceStart));
        }
    }

    private final Path file;
    private final GuardSettings settings;
    private final VastApi api;
    private final Clock clock;

    public CostTracker(Workspace ws, GuardSettings settings, Clock clock) {
        this(ws, settings, settings.onVast() ? VastApi.of(settings) : null, clock);
    }

    CostTracker(Workspace ws, GuardSettings settings, VastApi api, Clock clock) {
        this.file = ws.stateDir().resolve("cost.json");
        this.settings = settings;
        this.api = api;
        this.clock = clock;
    }

    /** The cost now, asking Vast when the kept answer is older than {@link #REFRESH}; empty off Vast or unknown. */
    public synchronized Optional<Cost> current() {
        if (!settings.onVast() || api == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        JsonNode kept = read();
        Instant asked = instant(kept, "askedAt");
        boolean sameInstance = kept != null && settings.containerId().equals(kept.path("containerId").asText());
        if (!sameInstance || asked == null || Duration.between(asked, now).compareTo(REFRESH) >= 0
                || asked.isAfter(now)) {
            kept = refresh(now, sameInstance ? kept : null);
        }
        if (kept == null || !kept.path("dollarsPerHour").isNumber()) {
            return Optional.empty();
        }
        double dph = kept.get("dollarsPerHour").asDouble();
        Instant started = instant(kept, "startedAt");
        double since = started == null ? Double.NaN
                : dph * Math.max(0, Duration.between(started, now).toMillis()) / 3_600_000.0;
        return Optional.of(new Cost(dph, since, instant(kept, "fetchedAt")));
    }

    private JsonNode refresh(Instant now, JsonNode previous) {
        ObjectNode n = previous == null ? Json.MAPPER.createObjectNode() : ((ObjectNode) previous).deepCopy();
        n.put("containerId", settings.containerId());
        n.put("askedAt", now.toString());
        try {
            VastApi.Price p = api.price();
            n.put("dollarsPerHour", p.dollarsPerHour());
            if (p.startedAt() != null) {
                n.put("startedAt", p.startedAt().toString());
            } else {
                n.remove("startedAt");
            }
            n.put("fetchedAt", now.toString());
        } catch (VastApi.VastApiException e) {
            LOG.warn("{} The cost shown stays as it was; the launcher asks again in {} minutes.", e.getMessage(),
                    REFRESH.toMinutes());
        }
        try {
            AtomicFiles.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n));
        } catch (IOException e) {
            LOG.debug("{} cannot be written; the next reader asks Vast again", file, e);
        }
        return n;
    }

    private JsonNode read() {
        try {
            return Files.exists(file) ? Json.MAPPER.readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Instant instant(JsonNode n, String field) {
        if (n == null || !n.path(field).isTextual()) {
            return null;
        }
        try {
            return Instant.parse(n.get(field).asText());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
