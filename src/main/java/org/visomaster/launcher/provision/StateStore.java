package org.visomaster.launcher.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.visomaster.launcher.util.AtomicFiles;
import org.visomaster.launcher.util.Json;

/**
 * {@code .launcher/state.json}: one JSON object with a section per owner ("steps", "source", "python",
 * "requirements", "models", ...). Each owner reads and writes its own typed section; every write replaces the
 * file atomically, so a kill at any moment leaves either the old or the new state. A corrupt file is moved aside
 * (never deleted) and the state starts empty.
 */
public final class StateStore {
    public static final ObjectMapper JSON = Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private ObjectNode root;

    public StateStore(Path file) {
        this.file = file;
        this.root = readOrEmpty(file);
    }

    private static ObjectNode readOrEmpty(Path file) {
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
        }
        try {
            Files.move(file, file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis()));
        } catch (IOException ignored) {
            // the next save replaces it atomically anyway
        }
        return JSON.createObjectNode();
    }

    public Path file() {
        return file;
    }

    /** The section {@code key} as {@code type}, or null when absent or unreadable. */
    public synchronized <T> T get(String key, Class<T> type) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        try {
            return JSON.treeToValue(n, type);
        } catch (IOException e) {
            return null;
        }
    }

    /** Replaces section {@code key} (null removes it) and saves atomically. */
    public synchronized void put(String key, Object value) {
        if (value == null) {
            root.remove(key);
        } else {
            root.set(key, JSON.valueToTree(value));
        }
        save();
    }

    public synchronized JsonNode snapshot() {
        return root.deepCopy();
    }

    /** Re-reads the file (another process may have written it). */
    public synchronized void reload() {
        root = readOrEmpty(file);
    }

    private void save() {
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
