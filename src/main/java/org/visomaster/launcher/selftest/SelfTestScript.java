package org.visomaster.launcher.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.visomaster.launcher.util.Json;
import org.visomaster.launcher.util.Sha256;

/** The self-test's Python script, shipped in the jar, and the lines it prints. */
final class SelfTestScript {
    static final String RESOURCE = "gpu_selftest.py";
    static final String PREFIX = "SELFTEST ";
    private static String text;

    private SelfTestScript() {
    }

    static synchronized String text() {
        if (text == null) {
            try (InputStream in = SelfTestScript.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IOException(RESOURCE + " is missing from the launcher");
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return text;
    }

    static String hash() {
        return Sha256.ofString(text());
    }

    /** A check from one output line, or empty for any other line. */
    static Optional<SelfTestState.Check> parse(String line) {
        if (line == null || !line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(line.substring(PREFIX.length()));
            return Optional.of(new SelfTestState.Check(n.path("check").asText(), n.path("level").asText(),
                    n.path("sentence").asText(), n.path("fix").asText("")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
