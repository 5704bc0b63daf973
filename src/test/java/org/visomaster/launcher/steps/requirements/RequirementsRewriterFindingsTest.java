package org.visomaster.launcher.steps.requirements;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * What RequirementsRewriterFuzzTest found (./mvnw -Pfuzz, 20 s, crash-c104b578…): a requirements file whose
 * {@code -r} (or {@code -c}, {@code -f}) value holds a NUL byte ends the rewrite with an InvalidPathException
 * from {@code Path.resolve}, a RuntimeException, where the rewriter's contract is an IOException that says why.
 * And (after 8 s of a later run, crash-9a7a85ac…): {@code -r ../..} climbing to "/" makes the included file "/",
 * whose {@code getParent()} is null, so the next {@code -r} or {@code -c} in it ends with a NullPointerException.
 * The fixes belong to steps.requirements (its owner); until then these tests stay disabled.
 */
class RequirementsRewriterFindingsTest {
    @Disabled("reported: RequirementsRewriter.include/optionLine let InvalidPathException out for a NUL in a path")
    @Test
    void aNulInAnIncludedPathIsAnIoExceptionThatSaysWhy() {
        IOException e = assertThrows(IOException.class, () -> RequirementsRewriter.rewrite("-r a\0b.txt\n",
                Path.of("/ws/VisoMaster/requirements.txt"), f -> "", List.of(), List.of()));
        assertTrue(e.getMessage().contains("a\0b.txt") || e.getMessage().contains("-r"), e.getMessage());
    }

    @Disabled("reported: RequirementsRewriter.include/optionLine call getParent() of \"/\" (null)")
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
