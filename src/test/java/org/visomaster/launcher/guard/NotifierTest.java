package org.visomaster.launcher.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.util.Json;

/** Each kind of notification URL gets its own body, sent for real to a receiver on loopback; a dead one never blocks. */
class NotifierTest {
    private final RecordingServer receiver;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(Notifier.class);

    NotifierTest() throws Exception {
        receiver = new RecordingServer("webhook");
    }

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
        logger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(logged);
        receiver.close();
    }

    private RecordingServer.Recorded sendTo(String url, OkHttpClient client, Notification n) throws Exception {
        try (Notifier notifier = new Notifier(NotifyTarget.of(url), client)) {
            assertTrue(notifier.send(n).get(15, TimeUnit.SECONDS), "delivered");
        }
        assertEquals(1, receiver.requests().size());
        return receiver.requests().get(0);
    }

    @Test
    void aGenericUrlGetsEventMessageAndWorkspaceAsJson() throws Exception {
        var r = sendTo(receiver.url() + "/hooks/viso", Notifier.defaultClient(),
                Notification.setupFailed("The GPU driver is too old for CUDA 13 wheels; pick a newer host.",
                        "/workspace"));
        assertEquals("POST", r.method());
        assertEquals("/hooks/viso", r.path());
        assertTrue(r.header("Content-Type").startsWith("application/json"));
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertEquals("setup-failed", body.get("event").asText());
        assertEquals("The GPU driver is too old for CUDA 13 wheels; pick a newer host.", body.get("message").asText());
        assertEquals("/workspace", body.get("workspace").asText());
        assertEquals("VisoMaster: setup failed", body.get("title").asText());
    }

    @Test
    void aDiscordWebhookGetsContent() throws Exception {
        var r = sendTo(receiver.url() + "/api/webhooks/123456/tok-en_XYZ", Notifier.defaultClient(),
                Notification.crashed("CUDA ran out of memory; lower the batch size or pick a bigger GPU.", "/ws"));
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertEquals(List.of("content"), iterable(body));
        assertEquals("**VisoMaster crashed**\nCUDA ran out of memory; lower the batch size or pick a bigger GPU.",
                body.get("content").asText());
    }

    @Test
    void aTelegramBotUrlGetsChatIdAndText() throws Exception {
        var r = sendTo(receiver.url() + "/bot123:ABC/sendMessage?chat_id=-100777", Notifier.defaultClient(),
                Notification.idleStopSoon("5 minutes", "/ws"));
        assertEquals("/bot123:ABC/sendMessage?chat_id=-100777", r.path());
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertEquals("-100777", body.get("chat_id").asText());
        assertTrue(body.get("text").asText().startsWith("VisoMaster box: idle stop in 5 minutes\nNothing has used"),
                body.get("text").asText());
    }

    @Test
    void anNtfyTopicGetsPlainTextAndATitleHeader() throws Exception {
        // ntfy is told by its host name; the test's client resolves ntfy.test to the loopback receiver
        OkHttpClient client = Notifier.defaultClient().newBuilder()
                .dns(host -> List.of(InetAddress.getLoopbackAddress())).build();
        var r = sendTo("http://ntfy.test:" + receiver.port() + "/viso-box-7", client,
                Notification.boxStopped("Nothing used the box for 60 minutes, so the launcher stopped it.", "/ws"));
        assertEquals("/viso-box-7", r.path());
        assertEquals("VisoMaster box stopped", r.header("Title"));
        assertEquals("stop_sign", r.header("Tags"));
        assertTrue(r.header("Content-Type").startsWith("text/plain"));
        assertTrue(r.body().startsWith("Nothing used the box for 60 minutes, so the launcher stopped it. A stopped box"
                + " keeps its disk (and its storage charge)"), r.body());
    }

    @Test
    void aDeadWebhookIsLoggedOnceAndNeverBlocks() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        try (Notifier notifier = new Notifier(NotifyTarget.of("http://127.0.0.1:" + dead + "/api/webhooks/1/x"),
                Notifier.defaultClient())) {
            long before = System.nanoTime();
            var first = notifier.send(Notification.setupFinished("/ws"));
            var second = notifier.send(Notification.setupFinished("/ws"));
            assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(1), "send() returns at once");
            assertFalse(first.get(15, TimeUnit.SECONDS));
            assertFalse(second.get(15, TimeUnit.SECONDS));
        }
        List<ILoggingEvent> warnings = logged.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertEquals(1, warnings.size(), () -> logged.list.toString());
        String w = warnings.get(0).getFormattedMessage();
        assertTrue(w.contains("could not be sent to the Discord webhook"), w);
        assertFalse(w.contains("/api/webhooks/1/x"), "the webhook's token stays out of the log: " + w);
    }

    @Test
    void anHttpErrorIsAFailureToo() throws Exception {
        receiver.answer("POST", 500, "{\"error\":\"down\"}");
        try (Notifier notifier = new Notifier(NotifyTarget.of(receiver.url() + "/x"), Notifier.defaultClient())) {
            assertFalse(notifier.send(Notification.setupFinished("/ws")).get(15, TimeUnit.SECONDS));
        }
        assertTrue(logged.list.stream().anyMatch(e -> e.getFormattedMessage().contains("HTTP 500")));
    }

    @Test
    void targetsAreToldFromTheirUrls() {
        assertEquals(NotifyTarget.Kind.NTFY, NotifyTarget.of("https://ntfy.sh/my-topic").kind());
        assertEquals(NotifyTarget.Kind.DISCORD, NotifyTarget.of("https://discord.com/api/webhooks/1/abc").kind());
        assertEquals(NotifyTarget.Kind.TELEGRAM,
                NotifyTarget.of("https://api.telegram.org/bot1:AA/sendMessage?chat_id=5").kind());
        assertEquals(NotifyTarget.Kind.GENERIC,
                NotifyTarget.of("https://api.telegram.org/bot1:AA/sendMessage").kind(), "no chat_id");
        assertEquals(NotifyTarget.Kind.GENERIC, NotifyTarget.of("https://example.org/hook").kind());
        assertEquals("Discord webhook", NotifyTarget.of("https://discord.com/api/webhooks/1/abc").describe());
    }

    private static List<String> iterable(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
