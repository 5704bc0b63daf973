package org.visomaster.launcher.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.visomaster.launcher.infra.util.AtomicFiles;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * The window's guard setting, saved into {@code launcher.json} ("idleStopMinutes", "notifyUrl") next to whatever
 * else the user keeps there; the running guard notices the change. A launcher.json that is not valid JSON is left
 * untouched and the save refused, so nothing the user wrote is lost.
 */
public final class GuardConfigFile {
    private GuardConfigFile() {
    }

    /**
     * @param minutes   idle minutes before the stop (0 = off), or null to drop the key (the default applies)
     * @param notifyUrl where notifications go, or null/blank to send none
     * @throws IllegalArgumentException with the sentence to show when a value is not acceptable
     */
    public static void save(Workspace ws, Double minutes, String notifyUrl) throws IOException {
        if (minutes != null && (minutes.isNaN() || minutes.isInfinite() || minutes < 0)) {
            throw new IllegalArgumentException("The idle minutes must be 0 (off) or a positive number such as 60 or"
                    + " 0.5.");
        }
        String url = notifyUrl == null || notifyUrl.isBlank() ? null : notifyUrl.strip();
        if (url != null) {
            String lower = url.toLowerCase(Locale.ROOT);
            if (!(lower.startsWith("http://") || lower.startsWith("https://"))) {
                throw new IllegalArgumentException("The notification address must be an http(s) URL, such as"
                        + " https://ntfy.sh/your-topic.");
            }
            NotifyTarget.of(url); // refuses a malformed URL with its reason
        }
        Path file = ws.configFile();
        ObjectNode json;
        if (Files.exists(file)) {
            JsonNode n;
            try {
                n = Json.MAPPER.readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " is not valid JSON, so the setting was not saved; fix or"
                        + " remove that file first.");
            }
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(file + " is not a JSON object, so the setting was not saved; fix"
                        + " or remove that file first.");
            }
            json = (ObjectNode) n;
        } else {
            json = Json.MAPPER.createObjectNode();
        }
        if (minutes == null) {
            json.remove(GuardSettings.IDLE_KEY);
        } else {
            json.put(GuardSettings.IDLE_KEY, minutes);
        }
        if (url == null) {
            json.remove(GuardSettings.NOTIFY_KEY);
        } else {
            json.put(GuardSettings.NOTIFY_KEY, url);
        }
        AtomicFiles.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }
}
