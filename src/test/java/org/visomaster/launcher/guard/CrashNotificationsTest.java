package org.visomaster.launcher.guard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.Diagnosis;
import org.visomaster.launcher.infra.process.SupervisorEvent;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.Workspace;

/** A VisoMaster crash reaches the user's webhook with the triage's sentence; the window still gets the event. */
class CrashNotificationsTest {
    @TempDir
    Path dir;

    @Test
    void aCrashIsNotifiedWithItsTriageSentence() throws Exception {
        try (RecordingServer hook = new RecordingServer("webhook")) {
            Workspace ws = new Workspace(dir.resolve("ws"));
            List<SupervisorEvent> seen = new ArrayList<>();
            var listener = CrashNotifications.around(ws, Map.of("VISO_NOTIFY_URL", hook.url() + "/api/webhooks/9/t"),
                    seen::add);
            String fix = "VisoMaster needs libxcb-cursor0, which this system lacks; install it and launch again.";
            listener.accept(new SupervisorEvent.Crashed(1, List.of("qt.qpa.plugin: Could not load xcb"),
                    Optional.of(new Diagnosis("Qt xcb", fix, false))));
            listener.accept(new SupervisorEvent.Crashed(139, List.of("Segmentation fault"), Optional.empty()));
            assertEquals(2, seen.size());
            await().until(() -> hook.requests().size() == 2);
            List<String> contents = new ArrayList<>();
            for (var r : hook.requests()) {
                JsonNode b = Json.MAPPER.readTree(r.body());
                contents.add(b.get("content").asText());
            }
            contents.sort(null);
            assertEquals(List.of("**VisoMaster crashed**\n" + fix, "**VisoMaster crashed**\nVisoMaster stopped with"
                    + " exit code 139 for a reason the launcher does not recognise; read its last lines in the"
                    + " launcher's console."), contents);
        }
    }
}
