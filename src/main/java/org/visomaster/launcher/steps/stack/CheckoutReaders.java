package org.visomaster.launcher.steps.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one fact each from a checkout's own files: README's Python, the portable scripts', pyproject's indexes, version.json. */
final class CheckoutReaders {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TomlMapper TOML = new TomlMapper();
    /** "uv venv --python 3.11" alone on its line: the app's own environment (not "… 3.12 .venv-test"). */
    private static final Pattern UV_VENV = Pattern.compile("uv venv --python[ =](\\d+\\.\\d+)\\s*$", Pattern.MULTILINE);
    private static final Pattern CONDA = Pattern.compile("conda create [^\\n]*python=(\\d+\\.\\d+)");
    private static final Pattern PORTABLE = Pattern.compile("python[/-](\\d+\\.\\d+)\\.\\d+");
    private static final List<String> READMES = List.of("README.md", "README.rst", "README.txt", "README");

    private CheckoutReaders() {
    }

    /** The Python X.Y of README's install instructions, with the line it came from. */
    static Optional<Sourced> readmePython(CheckoutFiles files) throws IOException {
        for (String name : READMES) {
            Optional<String> text = files.read(name);
            if (text.isEmpty()) {
                continue;
            }
            for (Pattern p : List.of(UV_VENV, CONDA)) {
                Matcher m = p.matcher(text.get());
                if (m.find()) {
                    return Optional.of(new Sourced(m.group(1), name + ": " + m.group().strip()));
                }
            }
        }
        return Optional.empty();
    }

    /** The Python X.Y a portable start script downloads (Fusion's scripts/Start_Portable.bat: python-3.12.10). */
    static Optional<Sourced> portablePython(CheckoutFiles files) throws IOException {
        List<String> scripts = new ArrayList<>();
        files.files("scripts").stream().filter(CheckoutReaders::isScript).forEach(f -> scripts.add("scripts/" + f));
        files.rootFiles().stream().filter(CheckoutReaders::isScript).forEach(scripts::add);
        for (String s : scripts) {
            Optional<String> text = files.read(s);
            if (text.isPresent()) {
                Matcher m = PORTABLE.matcher(text.get());
                if (m.find()) {
                    return Optional.of(new Sourced(m.group(1), s + ": " + m.group()));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isScript(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".bat") || n.endsWith(".ps1") || n.endsWith(".sh");
    }

    /** pyproject.toml's {@code [tool.uv.pip]}: index-strategy, index-url, extra-index-url (a string or a list). */
    record UvPip(String indexStrategy, String indexUrl, List<String> extraIndexUrls) {
    }

    static Optional<UvPip> uvPip(CheckoutFiles files) throws IOException {
        Optional<String> text = files.read("pyproject.toml");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        JsonNode pip;
        try {
            pip = TOML.readTree(text.get()).path("tool").path("uv").path("pip");
        } catch (IOException e) {
            throw new IOException("pyproject.toml is not valid TOML (" + e.getMessage().lines().findFirst().orElse("")
                    + ")", e);
        }
        if (!pip.isObject()) {
            return Optional.empty();
        }
        List<String> extra = new ArrayList<>();
        JsonNode e = pip.path("extra-index-url");
        if (e.isArray()) {
            e.forEach(u -> extra.add(u.asText()));
        } else if (e.isTextual()) {
            extra.add(e.asText());
        }
        return Optional.of(new UvPip(text(pip, "index-strategy"), text(pip, "index-url"), extra));
    }

    /** version.json's "version" ({"version": "3.4.1"}). */
    static Optional<String> versionJson(CheckoutFiles files) throws IOException {
        Optional<String> text = files.read("version.json");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            String v = text(JSON.readTree(text.get()), "version");
            return Optional.ofNullable(v);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.path(key);
        return v.isValueNode() && !v.asText().isBlank() ? v.asText().strip() : null;
    }
}
