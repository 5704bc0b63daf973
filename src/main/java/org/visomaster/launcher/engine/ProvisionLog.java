package org.visomaster.launcher.engine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * Appends every event to logs/provision.jsonl (one JSON object per line) and the readable ones to
 * logs/provision.log. Writes are flushed per event so a killed run keeps its log up to the last line.
 */
public final class ProvisionLog implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionLog.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private final BufferedWriter text;
    private final BufferedWriter jsonl;
    private boolean writeFailed;

    public ProvisionLog(Workspace ws) throws IOException {
        Files.createDirectories(ws.logs());
        text = open(ws.provisionLog());
        jsonl = open(ws.provisionEvents());
    }

    private static BufferedWriter open(Path p) throws IOException {
        return Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    @Override
    public synchronized void emit(ProvisionEvent e) {
        try {
            if (!(e instanceof ProvisionEvent.StepProgress) && !(e instanceof ProvisionEvent.ModelProgress m
                    && m.state() == ProvisionEvent.ModelState.DOWNLOADING)) {
                jsonl.write(EventJson.toLine(e));
                jsonl.newLine();
                jsonl.flush();
            }
            String line = EventText.describe(e);
            if (line != null) {
                text.write(TIME.format(e.time()) + " " + line);
                text.newLine();
                text.flush();
            }
        } catch (IOException ex) {
            // a full disk must not stop provisioning; the step that needs space reports it. Said once.
            if (!writeFailed) {
                writeFailed = true;
                LOG.warn("logs/provision.log and provision.jsonl cannot be written; provisioning goes on without"
                        + " them", ex);
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        text.close();
        jsonl.close();
    }
}
