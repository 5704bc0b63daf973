package org.visomaster.launcher.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.testing.InProcessLauncher;

/** {@code visomaster-launcher guard} and the guard's part of {@code status}, run as the image runs them. */
class GuardCommandTest {
    private static final String KEY = GuardServiceTest.KEY;
    @TempDir
    Path dir;

    private Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", dir.toString());
        env.put("VISO_IDLE_CPU_PERCENT", "100"); // this shared machine is never idle otherwise
        env.putAll(extra);
        return env;
    }

    @Test
    void theGuardStopsTheBoxAfterItsIdleMinutesAndTheKeyIsWrittenNowhere() throws Exception {
        Path ws = dir.resolve("workspace");
        Path emptyProc = Files.createDirectories(dir.resolve("proc")); // no desktop, terminal or setup here
        try (RecordingServer vast = new RecordingServer("vast").answer("PUT", 200, "{\"success\":true}")
                .answer("GET", 200, "{\"instances\":{\"dph_total\":1.25,\"start_date\":1.0E9}}")) {
            var run = InProcessLauncher.run(env(Map.of("CONTAINER_ID", "4242", "CONTAINER_API_KEY", KEY,
                    "VAST_API_URL", vast.url(), "VISO_IDLE_STOP_MINUTES", "0.01")),
                    "--workspace", ws.toString(), "guard", "--exit-after-stop", "--proc-root", emptyProc.toString());
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().contains("The box stops itself after 1 second of idleness (instance 4242"),
                    run.out());
            assertTrue(run.out().contains("A stopped box keeps its disk (and its storage charge); start it again from"
                    + " the Instances page of the Vast console"), run.out());
            assertTrue(run.out().contains("it stops itself in 1 second"), run.out());
            assertTrue(run.out().contains("Stopping this instance through Vast's API"), run.out());
            List<RecordingServer.Recorded> puts = vast.requests().stream().filter(r -> r.method().equals("PUT"))
                    .toList();
            assertEquals(1, puts.size());
            assertEquals("/api/v0/instances/4242/", puts.get(0).path());
            assertEquals("{\"state\":\"stopped\"}", puts.get(0).body());
            assertFalse(run.out().contains(KEY) || run.err().contains(KEY));
        }
        try (Stream<Path> files = Files.walk(ws)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertTrue(all.stream().anyMatch(p -> p.getFileName().toString().equals("launcher.log")), all::toString);
            assertTrue(all.stream().anyMatch(p -> p.getFileName().toString().equals("guard.json")), all::toString);
            for (Path f : all) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(KEY),
                        "the key is written in " + f);
            }
        }
    }

    @Test
    void offVastOnceSaysItCannotStopTheBoxAndWhatKeepsItAwake() throws Exception {
        Path ws = dir.resolve("workspace");
        var run = InProcessLauncher.run(env(Map.of("VISO_IDLE_STOP_MINUTES", "30")), "--workspace", ws.toString(),
                "guard", "--once", "--proc-root", Files.createDirectories(dir.resolve("proc")).toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("This box is not a Vast instance (no CONTAINER_ID and CONTAINER_API_KEY"),
                run.out());
        assertTrue(run.out().contains("Nothing keeps the box awake now: it is idle."), run.out());
        var json = InProcessLauncher.run(env(Map.of()), "--workspace", ws.toString(), "--json", "guard", "--once",
                "--proc-root", dir.resolve("proc").toString());
        JsonNode n = Json.MAPPER.readTree(json.out());
        assertFalse(n.get("stopsWhenIdle").asBoolean());
        assertEquals(0, n.get("awake").size(), json.out());
    }

    @Test
    void statusShowsTheRuleWhatKeepsTheBoxAwakeAndTheCost() throws Exception {
        Path ws = dir.resolve("workspace");
        Files.createDirectories(ws.resolve("uploads/.incoming"));
        Files.writeString(ws.resolve("uploads/.incoming/f.part"), "x");
        try (RecordingServer vast = new RecordingServer("vast")
                .answer("GET", 200, "{\"instances\":{\"dph_total\":0.5}}")) {
            Map<String, String> env = env(Map.of("CONTAINER_ID", "4242", "CONTAINER_API_KEY", KEY, "VAST_API_URL",
                    vast.url()));
            var json = InProcessLauncher.run(env, "--workspace", ws.toString(), "--json", "status");
            assertEquals(0, json.code(), json.err());
            JsonNode guard = Json.MAPPER.readTree(json.out()).get("guard");
            assertTrue(guard.get("rule").asText().startsWith("The box stops itself after 60 minutes"), guard::toString);
            assertTrue(List.of(guard.get("awake").toString()).toString().contains("an upload is in progress"),
                    guard::toString);
            assertEquals(0.5, guard.get("dollarsPerHour").asDouble());
            var text = InProcessLauncher.run(env, "--workspace", ws.toString(), "status");
            assertTrue(text.out().contains("idle guard:\n"), text.out());
            assertTrue(text.out().contains("  kept awake now by: an upload is in progress"), text.out());
            assertTrue(text.out().contains("  the guard is not running: start it with `supervisorctl start"
                    + " visomaster-guard`"), text.out());
            assertTrue(text.out().contains("  cost: $0.500/hour"), text.out());
            assertEquals(1, vast.requests().size(), "the second status used the kept price");
            assertFalse(json.out().contains(KEY) || text.out().contains(KEY));

            // the window's setting (launcher.json) passes the configuration's own check and sets the minutes
            GuardConfigFile.save(new org.visomaster.launcher.infra.workspace.Workspace(ws), 45.0, null);
            var set = InProcessLauncher.run(env, "--workspace", ws.toString(), "status");
            assertEquals(0, set.code(), set.err());
            assertTrue(set.out().contains("  The box stops itself after 45 minutes of idleness (instance 4242, set in "
                    + ws.resolve("launcher.json") + ")."), set.out());
        }
    }
}
