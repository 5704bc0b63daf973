package org.visomaster.launcher.frontend.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the drop page's name rules (./mvnw -Pfuzz). Any raw URL segment gives either an
 * error sentence or one plain file name: 1 to 255 UTF-8 bytes, no separator, no control character, no leading
 * dot; and a name that passes comes back unchanged through percent-encoding.
 */
class UploadNamesFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void aNameIsPlainOrRefusedInASentence(FuzzedDataProvider data) {
        String raw = data.consumeRemainingAsString();
        UploadNames.Checked c = UploadNames.check(raw);
        if (!c.ok()) {
            assertNotNull(c.error());
            assertTrue(c.error().endsWith("."), c.error());
            return;
        }
        String name = c.name();
        assertFalse(name.isEmpty());
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255, name);
        assertFalse(name.contains("/") || name.contains("\\") || name.startsWith("."), name);
        assertTrue(name.chars().noneMatch(ch -> ch < 0x20 || ch == 0x7f), name);
        assertEquals(name, UploadNames.check(UploadNames.percentEncode(name)).name(), "percent-encoding round trip");
    }
}
