package org.visomaster.launcher.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.workspace.Workspace;

/** A workspace whose dependencies/ archives are extracted into, and a folder to build the archives in. */
abstract class ExtractorTestBase {
    @TempDir
    Path tmp;
    Path deps;
    Path src;
    ArchiveExtractor extractor;

    @BeforeEach
    void setUpWorkspace() throws IOException {
        Workspace ws = new Workspace(tmp.resolve("ws"));
        deps = ws.dependencies();
        src = Files.createDirectories(tmp.resolve("src"));
        extractor = new ArchiveExtractor(ws, FreeSpace.system());
    }

    ArchiveExtractor.Extraction extract(Path archive) throws Exception {
        return extractor.extract(archive, archive.getFileName().toString(), deps);
    }
}
