package org.visomaster.launcher.frontend.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.imports.ArchiveFixtures;
import org.visomaster.launcher.imports.ImportService;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * The audit's PAX archive dropped on the drop page, which runs in the window's JVM: refused with the import's
 * sentence (not a 500 after an OutOfMemoryError), and no uploads/.incoming/&lt;id&gt;/ left behind.
 */
class HostileArchiveUploadTest {
    @TempDir
    Path tmp;
    UploadTestSupport t;

    @BeforeEach
    void start() throws Exception {
        t = new UploadTestSupport(tmp, new ImportService(new Workspace(tmp))::importFile, List.of(), s -> s);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void aPaxBombIsRefusedAndLeavesNothingInIncoming() throws Exception {
        Path bomb = ArchiveFixtures.paxLinkpathBomb(Files.createDirectories(tmp.resolve("src")).resolve("x"),
                700_000_000L);
        HttpUrl url = HttpUrl.get(t.url("/")).newBuilder().addPathSegments("api/uploads")
                .addPathSegment("ffmpeg.tar.gz").build();
        try (Response r = t.http.newCall(new Request.Builder().url(url)
                .header("Authorization", "Bearer " + UploadTestSupport.TOKEN)
                .put(RequestBody.create(Files.readAllBytes(bomb), MediaType.get("application/octet-stream")))
                .build()).execute()) {
            String text = r.body().string();
            assertTrue(r.code() >= 400 && r.code() < 500, r.code() + " " + text);
            JsonNode answer = Json.MAPPER.readTree(text);
            assertFalse(answer.get("accepted").asBoolean());
            assertTrue(answer.get("message").asText().startsWith("ffmpeg.tar.gz was not extracted because one of its"
                    + " tar headers"), text);
        }
        assertTrue(t.incomingEmpty(), "no temporaries left");
        Path incoming = t.ws.uploads().resolve(".incoming");
        try (var left = Files.list(incoming)) {
            assertEquals(List.of(), left.toList(), "nothing in uploads/.incoming/");
        }
        assertFalse(Files.exists(t.ws.dependencies().resolve("lib")));
    }
}
