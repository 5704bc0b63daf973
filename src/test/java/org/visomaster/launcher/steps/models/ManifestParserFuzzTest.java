package org.visomaster.launcher.steps.models;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.visomaster.launcher.infra.util.Json;

/**
 * Coverage-guided fuzzing of the manifest parser (./mvnw -Pfuzz). Any JSON array gives models whose paths are
 * strictly inside the source folder, with a SHA-256 and an http(s) URL, and a sentence for each skipped entry.
 */
class ManifestParserFuzzTest {
    private static final Path ROOT = Path.of("/nonexistent-fuzz-root/VisoMaster");

    @FuzzTest(maxDuration = "2m")
    void entriesStayInsideTheSourceFolder(FuzzedDataProvider data) {
        String json = data.consumeRemainingAsString();
        JsonNode models;
        try {
            models = Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            return; // not JSON: the manifest reader's output is JSON, and its reader refuses the rest
        }
        if (models == null || !models.isArray()) {
            return;
        }
        Manifest m = ManifestParser.parse(models, ROOT, "models_list", "https://github.com/", "http://127.0.0.1:1");
        for (ModelEntry e : m.entries()) {
            Path resolved = ROOT.resolve(e.relativePath()).normalize();
            assertTrue(resolved.startsWith(ROOT) && !resolved.equals(ROOT), e.relativePath());
            assertTrue(e.sha256().matches("[0-9a-f]{64}"), e.sha256());
            assertFalse(e.url().isBlank());
        }
        m.rejected().forEach(s -> assertTrue(s.endsWith("project."), s));
    }
}
