package org.visomaster.launcher.infra.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link LauncherConfig}: bundled profile ← {@code <workspace>/launcher.json} ← environment variables.
 * The profile is chosen by --profile, else VISO_PROFILE, else launcher.json's "profile", else the profile the
 * workspace was installed with (state.json; a workspace installed before "fusion" became the default is "upstream"),
 * else "fusion". Nothing switches under an installed workspace.
 */
public final class ConfigLoader {
    public static final List<String> PROFILES = List.of("upstream", "fusion");
    public static final String DEFAULT_PROFILE = "fusion";
    /** The default before fusion: what a workspace installed without a recorded profile was installed with. */
    static final String FORMER_DEFAULT = "upstream";
    static final List<String> ENV_MANAGERS = List.of("auto", "uv", "conda", "venv");
    static final Set<String> KEYS = new LinkedHashSet<>(List.of(
            "profile", "description", "repoUrl", "ref", "pythonVersion", "requirementsFile", "extraIndexUrls",
            "indexStrategy", "overrides", "modelsManifest", "modelsUrlPrefix", "modelsBaseUrl", "envManager",
            "parallelDownloads", "autoProvision", "uploadPort", "uploadMaxBytes", "variants", "defaultVariant",
            "wheelVariant", "idleStopMinutes", "notifyUrl", "vastApiUrl")); // the last three: the idle guard

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENV_SOURCE = "environment";

    private ConfigLoader() {
    }

    public static LauncherConfig load(Workspace ws, String cliProfile) throws ConfigException {
        return load(ws, cliProfile, System.getenv());
    }

    public static LauncherConfig load(Workspace ws, String cliProfile, Map<String, String> env)
            throws ConfigException {
        Path file = ws.configFile();
        ObjectNode user = Files.exists(file) ? readUserFile(file) : JSON.createObjectNode();
        String profile = firstNonBlank(cliProfile, env.get("VISO_PROFILE"), text(user, "profile"),
                installedProfile(ws), DEFAULT_PROFILE);
        if (!PROFILES.contains(profile)) {
            String source = cliProfile != null ? "--profile" : env.get("VISO_PROFILE") != null ? "VISO_PROFILE"
                    : file.toString();
            throw new ConfigException(source, "profile", "unknown profile \"" + profile + "\"",
                    String.join(", ", PROFILES));
        }
        ObjectNode merged = bundledProfile(profile);
        merged.setAll(user);
        merged.put("profile", profile);
        applyEnv(merged, env);
        return validate(merged, file.toString());
    }

    /**
     * Where the profile comes from, for status and the dry run: "--profile", "VISO_PROFILE", "launcher.json", "kept
     * from this workspace's installation", or "the default".
     */
    public static String profileSource(Workspace ws, String cliProfile, Map<String, String> env) {
        if (cliProfile != null && !cliProfile.isBlank()) {
            return "--profile";
        }
        if (env.get("VISO_PROFILE") != null && !env.get("VISO_PROFILE").isBlank()) {
            return "VISO_PROFILE";
        }
        try {
            if (Files.exists(ws.configFile()) && text(readUserFile(ws.configFile()), "profile") != null) {
                return ws.configFile().toString();
            }
        } catch (ConfigException e) {
            return ws.configFile().toString();
        }
        return installedProfile(ws) != null ? "kept from this workspace's installation (state.json)"
                : "the default";
    }

    /**
     * The profile recorded in state.json's "source" section by the launcher that installed the workspace; a source
     * section without one was written before the default became fusion, so it is upstream. Null: nothing installed.
     */
    static String installedProfile(Workspace ws) {
        Path state = ws.stateFile();
        if (!Files.isRegularFile(state)) {
            return null;
        }
        try {
            JsonNode source = JSON.readTree(state.toFile()).path("source");
            if (!source.isObject()) {
                return null;
            }
            String recorded = text(source, "profile");
            if (recorded != null && PROFILES.contains(recorded)) {
                return recorded;
            }
            String remote = text(source, "remote");
            for (String p : PROFILES) {
                if (remote != null && remote.equalsIgnoreCase(text(bundledProfile(p), "repoUrl"))) {
                    return p;
                }
            }
            return FORMER_DEFAULT;
        } catch (IOException | ConfigException e) {
            return null;
        }
    }

