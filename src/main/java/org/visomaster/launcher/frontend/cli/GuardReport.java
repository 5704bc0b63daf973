package org.visomaster.launcher.frontend.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.visomaster.launcher.guard.Activity;
import org.visomaster.launcher.guard.ActivityMonitor;
import org.visomaster.launcher.guard.CostTracker;
import org.visomaster.launcher.guard.GuardSettings;
import org.visomaster.launcher.guard.GuardStatusFile;
import org.visomaster.launcher.infra.metrics.GpuSource;
import org.visomaster.launcher.infra.metrics.GpuSources;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.ConfigException;
import org.visomaster.launcher.infra.workspace.Workspace;

/** The idle guard's part of {@code status}: its rule, what keeps the box awake right now, a countdown, the cost. */
final class GuardReport {
    private GuardReport() {
    }

    static ObjectNode build(Workspace ws, HostEnvironment host, Clock clock) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        GuardSettings settings;
        try {
            settings = GuardSettings.load(ws, host.all());
        } catch (ConfigException e) {
            n.put("problem", e.getMessage());
            return n;
        }
        n.put("rule", settings.describe());
        n.put("stopsWhenIdle", settings.stopsWhenIdle());
        List<Activity> awake;
        try (GpuSource gpus = GpuSources.detect(host)) {
            firstSample(gpus);
            awake = ActivityMonitor.standard(ws, host.all(), gpus).check(clock.instant());
        }
        ArrayNode a = n.putArray("awake");
        awake.forEach(x -> a.addObject().put("kind", x.kind().name()).put("sentence", x.sentence()));
        GuardStatusFile.read(ws, clock.instant()).ifPresent(g -> {
            n.put("guardRunning", g.path("fresh").asBoolean());
            if (g.has("countdown")) {
                n.set("countdown", g.get("countdown"));
            }
            if (g.has("stopProblem")) {
                n.put("stopProblem", g.get("stopProblem").asText());
            }
        });
        if (!n.has("guardRunning")) {
            n.put("guardRunning", false);
        }
        new CostTracker(ws, settings, clock).current().ifPresent(c -> n.put("cost", c.describe())
                .put("dollarsPerHour", c.dollarsPerHour()));
        return n;
    }

    /** nvidia-smi's first figures take a moment to arrive; status waits for them a little. */
    private static void firstSample(GpuSource gpus) {
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (gpus.sample().isEmpty() && gpus.note().isEmpty() && System.nanoTime() < until) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // no figures: the GPU counts as idle, as the guard would count it
            }
        }
    }

    static void print(PrintStream out, JsonNode g) {
        out.println("idle guard:");
        if (g.has("problem")) {
            out.println("  " + g.get("problem").asText());
            return;
        }
        out.println("  " + g.get("rule").asText());
        List<String> awake = new java.util.ArrayList<>();
        g.get("awake").forEach(a -> awake.add(a.get("sentence").asText()));
        out.println(awake.isEmpty() ? "  idle now: nothing keeps the box awake"
                : "  kept awake now by: " + String.join("; ", awake));
        if (g.get("stopsWhenIdle").asBoolean()) {
            out.println(g.get("guardRunning").asBoolean() ? "  the guard is running"
                    : "  the guard is not running: start it with `supervisorctl start visomaster-guard`");
        }
        if (g.has("countdown")) {
            long s = g.get("countdown").path("secondsLeft").asLong();
            out.println("  countdown: the box stops in " + s / 60 + " min " + s % 60 + " s; press Keep running in"
                    + " the window or on the upload page to cancel");
        }
        if (g.has("stopProblem")) {
            out.println("  last stop attempt: " + g.get("stopProblem").asText());
        }
        if (g.has("cost")) {
            out.println("  cost: " + g.get("cost").asText());
        }
    }
}
