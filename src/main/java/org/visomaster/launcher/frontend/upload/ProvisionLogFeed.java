package org.visomaster.launcher.frontend.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.EventBus;
import org.visomaster.launcher.engine.EventSink;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.engine.ProvisionStatus;
import org.visomaster.launcher.engine.StatusTracker;
import org.visomaster.launcher.infra.util.Json;

/**
 * Provisioning as seen from another process: {@code serve} does not provision, but a {@code provision} run in the
 * same workspace writes every event to logs/provision.jsonl. This follows that file (from its end at start), turns
 * the lines back into events and folds them into a status that starts from state.json's recorded outcomes.
 * Progress ticks are not in the file, so this view moves step by step rather than byte by byte.
 */
final class ProvisionLogFeed implements ProvisionFeed, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionLogFeed.class);
    private static final Map<String, Class<? extends ProvisionEvent>> TYPES = new LinkedHashMap<>();

    static {
        for (Class<?> c : ProvisionEvent.class.getPermittedSubclasses()) {
            TYPES.put(c.getSimpleName(), c.asSubclass(ProvisionEvent.class));
        }
    }

    private final Path file;
    private final EventBus bus = new EventBus();
    private final StatusTracker tracker;
    private final ScheduledExecutorService poller;
    private long position;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    /** Follows the runs of another process in {@code service}'s workspace (its steps give the titles). */
    public ProvisionLogFeed(ProvisionService service) {
        this.file = service.workspace().provisionEvents();
        this.tracker = new StatusTracker(service.steps(), service.records());
        bus.subscribe(tracker);
        try {
            position = Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            LOG.debug("{} cannot be measured; following it from its start", file, e);
            position = 0;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "upload-log-follow");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, 500, 500, TimeUnit.MILLISECONDS);
    }

    @Override
    public ProvisionStatus status() {
        return tracker.snapshot();
    }

    @Override
    public AutoCloseable subscribe(EventSink sink) {
        return bus.subscribe(sink);
    }

    /** Reads what was appended since the last poll; package-visible so tests need not wait for the timer. */
    synchronized void poll() {
        try {
            if (!Files.exists(file)) {
                return;
            }
            try (FileChannel ch = FileChannel.open(file)) {
                long size = ch.size();
                if (size < position) {
                    position = 0; // the log was replaced: start over
                    partial.reset();
                }
                ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                while (position < size) {
                    buf.clear();
                    int n = ch.read(buf, position);
                    if (n <= 0) {
                        break;
                    }
                    position += n;
                    for (int i = 0; i < n; i++) {
                        byte b = buf.get(i);
                        if (b == '\n') {
                            emitLine(partial.toString(StandardCharsets.UTF_8));
                            partial.reset();
                        } else {
                            partial.write(b);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("following {} failed; the next poll tries again", file, e);
        }
    }

    private void emitLine(String line) {
        ProvisionEvent e = parse(line);
        if (e != null) {
            bus.emit(e);
        }
    }

    /** One provision.jsonl line back into its event; null for lines this launcher does not know. */
    static ProvisionEvent parse(String line) {
        try {
            JsonNode n = Json.MAPPER.readTree(line);
            if (!(n instanceof ObjectNode o) || !o.hasNonNull("type")) {
                return null;
            }
            Class<? extends ProvisionEvent> type = TYPES.get(o.get("type").asText());
            if (type == null) {
                return null;
            }
            o.remove("type");
            return Json.MAPPER.treeToValue(o, type);
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("a line of provision.jsonl is not an event: {}", line, e);
            return null;
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
