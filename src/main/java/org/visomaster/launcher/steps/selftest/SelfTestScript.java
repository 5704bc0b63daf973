package org.visomaster.launcher.steps.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.util.Sha256;

/** The self-test's Python script, shipped in the jar, and the lines it prints. */
final class SelfTestScript {
    static final String RESOURCE = "gpu_selftest.py";
    static final String PREFIX = "SELFTEST ";
    private static final Logger LOG = LoggerFactory.getLogger(SelfTestScript.class);
    private static final Set<String> LEVELS = Set.of("ok", "info", "warning", "failure");
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

    /**
     * A check from one output line, or empty for any other line. A check line that cannot be read is a failure:
     * it may have been the one that failed, and a lost failure must not become a pass.
     */
    static Optional<SelfTestState.Check> parse(String line) {
        if (line == null || !line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(line.substring(PREFIX.length()));
            String level = n.path("level").asText();
            if (!n.isObject() || !LEVELS.contains(level) || n.path("sentence").asText().isBlank()) {
                throw new IOException("not a check object with a level and a sentence");
            }
            return Optional.of(new SelfTestState.Check(n.path("check").asText(), level,
                    n.path("sentence").asText(), n.path("fix").asText("")));
        } catch (IOException e) {
            LOG.warn("the self-test printed a check line the launcher cannot read: {}", line, e);
            return Optional.of(new SelfTestState.Check("script", "failure", "The GPU self-test printed a line the"
                    + " launcher cannot read (" + line + ").", "run the self-test again (Retry); if it persists, report it"
                    + " with logs/launcher.log"));
        }
    }
}
