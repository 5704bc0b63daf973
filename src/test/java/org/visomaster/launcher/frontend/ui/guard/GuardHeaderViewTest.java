package org.visomaster.launcher.frontend.ui.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.visomaster.launcher.frontend.ui.Recorders;
import org.visomaster.launcher.frontend.ui.WindowHarness;
import org.visomaster.launcher.frontend.ui.services.FxBackgroundExecutor;
import org.visomaster.launcher.guard.GuardConfigFile;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.Workspace;

/** The window header's cost, countdown and Keep running, on the headless Monocle toolkit with a stand-in Vast API. */
class GuardHeaderViewTest {
    @TempDir
    Path dir;
    private HttpServer vast;
    private final AtomicInteger gets = new AtomicInteger();

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void standIn() throws Exception {
        vast = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        vast.createContext("/api/v0/instances/4242/", ex -> {
            gets.incrementAndGet();
            byte[] b = ("{\"instances\":{\"dph_total\":0.452,\"start_date\":" + (Instant.now().getEpochSecond() - 7 * 3600)
                    + "}}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        vast.start();
    }

    @AfterEach
    void stop() {
        vast.stop(0);
    }

    @Test
    void costCountdownKeepRunningAndTheSetting() throws Exception {
        Workspace ws = new Workspace(dir.resolve("workspace"));
        ws.ensureLayout();
        Instant now = Instant.now();
        Files.writeString(ws.stateDir().resolve("guard.json"), "{\"staleAt\":\"" + now.plusSeconds(600)
                + "\",\"awake\":[],\"countdown\":{\"stopAt\":\"" + now.plusSeconds(250) + "\"}}");
        HostEnvironment host = new HostEnvironment(Map.of("CONTAINER_ID", "4242", "CONTAINER_API_KEY",
                "key-abcdef0123456789", "VAST_API_URL", "http://127.0.0.1:" + vast.getAddress().getPort()));
        Recorders.Notes notes = new Recorders.Notes();
        GuardHeaderView view = WindowHarness.fx(() -> {
            GuardHeaderView v = new GuardHeaderView(ws, host, new FxBackgroundExecutor(), notes);
            Stage s = new Stage();
            s.setScene(new Scene(v, 900, 60));
            s.show();
            return v;
        });
        try {
            WindowHarness.await("the cost", 20, () -> label(view, "#header-cost").isVisible());
            assertEquals("$0.452/hour, $3.16 since it started", label(view, "#header-cost").getText());
            Label countdown = label(view, "#guard-countdown");
            assertTrue(countdown.isVisible());
            assertTrue(countdown.getText().matches("Idle: this box stops in 4:[0-5]\\d"), countdown.getText());
            assertEquals("Idle stop: 60 min", ((Hyperlink) view.lookup("#idle-stop-setting")).getText());
            assertEquals(1, notes.infos.size(), "the countdown is announced once: " + notes.infos);
            assertTrue(notes.infos.get(0).contains("it stops itself in 4 min"), notes.infos::toString);

            WindowHarness.fxRun(() -> ((Button) view.lookup("#keep-running")).fire());
            WindowHarness.await("Keep running recorded", 20,
                    () -> countdown.getText().equals("Keep running: the idle time starts again."));
            assertTrue(Files.exists(ws.stateDir().resolve("keep-running")));
            assertFalse(view.lookup("#keep-running").isVisible());

            // the setting writes launcher.json, keeping what else is there; the header follows
            Files.writeString(ws.configFile(), "{\"profile\": \"fusion\"}");
            GuardConfigFile.save(ws, 0.5, "https://ntfy.sh/viso-box");
            JsonNode saved = Json.MAPPER.readTree(ws.configFile().toFile());
            assertEquals("fusion", saved.get("profile").asText());
            assertEquals(0.5, saved.get("idleStopMinutes").asDouble());
            assertEquals("https://ntfy.sh/viso-box", saved.get("notifyUrl").asText());
            WindowHarness.fxRun(view::refresh);
            WindowHarness.await("the new setting", 20,
                    () -> ((Hyperlink) view.lookup("#idle-stop-setting")).getText().equals("Idle stop: 0.5 min"));
            assertEquals(1, gets.get(), "the price is asked once in 30 minutes");
        } finally {
            WindowHarness.fxRun(view::stop);
        }
    }

    @Test
    void offVastTheCostIsHidden() throws Exception {
        Workspace ws = new Workspace(dir.resolve("workspace"));
        GuardHeaderView view = WindowHarness.fx(() -> new GuardHeaderView(ws, new HostEnvironment(Map.of()),
                new FxBackgroundExecutor(), new Recorders.Notes()));
        try {
            WindowHarness.await("the setting link", 20,
                    () -> ((Hyperlink) view.lookup("#idle-stop-setting")).getText().equals("Idle stop: off"));
            assertFalse(label(view, "#header-cost").isVisible());
            assertFalse(label(view, "#guard-countdown").isVisible());
        } finally {
            WindowHarness.fxRun(view::stop);
        }
    }

    private static Label label(GuardHeaderView v, String id) {
        return (Label) v.lookup(id);
    }
}
