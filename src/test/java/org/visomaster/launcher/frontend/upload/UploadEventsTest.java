package org.visomaster.launcher.frontend.upload;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.engine.RunOptions;
import org.visomaster.launcher.engine.RunResult;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.engine.StepStatus;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.ConfigLoader;

/** /api/status and /api/events carry a real provisioning run of tiny real steps through the real runner. */
class UploadEventsTest {
    @TempDir
    Path tmp;
    UploadTestSupport t;
    final List<Call> calls = new ArrayList<>();

    @AfterEach
    void stop() {
        calls.forEach(Call::cancel);
        if (t != null) {
            t.close();
        }
    }

    /** Opens the event stream and returns a queue that receives each {@code data:} payload as JSON. */
    private BlockingQueue<JsonNode> follow(List<String> comments) throws IOException {
        Call call = t.http.newBuilder().readTimeout(java.time.Duration.ZERO).build().newCall(new Request.Builder()
                .url(t.url("/api/events")).header("Authorization", "Bearer " + UploadTestSupport.TOKEN).build());
        calls.add(call);
        Response r = call.execute();
        assertEquals(200, r.code());
        assertTrue(r.header("Content-Type").startsWith("text/event-stream"));
        BlockingQueue<JsonNode> q = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (r) {
                BufferedSource src = r.body().source();
                for (String line; (line = src.readUtf8Line()) != null; ) {
                    if (line.startsWith("data: ")) {
                        q.add(Json.MAPPER.readTree(line.substring(6)));
                    } else if (line.startsWith(":")) {
                        comments.add(line);
                    }
                }
            } catch (IOException e) {
                // cancelled by the test
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return q;
    }

    private static List<JsonNode> until(BlockingQueue<JsonNode> q, String type) throws InterruptedException {
        List<JsonNode> seen = new ArrayList<>();
        while (true) {
            JsonNode n = q.poll(20, TimeUnit.SECONDS);
            assertNotNull(n, "no " + type + " within 20 s; saw " + seen);
            seen.add(n);
            if (n.get("type").asText().equals(type)) {
                return seen;
            }
        }
    }

    @Test
    void theStreamCarriesARunFromStartToFinishWithProgressThrottled() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        t = new UploadTestSupport(tmp, (f, n) -> null, List.of(TinySteps.gate("gate", gate),
                TinySteps.counting("burst", "Burst of progress", 3000, "gate"),
                TinySteps.paced("paced", "Paced progress", 60, 20, "burst")), s -> s);
        BlockingQueue<JsonNode> q = follow(new CopyOnWriteArrayList<>());
        JsonNode first = q.poll(10, TimeUnit.SECONDS);
        assertEquals("Status", first.get("type").asText());
        assertEquals(3, first.get("status").get("steps").size());
        assertEquals("Burst of progress", first.get("status").get("steps").get(1).get("title").asText());

        var run = t.service.start(RunOptions.all());
        List<JsonNode> events = until(q, "StepStarted");
        assertEquals("gate", events.get(events.size() - 1).get("stepId").asText());
        try (Response r = t.http.newCall(new Request.Builder().url(t.url("/api/status"))
                .header("Authorization", "Bearer " + UploadTestSupport.TOKEN).build()).execute()) {
            JsonNode status = Json.MAPPER.readTree(r.body().string());
            assertTrue(status.get("running").asBoolean());
            assertEquals("gate", status.get("currentStep").asText());
            assertEquals("RUNNING", status.get("steps").get(0).get("status").asText());
        }
        gate.countDown();
        events.addAll(until(q, "RunFinished"));
        RunResult result = run.get(20, TimeUnit.SECONDS);
        assertTrue(result.success(), result.message());

        List<String> order = new ArrayList<>();
        int burst = 0;
        int paced = 0;
        for (JsonNode e : events) {
            String type = e.get("type").asText();
            String step = e.path("stepId").asText("");
            if (type.equals("StepProgress")) {
                burst += step.equals("burst") ? 1 : 0;
                paced += step.equals("paced") ? 1 : 0;
            } else {
                order.add(type + (step.isEmpty() ? "" : ":" + step));
            }
        }
        assertEquals(List.of("RunStarted", "StepStarted:gate", "StepFinished:gate", "StepStarted:burst",
                "LogLine:burst", "StepFinished:burst", "StepStarted:paced", "StepFinished:paced", "RunFinished"),
                order);
        // one per 250 ms window the burst lasted, plus the first and the last: on a quiet machine 1 to 5
        long windows = TinySteps.BURST_NANOS.get("burst") / EventStream.THROTTLE.toNanos();
        assertTrue(burst >= 1 && burst <= Math.max(5, windows + 2), "3000 progress events in a burst reach the page as "
                + burst + " (the burst took " + windows + " throttle windows)");
        // 60 ticks over ≥ 1.2 s at one per 250 ms: a handful, never all of them
        assertTrue(paced >= 3 && paced <= 15, "60 paced progress events reach the page as " + paced);
        JsonNode finished = events.get(events.size() - 1);
        assertTrue(finished.get("success").asBoolean());

        try (Response r = t.http.newCall(new Request.Builder().url(t.url("/api/status"))
                .header("Authorization", "Bearer " + UploadTestSupport.TOKEN).build()).execute()) {
            JsonNode status = Json.MAPPER.readTree(r.body().string());
            assertEquals(false, status.get("running").asBoolean());
            for (JsonNode step : status.get("steps")) {
                assertEquals("DONE", step.get("status").asText(), step.toString());
            }
            assertEquals("VisoMaster is installed and verified.", status.get("summary").asText());
        }
    }

