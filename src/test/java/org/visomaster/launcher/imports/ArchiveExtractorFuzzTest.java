package org.visomaster.launcher.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * Coverage-guided fuzzing of the archive extractor (./mvnw -Pfuzz, docs/fuzzing.md); in ./mvnw verify it replays the
 * saved inputs under src/test/resources/.../ArchiveExtractorFuzzTestInputs. Whatever the bytes, extracting them
 * into dependencies/ either succeeds with every link resolving inside it, or is refused in a sentence with nothing
 * written; no other exception, and nothing left behind.
 */
class ArchiveExtractorFuzzTest {
    private static final String[] NAMES = {"in.tar", "in.tar.gz", "in.zip", "in.tar.xz", "in.tar.bz2"};

    @FuzzTest(maxDuration = "2m")
    void extractsOrRefusesInASentence(FuzzedDataProvider data) throws Exception {
        String name = NAMES[data.consumeInt(0, NAMES.length - 1)];
        boolean earlierLink = data.consumeBoolean();
        byte[] archive = data.consumeRemainingAsBytes();
        Path tmp = Files.createTempDirectory("fuzz-extract");
        try {
            Workspace ws = new Workspace(tmp.resolve("ws"));
            Path deps = Files.createDirectories(ws.dependencies());
            if (earlierLink) {
                Files.createSymbolicLink(deps.resolve("s"), Path.of(".")); // what an earlier import may leave
            }
            Path file = Files.write(tmp.resolve(name), archive);
            ArchiveExtractor extractor = new ArchiveExtractor(ws, FreeSpace.keeping(0, dir -> 64L << 20));
            try {
                extractor.extract(file, name, deps);
                assertEverythingInside(deps);
            } catch (RefusedException refused) {
                String message = refused.getMessage();
                assertTrue(message.startsWith(name) && message.endsWith("."), message);
                assertEquals(earlierLink ? 1 : 0, count(deps), "a refusal writes nothing");
            }
            try (var left = Files.list(deps)) {
                List<String> names = left.map(p -> p.getFileName().toString()).toList();
                assertTrue(names.stream().noneMatch(n -> n.startsWith(ArchiveExtractor.STAGING_PREFIX)),
                        "no staging folder is left: " + names + ", " + ArchiveFixtures.listing(deps));
            }
        } finally {
            ExtractionTree.deleteOwnTree(tmp);
        }
    }

    private static void assertEverythingInside(Path deps) throws IOException {
        Path real = deps.toRealPath();
        try (var all = Files.walk(deps)) {
            for (Path p : all.toList()) {
                if (Files.isSymbolicLink(p) && Files.exists(p)) {
                    assertTrue(p.toRealPath().startsWith(real), p + " leads to " + p.toRealPath());
                }
                if (!Files.isSymbolicLink(p)) {
                    assertTrue(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS), p + " is a special file");
                }
            }
        }
    }

    private static long count(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }
}
