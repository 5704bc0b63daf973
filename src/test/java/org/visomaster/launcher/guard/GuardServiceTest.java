package org.visomaster.launcher.guard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.ProvisionLog;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepStatus;
import org.visomaster.launcher.engine.WorkspaceLock;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * A whole day of the guard over compressed time, against a stand-in Vast API and a webhook receiver on loopback:
 * a setup runs and finishes, the box idles into a countdown, Keep running cancels it, it idles again and is stopped.
 * The requests both servers saw are printed (and kept in target/guard-requests.txt) as the trace of that day.
 */
class GuardServiceTest {
    static final String KEY = "scoped-key-5f1c0ffee5eed2468ace13579bdf";
    private static final Instant BOOT = Instant.parse("2026-12-06T01:00:00Z");

    @TempDir
    Path dir;
    private final List<RecordingServer.Recorded> trace = new CopyOnWriteArrayList<>();
    private RecordingServer vast;
    private RecordingServer webhook;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void servers() throws IOException {
        vast = new RecordingServer("vast", trace).answer("PUT", 200, "{\"success\": true}")
                .answer("GET", 200, "{\"instances\": {\"id\": 4242, \"actual_status\": \"running\","
                        + " \"dph_total\": 0.452, \"start_date\": " + BOOT.getEpochSecond() + ".0}}");
        webhook = new RecordingServer("webhook", trace);
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void close() {
        root.detachAppender(logged);
        vast.close();
        webhook.close();
    }

    @Test
    void setupThenIdleThenCountdownCancelledThenStopped() throws Exception {
        Workspace ws = new Workspace(dir.resolve("workspace"));
        ws.ensureLayout();
        Instant t0 = Instant.now(); // real time: the upload probe compares real file times
        MutableClock clock = new MutableClock(t0);
        GuardSettings settings = GuardSettings.load(ws, Map.of("CONTAINER_ID", "4242", "CONTAINER_API_KEY", KEY,
                "VAST_API_URL", vast.url(), "VISO_NOTIFY_URL", webhook.url() + "/hooks/viso"), null);
        ActivityMonitor monitor = new ActivityMonitor(List.of(new SetupRunning(ws.lockFile(), new ProcFs(ProcFs.DEFAULT)),
                new UploadRunning(ws.uploads().resolve(".incoming")), new KeepRunning(KeepRunning.file(ws))));
        List<String> said = new ArrayList<>();
        try (GuardService guard = GuardService.standard(ws, settings, monitor, clock, said::add);
             ProvisionLog provisionLog = new ProvisionLog(ws)) {
            assertEquals(Duration.ofSeconds(15), guard.tick(), "a 60-minute limit is checked every 15 s");
            guard.announce();

            // 1. a setup runs: it holds the workspace lock, the box stays awake
            try (WorkspaceLock lock = WorkspaceLock.acquire(ws.lockFile())) {
                mark(clock, t0, "a setup runs (holds the workspace lock); the guard checks");
                provisionLog.emit(new ProvisionEvent.RunStarted(clock.instant(), List.of(), false));
                guard.checkOnce();
                assertAwake(ws, clock, "SETUP");
                provisionLog.emit(new ProvisionEvent.StepFinished(clock.instant(), StepId.of("models"), StepStatus.DONE,
                        "65 models verified", List.of()));
                provisionLog.emit(new ProvisionEvent.RunFinished(clock.instant(), true, false, "Done", List.of(),
                        List.of()));
            }
            clock.advance(Duration.ofSeconds(15));
            mark(clock, t0, "the setup has finished; the guard checks");
            guard.checkOnce(); // the setup's end is noticed and notified; the box is idle from here
            await().until(() -> webhook.requests().size() == 1);
            assertEquals("setup-finished", event(webhook.requests().get(0)));
            assertAwake(ws, clock);

            // 2. idle for 55 minutes: the countdown starts and says so
            clock.advance(Duration.ofMinutes(54).plusSeconds(59));
            guard.checkOnce();
            assertFalse(GuardStatusFile.read(ws, clock.instant()).orElseThrow().has("countdown"));
            clock.advance(Duration.ofSeconds(1));
            mark(clock, t0, "55 idle minutes; the guard checks");
            guard.checkOnce();
            await().until(() -> webhook.requests().size() == 2);
            JsonNode soon = Json.MAPPER.readTree(webhook.requests().get(1).body());
            assertEquals("idle-stop-soon", soon.get("event").asText());
            assertEquals("VisoMaster box: idle stop in 5 minutes", soon.get("title").asText());
            ObjectNode status = GuardStatusFile.read(ws, clock.instant()).orElseThrow();
            assertEquals(300, status.get("countdown").get("secondsLeft").asLong());

            // 3. someone presses Keep running (window or drop page): the countdown is cancelled
            clock.advance(Duration.ofMinutes(2));
            KeepRunning.press(ws, clock);
            mark(clock, t0, "someone presses Keep running; the guard checks (countdown cancelled)");
            guard.checkOnce();
            assertAwake(ws, clock, "KEEP_RUNNING");
            assertTrue(said.contains("Idle stop cancelled: someone pressed Keep running."), said::toString);

            // 4. an upload comes in later: awake again while its part file grows
            clock.advance(Duration.ofMinutes(30));
            Path part = Files.writeString(Files.createDirectories(ws.uploads().resolve(".incoming"))
                    .resolve("c0ffee.part"), "chunk");
            Files.setLastModifiedTime(part, java.nio.file.attribute.FileTime.from(clock.instant()));
            mark(clock, t0, "an upload is in progress; the guard checks");
            guard.checkOnce();
            assertAwake(ws, clock, "UPLOAD");
            Files.delete(part); // finished and moved into place

            // 5. idle for 60 minutes: countdown, then the stop
            clock.advance(Duration.ofSeconds(15));
            guard.checkOnce();
            clock.advance(Duration.ofMinutes(55));
            mark(clock, t0, "55 idle minutes again; the guard checks");
            guard.checkOnce();
            await().until(() -> webhook.requests().size() == 3);
            clock.advance(Duration.ofMinutes(5));
            mark(clock, t0, "60 idle minutes; the guard checks");
            assertTrue(vast.requests().stream().noneMatch(r -> r.method().equals("PUT")), "no stop before the limit");
            guard.checkOnce();
            assertTrue(guard.stopRequested());
            await().until(() -> webhook.requests().size() == 4);
            assertEquals("box-stopped", event(webhook.requests().get(3)));
        }

        // the exact stop request
        List<RecordingServer.Recorded> puts = vast.requests().stream().filter(r -> r.method().equals("PUT")).toList();
        assertEquals(1, puts.size());
        RecordingServer.Recorded stop = puts.get(0);
        assertEquals("/api/v0/instances/4242/", stop.path());
        assertEquals("Bearer " + KEY, stop.header("Authorization"));
        assertTrue(stop.header("Content-Type").startsWith("application/json"), stop.header("Content-Type"));
        assertEquals("{\"state\":\"stopped\"}", stop.body());
        // the price was asked once in all that time (refreshed at most every 30 minutes), then again later
        List<RecordingServer.Recorded> gets = vast.requests().stream().filter(r -> r.method().equals("GET")).toList();
        assertEquals("/api/v0/instances/4242/", gets.get(0).path());
        assertEquals("Bearer " + KEY, gets.get(0).header("Authorization"));
        assertTrue(gets.size() >= 2 && gets.size() <= 6, "about one GET per 30 minutes: " + gets.size());

        assertKeyWrittenNowhere(ws, said);
        printTrace();
    }

    @Test
    void aRefusedStopIsOneSentenceAndTriedAgainAMinuteLater() throws Exception {
        vast.answer("PUT", 401, "{\"error\": \"invalid key\"}");
        Workspace ws = new Workspace(dir.resolve("workspace"));
        MutableClock clock = new MutableClock(Instant.now());
        GuardSettings settings = new GuardSettings(0.5, "test", null, java.net.URI.create(vast.url()), "4242", KEY);
        List<String> said = new ArrayList<>();
        try (GuardService guard = GuardService.standard(ws, settings, new ActivityMonitor(List.of()), clock,
                said::add)) {
            assertEquals(Duration.ofSeconds(3), guard.tick(), "half a minute is checked every 3 s");
            guard.checkOnce();
            clock.advance(Duration.ofSeconds(30));
            guard.checkOnce();
            guard.checkOnce();
            assertFalse(guard.stopRequested());
            assertEquals(1, vast.requests().stream().filter(r -> r.method().equals("PUT")).count(),
                    "not again within the minute");
            assertTrue(said.contains("Vast's API did not stop this instance (HTTP 401: the instance's API key was not"
                    + " accepted); stop the box from the Instances page of the Vast console."), said::toString);
            clock.advance(Duration.ofMinutes(1));
            guard.checkOnce();
            assertEquals(2, vast.requests().stream().filter(r -> r.method().equals("PUT")).count());
            assertEquals(1, said.stream().filter(s -> s.contains("HTTP 401")).count(), "said once");
            JsonNode status = GuardStatusFile.read(ws, clock.instant()).orElseThrow();
            assertTrue(status.get("stopProblem").asText().contains("HTTP 401"));
        }
        assertKeyWrittenNowhere(ws, said);
    }

    @Test
    void theCostIsAskedAtMostEveryThirtyMinutesWhoeverAsks() throws Exception {
        Workspace ws = new Workspace(dir.resolve("workspace"));
        MutableClock clock = new MutableClock(BOOT.plus(Duration.ofHours(2)));
        GuardSettings settings = new GuardSettings(60, "test", null, java.net.URI.create(vast.url()), "4242", KEY);
        CostTracker guardSide = new CostTracker(ws, settings, clock);
        CostTracker windowSide = new CostTracker(ws, settings, clock);
        assertEquals("$0.452/hour, $0.90 since it started", guardSide.current().orElseThrow().describe());
        clock.advance(Duration.ofMinutes(29));
        assertEquals("$0.452/hour, $1.12 since it started", windowSide.current().orElseThrow().describe());
        assertEquals(1, vast.requests().size(), "the second reader used the kept answer");
        clock.advance(Duration.ofMinutes(1));
        windowSide.current();
        assertEquals(2, vast.requests().size());
        GuardSettings offVast = new GuardSettings(0, "default", null, java.net.URI.create(vast.url()), null, null);
        assertTrue(new CostTracker(ws, offVast, clock).current().isEmpty(), "hidden without the API");
        assertFalse(Files.readString(ws.stateDir().resolve("cost.json")).contains(KEY));
    }

    private void mark(MutableClock clock, Instant t0, String what) {
        long s = Duration.between(t0, clock.instant()).toSeconds();
        trace.add(RecordingServer.Recorded.marker(String.format("t+%d:%02d:%02d %s", s / 3600, s / 60 % 60, s % 60,
                what)));
    }

    private static String event(RecordingServer.Recorded r) throws IOException {
        return Json.MAPPER.readTree(r.body()).get("event").asText();
    }

    private static void assertAwake(Workspace ws, MutableClock clock, String... kinds) {
        JsonNode s = GuardStatusFile.read(ws, clock.instant()).orElseThrow();
        List<String> found = new ArrayList<>();
        s.get("awake").forEach(a -> found.add(a.get("kind").asText()));
        assertEquals(List.of(kinds), found, s::toString);
        assertTrue(s.get("fresh").asBoolean());
    }

    /** The key is in no file of the workspace, no log line and nothing the guard said. */
    private void assertKeyWrittenNowhere(Workspace ws, List<String> said) throws IOException {
        try (Stream<Path> files = Files.walk(ws.root())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(KEY),
                        "the key is written in " + f);
            }
        }
        for (ILoggingEvent e : logged.list) {
            assertFalse(e.getFormattedMessage().contains(KEY), e.getFormattedMessage());
        }
        said.forEach(s -> assertFalse(s.contains(KEY), s));
    }

    private void printTrace() throws IOException {
        StringBuilder b = new StringBuilder("Requests recorded for setup -> idle -> countdown -> Keep running ->"
                + " upload -> idle -> stop:\n");
        trace.forEach(r -> b.append("  ").append(r.line().replace(dir.toString(), "<tmp>")).append('\n'));
        System.out.print(b);
        Path out = Path.of("target", "guard-requests.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, b.toString());
    }
}
