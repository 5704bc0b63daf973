package org.visomaster.launcher.steps.requirements;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.visomaster.launcher.infra.workspace.PinOverride;

/**
 * Coverage-guided fuzzing of the requirements rewriter (./mvnw -Pfuzz). Any requirements text, with includes
 * that exist or not and any override, is rewritten or fails with an IOException that names the problem; the
 * result is LF-terminated text with the derived header.
 */
class RequirementsRewriterFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void rewritesOrSaysWhy(FuzzedDataProvider data) {
        String overrideName = data.consumeString(20);
        String overrideRequirement = data.consumeString(40);
        String included = data.consumeString(200);
        String text = data.consumeRemainingAsString();
        RequirementsRewriter.Reader reader = file -> {
            if (file.getFileName() != null && file.getFileName().toString().startsWith("missing")) {
                throw new NoSuchFileException(file.toString());
            }
            return included;
        };
        List<PinOverride> overrides = overrideName.isBlank() || overrideRequirement.isBlank() ? List.of()
                : List.of(new PinOverride(overrideName, overrideRequirement, "fuzz"));
        try {
            RequirementsRewriter.Result r = RequirementsRewriter.rewrite(text, Path.of("/ws/VisoMaster/requirements.txt"),
                    reader, overrides, List.of("https://download.pytorch.org/whl/cu124"));
            assertTrue(r.text().startsWith("# Derived by VisoMaster Launcher") && r.text().endsWith("\n"));
        } catch (IOException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "an IOException says why");
        }
    }
}
