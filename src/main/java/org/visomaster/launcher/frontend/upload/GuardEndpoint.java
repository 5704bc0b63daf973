package org.visomaster.launcher.frontend.upload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.guard.GuardStatusFile;
import org.visomaster.launcher.guard.KeepRunning;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * The idle guard on the drop page: {@code GET /api/guard} is the guard's last report (a countdown, the cost, what
 * keeps the box awake), {@code POST /api/guard/keep} is the page's Keep running button.
 */
final class GuardEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(GuardEndpoint.class);

    private GuardEndpoint() {
    }

    static ObjectNode status(Workspace ws) {
        return GuardStatusFile.read(ws, Clock.systemUTC().instant()).orElseGet(() -> Json.MAPPER.createObjectNode()
                .put("fresh", false));
    }

    static void keepRunning(Exchange ex, Workspace ws) throws IOException {
        ex.requestBody().readNBytes(4096); // the button sends nothing; a client that sends more is not read further
        try {
            KeepRunning.press(ws, Clock.systemUTC());
        } catch (IOException e) {
            LOG.warn("Keep running could not be recorded in {}", ws.stateDir(), e);
            HttpReplies.error(ex, 500, "Keep running could not be recorded (" + e.getMessage() + "); use the box"
                    + " (open the desktop or a terminal) to keep it awake.");
            return;
        }
        LOG.info("Keep running pressed on the upload page");
        HttpReplies.json(ex, 200, status(ws));
    }
}