    @Test
    void anIdleStreamSendsHeartbeatsAndAClientThatLeavesIsCleanedUp() throws Exception {
        t = new UploadTestSupport(tmp, (f, n) -> null, List.of(TinySteps.counting("one", "One", 3)), s -> s);
        List<String> comments = new CopyOnWriteArrayList<>();
        BlockingQueue<JsonNode> q = follow(comments);
        assertEquals("Status", q.poll(10, TimeUnit.SECONDS).get("type").asText());
        assertEquals(1, t.server.eventClients());
        await().alias("a heartbeat comment within a few heartbeat periods").atMost(Duration.ofSeconds(5))
                .until(() -> !comments.isEmpty());
        calls.forEach(Call::cancel);
        await().alias("the gone client is unsubscribed").until(() -> t.server.eventClients() == 0);
        // the engine keeps going without it
        assertTrue(t.service.start(RunOptions.all()).get(20, TimeUnit.SECONDS).success());
    }

    @Test
    void serveFollowsARunInAnotherProcessThroughTheProvisionLog() throws Exception {
        t = new UploadTestSupport(tmp, (f, n) -> null, List.of(), s -> s);
        List<Step> steps = List.of(TinySteps.counting("a", "Step A", 10), TinySteps.counting("b", "Step B", 10, "a"));
        List<ProvisionEvent> received = new CopyOnWriteArrayList<>();
        ProvisionService serving = new ProvisionService(t.ws, ConfigLoader.load(t.ws, "upstream", Map.of()),
                HostEnvironment.system(), steps);
        try (ProvisionLogFeed feed = new ProvisionLogFeed(serving);
             AutoCloseable sub = feed.subscribe(received::add);
             ProvisionService other = new ProvisionService(t.ws, ConfigLoader.load(t.ws, "upstream", Map.of()),
                     HostEnvironment.system(), steps)) {
            assertEquals(StepStatus.WAITING, feed.status().steps().get(0).status());
            assertTrue(other.start(RunOptions.all()).get(20, TimeUnit.SECONDS).success());
            feed.poll();
            List<String> types = received.stream().map(e -> e.getClass().getSimpleName()).toList();
            assertTrue(types.contains("StepStarted") && types.contains("StepFinished")
                    && types.contains("RunFinished"), types.toString());
            var finished = received.stream().filter(e -> e instanceof ProvisionEvent.StepFinished).toList();
            assertEquals("10 ticks", ((ProvisionEvent.StepFinished) finished.get(0)).detail());
            assertEquals(StepStatus.DONE, feed.status().steps().get(1).status());
            assertEquals("VisoMaster is installed and verified.", feed.status().summary());
        }
        // a restart of serve starts from the outcomes recorded in state.json
        try (ProvisionLogFeed later = new ProvisionLogFeed(new ProvisionService(t.ws,
                ConfigLoader.load(t.ws, "upstream", Map.of()), HostEnvironment.system(), steps))) {
            assertEquals(StepStatus.DONE, later.status().steps().get(0).status());
        }
    }
}
