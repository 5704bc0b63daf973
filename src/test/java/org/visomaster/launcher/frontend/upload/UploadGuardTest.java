package org.visomaster.launcher.frontend.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.util.Json;

/** The drop page's view of the idle guard: its countdown and cost, and the Keep running button. */
class UploadGuardTest {
    @TempDir
    Path tmp;
    UploadTestSupport t;

    @BeforeEach
    void start() throws Exception {
        t = new UploadTestSupport(tmp, (f, n) -> null, List.of(), s -> s);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private JsonNode call(Request.Builder b) throws Exception {
        try (Response r = t.http.newCall(b.header("Authorization", "Bearer " + UploadTestSupport.TOKEN).build())
                .execute()) {
            assertEquals(200, r.code());
            return Json.MAPPER.readTree(r.body().string());
        }
    }

    @Test
    void theCountdownAndCostComeFromTheGuardsReport() throws Exception {
        assertFalse(call(new Request.Builder().url(t.url("/api/guard"))).get("fresh").asBoolean(), "no guard yet");
        Instant now = Instant.now();
        Files.createDirectories(t.ws.stateDir());
        Files.writeString(t.ws.stateDir().resolve("guard.json"), "{\"updatedAt\":\"" + now + "\",\"staleAt\":\""
                + now.plusSeconds(60) + "\",\"awake\":[],\"countdown\":{\"stopAt\":\"" + now.plusSeconds(240)
                + "\"},\"cost\":{\"dollarsPerHour\":0.452,\"text\":\"$0.452/hour\"}}");
        JsonNode g = call(new Request.Builder().url(t.url("/api/guard")));
        assertTrue(g.get("fresh").asBoolean());
        long left = g.get("countdown").get("secondsLeft").asLong();
        assertTrue(left > 200 && left <= 240, g::toString);
        assertEquals("$0.452/hour", g.get("cost").get("text").asText());
    }

    @Test
    void keepRunningIsRecordedForTheGuard() throws Exception {
        call(new Request.Builder().url(t.url("/api/guard/keep")).post(RequestBody.create(new byte[0],
                MediaType.get("text/plain"))));
        Instant pressed = Instant.parse(Files.readString(t.ws.stateDir().resolve("keep-running")).trim());
        assertTrue(Math.abs(pressed.toEpochMilli() - System.currentTimeMillis()) < 60_000);
        try (Response r = t.http.newCall(new Request.Builder().url(t.url("/api/guard/keep"))
                .header("Authorization", "Bearer " + UploadTestSupport.TOKEN).build()).execute()) {
            assertEquals(405, r.code(), "GET is not a press");
        }
    }

    @Test
    void thePageHasTheCountdownKeepRunningAndNotifications() throws Exception {
        try (Response r = t.http.newCall(new Request.Builder().url(t.url("/"))
                .header("Authorization", "Bearer " + UploadTestSupport.TOKEN).build()).execute()) {
            String page = r.body().string();
            assertTrue(page.contains("id=\"keep-running\""));
            assertTrue(page.contains("fetch('api/guard/keep', { method: 'POST'"));
            assertTrue(page.contains("new Notification("));
        }
    }
}
