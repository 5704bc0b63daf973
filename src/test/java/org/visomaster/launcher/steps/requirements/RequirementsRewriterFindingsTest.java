package org.visomaster.launcher.steps.requirements;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What RequirementsRewriterFuzzTest found (./mvnw -Pfuzz, 20 s, crash-c104b578…): a requirements file whose
 * {@code -r} (or {@code -c}, {@code -f}) value holds a NUL byte ends the rewrite with an InvalidPathException
 * from {@code Path.resolve}, a RuntimeException, where the rewriter's contract is an IOException that says why.
 * And (after 8 s of a later run, crash-9a7a85ac…): {@code -r ../..} climbing to "/" makes the included file "/",
 * whose {@code getParent()} is null, so the next {@code -r} or {@code -c} in it ends with a NullPointerException.
 * Both are fixed: a path option's value that is no path is an IOException naming it, and an include at "/" reads
 * its own includes beside it.
 */
class RequirementsRewriterFindingsTest {
    @Test
    void aNulInAnIncludedPathIsAnIoExceptionThatSaysWhy() {
        IOException e = assertThrows(IOException.class, () -> RequirementsRewriter.rewrite("-r a\0b.txt\n",
                Path.of("/ws/VisoMaster/requirements.txt"), f -> "", List.of(), List.of()));
        assertTrue(e.getMessage().contains("-r a\\0b.txt") && e.getMessage().contains("not a path"), e.getMessage());
    }

    @Test
    void anIncludeThatClimbsToTheRootIsAnIoExceptionOrIsRead() {
        try {
            RequirementsRewriter.rewrite("-r ../..\n", Path.of("/ws/requirements.txt"), f -> "-r x.txt\n",
                    List.of(), List.of());
        } catch (IOException e) {
            assertTrue(e.getMessage() != null, "an IOException says why");
        }
    }
}
