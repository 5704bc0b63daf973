package org.visomaster.launcher.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.util.AtomicFiles;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.util.SecretPolicy;
import org.visomaster.launcher.infra.util.MoveAside;

/**
 * {@code .launcher/state.json}: one JSON object with a section per owner ("steps", "source", "python",
 * "requirements", "models", ...). Each owner reads and writes its own typed section; every write replaces the file
 * atomically, so a kill at any moment leaves either the old or the new state. A corrupt file is moved aside (never
 * deleted) and the state starts empty.
 *
 * <p>Concurrent writers: steps running at the same time write their sections from their own threads, and another
 * launcher process (a {@code models --verify} beside the window) may write too. A write therefore happens under a
 * lock shared by every store of this file in this JVM and an OS lock on {@code state.json.lock} for other
 * processes, and re-reads the file first: it replaces only its own section and keeps what others wrote.
 */
public final class StateStore {
    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    public static final ObjectMapper JSON = Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ConcurrentHashMap<Path, Object> FILE_MONITORS = new ConcurrentHashMap<>();

    private final Path file;
    private final Object monitor;
    private ObjectNode root;

    public StateStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.monitor = FILE_MONITORS.computeIfAbsent(this.file, f -> new Object());
        synchronized (monitor) {
            this.root = readOrEmpty(this.file, true);
        }
    }

    /** The file's content; an unreadable file is moved aside when {@code moveCorrupt}, else null is returned. */
    private static ObjectNode readOrEmpty(Path file, boolean moveCorrupt) {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            // fall through: keep the broken file for inspection
            LOG.warn("{} cannot be read", file, e);
        }
        if (!moveCorrupt) {
            return null;
        }
        moveAside(file, "every step is checked again");
        return JSON.createObjectNode();
    }

    private static void moveAside(Path file, String consequence) {
        try {
            Path aside = MoveAside.move(file, "corrupt");
            LOG.warn("{} was not a JSON object: kept as {}; {}", file, aside, consequence);
        } catch (IOException e) {
            LOG.warn("{} is broken and cannot be moved aside; the next save replaces it", file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** The section {@code key} as {@code type}, or null when absent or unreadable. */
    public <T> T get(String key, Class<T> type) {
        JsonNode n;
        synchronized (monitor) {
            n = root.get(key);
            if (n == null || n.isNull()) {
                return null;
            }
            n = n.deepCopy();
        }
        try {
            return JSON.treeToValue(n, type);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("the section {} of {} is unreadable: treated as absent", key, file, e);
            return null;
        }
    }

    /** Replaces section {@code key} (null removes it) and saves atomically, keeping the other sections as on disk. */
    public void put(String key, Object value) {
        JsonNode node = value == null ? null : JSON.valueToTree(value);
        write(key, old -> node);
    }

    /**
     * Reads section {@code key} as {@code type} (null when absent), applies {@code change} and saves the result, all
     * under the write lock: two threads updating the same section do not lose each other's change.
     */
    public <T> T update(String key, Class<T> type, UnaryOperator<T> change) {
        Object[] result = new Object[1];
        write(key, old -> {
            T current = null;
            if (old != null && !old.isNull()) {
                try {
                    current = JSON.treeToValue(old, type);
                } catch (IOException | IllegalArgumentException e) {
                    LOG.warn("the section {} of {} is unreadable: replaced", key, file, e);
                    current = null;
                }
            }
            T next = change.apply(current);
            result[0] = next;
            return next == null ? null : JSON.valueToTree(next);
        });
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    private void write(String key, UnaryOperator<JsonNode> change) {
        synchronized (monitor) {
            try {
                Files.createDirectories(file.getParent());
                try (FileChannel ch = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock lock = ch.lock()) {
                    ObjectNode onDisk = readOrEmpty(file, false);
                    if (onDisk != null) {
                        root = onDisk;
                    } else if (Files.exists(file)) {
                        moveAside(file, "what this process knows is saved in its place");
                    }
                    JsonNode next = change.apply(root.get(key));
                    if (next == null) {
                        root.remove(key);
                    } else {
                        root.set(key, next);
                    }
                    // secrets (a repo URL's password) never reach the disk; what this process holds keeps them
                    AtomicFiles.write(file, SecretPolicy.mask(JSON.writeValueAsString(root))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    public JsonNode snapshot() {
        synchronized (monitor) {
            return root.deepCopy();
        }
    }

    /** Re-reads the file (another process may have written it). */
    public void reload() {
        synchronized (monitor) {
            ObjectNode n = readOrEmpty(file, true);
            root = n == null ? JSON.createObjectNode() : n;
        }
    }
}
