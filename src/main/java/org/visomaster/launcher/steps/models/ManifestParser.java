package org.visomaster.launcher.steps.models;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the JSON dump of {@code models_list} into checked {@link ModelEntry}s. Paths may be relative to the source
 * root ({@code ./model_assets/x.onnx}, upstream) or absolute inside it (Fusion builds them from {@code __file__});
 * anything that leaves the source tree is refused, as are entries without a URL or with a malformed hash.
 */
final class ManifestParser {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestParser.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private ManifestParser() {
    }

    static Manifest parse(JsonNode models, Path sourceRoot, String manifestName, String urlPrefix, String baseUrl) {
        Path root = sourceRoot.toAbsolutePath().normalize();
        Path realRoot = realPath(root);
        Map<String, ModelEntry> byPath = new LinkedHashMap<>();
        List<String> rejected = new ArrayList<>();
        int index = 0;
        for (JsonNode m : models) {
            index++;
            String name = text(m, "model_name");
            String label = name != null ? "\"" + name + "\"" : "number " + index;
            String problem = null;
            String rawPath = text(m, "local_path");
            String rawHash = text(m, "hash");
            String rawUrl = text(m, "url");
            String rel = null;
            if (rawPath == null) {
                problem = "it has no local_path";
            } else if ((rel = relativeInside(rawPath, root, realRoot)) == null) {
                problem = "its path \"" + rawPath + "\" leaves the VisoMaster source folder";
            } else if (rawUrl == null) {
                problem = "it has no download url";
            } else if (rawHash == null || !SHA256.matcher(rawHash).matches()) {
                problem = "its hash \"" + (rawHash == null ? "" : rawHash) + "\" is not a SHA-256 (64 hex digits)";
            }
            String url = rawUrl == null ? null : mirror(rawUrl, urlPrefix, baseUrl);
            if (problem == null && HttpUrl.parse(url) == null) {
                problem = "its url \"" + url + "\" is not an http(s) URL";
            }
            if (problem == null) {
                String sha = rawHash.toLowerCase(Locale.ROOT);
                ModelEntry entry = new ModelEntry(name != null ? name : Path.of(rel).getFileName().toString(),
                        rel, sha, url);
                ModelEntry earlier = byPath.putIfAbsent(rel, entry);
                if (earlier != null && !earlier.sha256().equals(sha)) {
                    problem = "its path " + rel + " is also used by \"" + earlier.name() + "\" with another hash";
                }
            }
            if (problem != null) {
                rejected.add("Manifest entry " + label + " in " + manifestName + " was skipped because " + problem
                        + "; that model will not be downloaded — fix the entry or report it to the VisoMaster project.");
            }
        }
        return new Manifest(new ArrayList<>(byPath.values()), rejected);
    }

    /** Replaces {@code prefix} at the start of {@code url} with {@code baseUrl}; other URLs are left alone. */
    static String mirror(String url, String prefix, String baseUrl) {
        if (baseUrl == null || prefix == null || prefix.isEmpty() || !url.startsWith(prefix)) {
            return url;
        }
        String rest = url.substring(prefix.length());
        if (!prefix.endsWith("/") && !rest.isEmpty() && !rest.startsWith("/")) {
            return url; // "…/download" must not match "…/downloads/…"
        }
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (prefix.endsWith("/")) {
            rest = "/" + rest;
        }
        return base + rest;
    }

    /** The path relative to the source root with forward slashes, or null when it is not strictly inside it. */
    static String relativeInside(String raw, Path root, Path realRoot) {
        Path p;
        try {
            p = Path.of(raw);
        } catch (InvalidPathException e) {
            return null;
        }
        Path rel;
        if (p.isAbsolute()) {
            Path n = p.normalize();
            if (n.startsWith(root)) {
                rel = root.relativize(n);
            } else if (n.startsWith(realRoot)) {
                rel = realRoot.relativize(n);
            } else {
                return null;
            }
        } else {
            Path resolved = root.resolve(p).normalize();
            if (!resolved.startsWith(root)) {
                return null;
            }
            rel = root.relativize(resolved);
        }
        String s = rel.toString().replace('\\', '/');
        return s.isEmpty() ? null : s;
    }

    private static Path realPath(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            LOG.debug("{} has no real path yet; using it as it is", root, e);
            return root;
        }
    }

    private static String text(JsonNode m, String key) {
        JsonNode v = m.get(key);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            return null;
        }
        return v.asText().trim();
    }
}