    public static ObjectNode bundledProfile(String name) throws ConfigException {
        String resource = "/profiles/" + name + ".json";
        try (InputStream in = ConfigLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigException(resource, null, "the bundled profile is missing from the launcher", null);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new ConfigException(resource, null, "the bundled profile cannot be read: " + e.getMessage(), null);
        }
    }

    private static ObjectNode readUserFile(Path file) throws ConfigException {
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ConfigException(file.toString(), null, "not valid JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + ": " + e.getOriginalMessage(), "a JSON object such as {\"profile\": \"fusion\"}");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), null, "cannot be read: " + e.getMessage(), null);
        }
        if (node == null || !node.isObject()) {
            throw new ConfigException(file.toString(), null, "must be a JSON object", "{\"key\": value, ...}");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw new ConfigException(file.toString(), key, "unknown key", String.join(", ", KEYS));
            }
        }
        return (ObjectNode) node;
    }

    private static void applyEnv(ObjectNode merged, Map<String, String> env) {
        putIfSet(merged, "repoUrl", env.get("VISO_REPO_URL"));
        putIfSet(merged, "ref", env.get("VISO_REF"));
        putIfSet(merged, "modelsBaseUrl", env.get("VISO_MODELS_BASE_URL"));
        String variant = env.get(VariantsConfig.VARIABLE);
        if (variant != null && !variant.isBlank()) {
            merged.put("wheelVariant", variant.trim());
            merged.put("wheelVariant$source", VariantsConfig.VARIABLE);
        }
        String parallel = env.get("VISO_PARALLEL_DOWNLOADS");
        if (parallel != null && !parallel.isBlank()) {
            // kept as text so that validation can name the variable when it is not a number
            merged.put("parallelDownloads", parallel.trim());
            merged.put("parallelDownloads$source", "VISO_PARALLEL_DOWNLOADS");
        }
        // launcher-service.sh exports the internal port of the portal's "Upload" entry; `serve --port` still wins
        String uploadPort = env.get("VISO_UPLOAD_PORT");
        if (uploadPort != null && !uploadPort.isBlank()) {
            merged.put("uploadPort", uploadPort.trim());
            merged.put("uploadPort$source", "VISO_UPLOAD_PORT");
        }
    }

    private static LauncherConfig validate(ObjectNode n, String file) throws ConfigException {
        String repoUrl = requiredText(n, "repoUrl", file, "a git URL (https://…, file://…, or a path)");
        String ref = requiredText(n, "ref", file, "a branch, tag or commit");
        String python = requiredText(n, "pythonVersion", file, "a version such as 3.10 or 3.11, or auto");
        if (!python.matches("3\\.\\d{1,2}") && !"auto".equals(python)) {
            throw new ConfigException(file, "pythonVersion", "\"" + python + "\" is not a Python version",
                    "3.N, e.g. 3.10, or auto (the checkout's)");
        }
        String requirements = requiredText(n, "requirementsFile", file, "a path relative to the source root");
        String manifest = requiredText(n, "modelsManifest", file, "a path relative to the source root");
        String envManager = optionalText(n, "envManager", "auto");
        if (!ENV_MANAGERS.contains(envManager)) {
            throw new ConfigException(file, "envManager", "\"" + envManager + "\" is not a known manager",
                    String.join(", ", ENV_MANAGERS));
        }
        String baseUrl = optionalText(n, "modelsBaseUrl", null);
        if (baseUrl != null) {
            checkHttpUrl(baseUrl, "modelsBaseUrl", n.has("modelsBaseUrl$source") ? null : file);
        }
        List<String> indexes = strings(n.get("extraIndexUrls"), file, "extraIndexUrls", "[\"https://…\", …]");
        List<PinOverride> overrides = overrides(n.get("overrides"), file, "overrides");
        String parallelSource = n.has("parallelDownloads$source") ? "environment variable VISO_PARALLEL_DOWNLOADS"
                : file;
        int parallel = intIn(n, "parallelDownloads", 4, 1, 32, parallelSource);
        int port = intIn(n, "uploadPort", 17860, 1, 65535,
                n.has("uploadPort$source") ? "environment variable VISO_UPLOAD_PORT" : file);
        long maxBytes = n.has("uploadMaxBytes") ? longAtLeast(n, "uploadMaxBytes", 1, file) : 64L << 30;
        JsonNode auto = n.get("autoProvision");
        if (auto != null && !auto.isBoolean()) {
            throw new ConfigException(file, "autoProvision", "must be true or false", "true, false");
        }
        VariantsConfig variants = VariantsConfig.parse(n, file);
        return new LauncherConfig(n.get("profile").asText(), optionalText(n, "description", ""), repoUrl, ref,
                python, requirements, indexes, optionalText(n, "indexStrategy", null), overrides, manifest,
                optionalText(n, "modelsUrlPrefix", null), baseUrl, envManager, parallel,
                auto == null || auto.asBoolean(), port, maxBytes, variants.variants(), variants.defaultVariant(),
                variants.forced(), variants.forcedBy());
    }

    /** A list of {"name", "requirement", "reason"} objects (null: none). */
    static List<PinOverride> overrides(JsonNode ov, String file, String key) throws ConfigException {
        List<PinOverride> overrides = new ArrayList<>();
        if (ov == null || ov.isNull()) {
            return overrides;
        }
        String shape = "{\"name\": \"pkg\", \"requirement\": \"pkg==1.2\", \"reason\": \"…\"}";
        if (!ov.isArray()) {
            throw new ConfigException(file, key, "must be a list", "[" + shape + "]");
        }
        for (JsonNode o : ov) {
            if (!o.hasNonNull("name") || !o.hasNonNull("requirement")) {
                throw new ConfigException(file, key, "each override needs \"name\" and \"requirement\"", shape);
            }
            overrides.add(new PinOverride(o.get("name").asText(), o.get("requirement").asText(),
                    o.path("reason").asText("")));
        }
        return overrides;
    }

    /** A list of strings (null: none). */
    static List<String> strings(JsonNode list, String file, String key, String example) throws ConfigException {
        List<String> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new ConfigException(file, key, "must be a list", example);
        }
        for (JsonNode u : (ArrayNode) list) {
            out.add(u.asText());
        }
        return out;
    }

    private static void checkHttpUrl(String url, String key, String file) throws ConfigException {
        String source = file == null ? "environment variable VISO_MODELS_BASE_URL" : file;
        try {
            URI u = URI.create(url);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, key, "\"" + url + "\" is not an http(s) URL", "http://host/path");
        }
    }

    private static int intIn(ObjectNode n, String key, int dflt, int min, int max, String source)
            throws ConfigException {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        String allowed = "a whole number from " + min + " to " + max;
        int value;
        if (v.isInt()) {
            value = v.asInt();
        } else if (v.isTextual() && v.asText().matches("-?\\d{1,9}")) {
            value = Integer.parseInt(v.asText());
        } else {
            throw new ConfigException(source, key, "\"" + v.asText() + "\" is not a whole number", allowed);
        }
        if (value < min || value > max) {
            throw new ConfigException(source, key, value + " is out of range", allowed);
        }
        return value;
    }

    private static long longAtLeast(ObjectNode n, String key, long min, String source) throws ConfigException {
        JsonNode v = n.get(key);
        if (!v.canConvertToLong() || v.asLong() < min) {
            throw new ConfigException(source, key, "\"" + v.asText() + "\" is not a size in bytes",
                    "a whole number ≥ " + min);
        }
        return v.asLong();
    }

    private static String requiredText(ObjectNode n, String key, String file, String allowed)
            throws ConfigException {
        String v = optionalText(n, key, null);
        if (v == null) {
            throw new ConfigException(file, key, "is missing or empty", allowed);
        }
        return v;
    }

    static String optionalText(ObjectNode n, String key, String dflt) {
        String v = text(n, key);
        return v == null ? dflt : v;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            return null;
        }
        return v.asText().trim();
    }

    private static void putIfSet(ObjectNode n, String key, String value) {
        if (value != null && !value.isBlank()) {
            n.put(key, value.trim());
            n.put(key + "$source", ENV_SOURCE);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
