package org.visomaster.launcher.guard;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.visomaster.launcher.infra.logging.SecretMask;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.ConfigException;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * The guard's settings: environment variables first, then {@code launcher.json} (which the window's setting writes),
 * then the defaults. The instance's id and API key come from the environment or, when a shell started the guard, from
 * PID 1's environment. The key is kept out of {@link #toString()} and registered with the log's mask.
 *
 * @param idleStopMinutes minutes of idleness before the box is stopped; 0 means never
 * @param idleSource      where that number came from (a variable, launcher.json or "default")
 * @param notifyUrl       where notifications go, or null
 * @param vastApiUrl      the API's base, https://console.vast.ai unless replaced
 * @param containerId     this instance's id on Vast, or null off Vast
 */
public record GuardSettings(double idleStopMinutes, String idleSource, String notifyUrl, URI vastApiUrl,
                            String containerId, String apiKey) {
    public static final String IDLE_VARIABLE = "VISO_IDLE_STOP_MINUTES";
    public static final String NOTIFY_VARIABLE = "VISO_NOTIFY_URL";
    public static final String API_VARIABLE = "VAST_API_URL";
    public static final String IDLE_KEY = "idleStopMinutes";
    public static final String NOTIFY_KEY = "notifyUrl";
    public static final String API_KEY = "vastApiUrl";
    public static final double DEFAULT_MINUTES_ON_VAST = 60;
    static final String DEFAULT_API = "https://console.vast.ai";

    public static GuardSettings load(Workspace ws, Map<String, String> env) throws ConfigException {
        return load(ws, env, Pid1Environment.DEFAULT);
    }

    static GuardSettings load(Workspace ws, Map<String, String> env, Path pid1Environ) throws ConfigException {
        Path file = ws.configFile();
        JsonNode json = readConfig(file);
        Map<String, String> pid1 = Pid1Environment.read(pid1Environ);
        String id = firstNonBlank(env.get("CONTAINER_ID"), pid1.get("CONTAINER_ID"));
        String key = firstNonBlank(env.get("CONTAINER_API_KEY"), pid1.get("CONTAINER_API_KEY"));
        SecretMask.addSecret(key);
        boolean onVast = id != null && key != null;

        double minutes;
        String source;
        String fromEnv = blankToNull(env.get(IDLE_VARIABLE));
        if (fromEnv != null) {
            minutes = minutes(fromEnv, "environment variable " + IDLE_VARIABLE);
            source = IDLE_VARIABLE;
        } else if (json.hasNonNull(IDLE_KEY)) {
            JsonNode n = json.get(IDLE_KEY);
            minutes = minutes(n.isNumber() ? n.asText() : "\"" + n.asText() + "\"", file.toString());
            source = file.toString();
        } else {
            minutes = onVast ? DEFAULT_MINUTES_ON_VAST : 0;
            source = "default";
        }
        String notify = firstNonBlank(env.get(NOTIFY_VARIABLE), text(json, NOTIFY_KEY));
        if (notify != null) {
            checkHttp(notify, env.get(NOTIFY_VARIABLE) != null ? "environment variable " + NOTIFY_VARIABLE
                    : file.toString(), NOTIFY_KEY);
            SecretMask.addSecret(NotifyTarget.secretPart(notify));
        }
        String api = firstNonBlank(env.get(API_VARIABLE), text(json, API_KEY), DEFAULT_API);
        URI apiUri = checkHttp(api, env.get(API_VARIABLE) != null ? "environment variable " + API_VARIABLE
                : file.toString(), API_KEY);
        return new GuardSettings(minutes, source, notify, apiUri, id, key);
    }

    /** Both the id and the key are known: this box can stop itself and read its price. */
    public boolean onVast() {
        return containerId != null && apiKey != null;
    }

    /** The guard will stop this box after {@link #idleStopMinutes()} idle minutes. */
    public boolean stopsWhenIdle() {
        return onVast() && idleStopMinutes > 0;
    }

    /** One sentence on what the guard does with these settings. */
    public String describe() {
        if (idleStopMinutes <= 0) {
            return "The idle stop is off (" + (idleSource.equals("default") ? "the default off Vast"
                    : idleSource.equals(IDLE_VARIABLE) ? IDLE_VARIABLE + "=0" : "0 minutes in " + idleSource) + ").";
        }
        if (!onVast()) {
            return "This box is not a Vast instance (no CONTAINER_ID and CONTAINER_API_KEY in the environment or"
                    + " PID 1's), so the guard cannot stop it; stop it from your provider's console when you are"
                    + " done.";
        }
        String from = idleSource.equals("default") ? "the default on Vast; " + IDLE_VARIABLE + "=0 turns it off"
                : idleSource.equals(IDLE_VARIABLE) ? "set by " + IDLE_VARIABLE : "set in " + idleSource;
        return "The box stops itself after " + Durations.minutes(idleStopMinutes) + " of idleness (instance "
                + containerId + ", " + from + ").";
    }

    @Override
    public String toString() {
        return "GuardSettings[idleStopMinutes=" + idleStopMinutes + ", idleSource=" + idleSource + ", notify="
                + (notifyUrl == null ? "none" : NotifyTarget.of(notifyUrl).describe()) + ", vastApiUrl="
                + vastApiUrl + ", containerId=" + containerId + ", apiKey=" + (apiKey == null ? "none" : "set")
                + "]";
    }

    private static JsonNode readConfig(Path file) throws ConfigException {
        if (!Files.exists(file)) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(file.toFile());
            if (n == null || !n.isObject()) {
                throw new ConfigException(file.toString(), null, "must be a JSON object", "{\"key\": value, ...}");
            }
            return n;
        } catch (IOException e) {
            throw new ConfigException(file.toString(), null, "cannot be read as JSON: " + e.getMessage(), null);
        }
    }

    private static double minutes(String text, String source) throws ConfigException {
        double m;
        try {
            m = Double.parseDouble(text.trim().replace(',', '.'));
        } catch (NumberFormatException e) {
            m = Double.NaN;
        }
        if (Double.isNaN(m) || Double.isInfinite(m) || m < 0) {
            throw new ConfigException(source, IDLE_KEY, text + " is not a number of minutes",
                    "0 (off) or a positive number such as 60 or 0.5");
        }
        return m;
    }

    private static URI checkHttp(String url, String source, String key) throws ConfigException {
        try {
            URI u = URI.create(url.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // reported below, as for any other scheme
        }
        throw new ConfigException(source, key, "is not an http(s) URL", "http://… or https://…");
    }

    private static String text(JsonNode json, String key) {
        JsonNode n = json.get(key);
        return n == null || n.isNull() ? null : blankToNull(n.asText());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }
}
