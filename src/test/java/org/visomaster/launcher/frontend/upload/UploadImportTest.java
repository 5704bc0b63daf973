package org.visomaster.launcher.frontend.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
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
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.imports.ImportService;

/** Uploads handed to the real workspace import: the answer is the import's own result. */
class UploadImportTest {
    @TempDir
    Path tmp;
    UploadTestSupport t;

    @BeforeEach
    void start() throws Exception {
        t = new UploadTestSupport(tmp, new ImportService(new Workspace(tmp))::importFile,
                List.of(), s -> s);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private JsonNode put(String name, byte[] body, int expected) throws Exception {
        HttpUrl url = HttpUrl.get(t.url("/")).newBuilder().addPathSegments("api/uploads").addPathSegment(name).build();
        try (Response r = t.http.newCall(new Request.Builder().url(url)
                .header("Authorization", "Bearer " + UploadTestSupport.TOKEN)
                .put(RequestBody.create(body, MediaType.get("application/octet-stream"))).build()).execute()) {
            String text = r.body().string();
            assertEquals(expected, r.code(), text);
            return Json.MAPPER.readTree(text);
        }
    }

    @Test
    void aRequirementsFileReplacesTheProfilesAndNamesTheStepToRerun() throws Exception {
        byte[] reqs = "numpy==1.26.4\nonnxruntime-gpu==1.22.0\n".getBytes(StandardCharsets.UTF_8);
        JsonNode r = put("requirements.txt", reqs, 201);
        assertTrue(r.get("accepted").asBoolean());
        assertEquals("REQUIREMENTS", r.get("kind").asText());
        assertEquals("requirements.txt", r.get("destination").asText());
        assertEquals("[\"requirements\"]", r.get("affectedSteps").toString());
        assertTrue(r.get("message").asText().startsWith("requirements.txt is now the workspace's requirements file"),
                r.toString());
        assertArrayEquals(reqs, Files.readAllBytes(t.ws.userRequirements()));
        assertTrue(t.incomingEmpty());
    }

    @Test
    void aModelWithANonAsciiNameIsPlacedByTheImport() throws Exception {
        byte[] model = new byte[200_000];
        new java.util.Random(3).nextBytes(model);
        JsonNode r = put("modèle ß.onnx", model, 201);
        assertEquals("MODEL", r.get("kind").asText());
        Path dest = t.ws.root().resolve(r.get("destination").asText());
        assertEquals("modèle ß.onnx", dest.getFileName().toString());
        assertArrayEquals(model, Files.readAllBytes(dest));
        assertTrue(t.incomingEmpty());
    }

    @Test
    void aRefusalByTheImportIs422WithItsSentenceAndNothingKept() throws Exception {
        JsonNode r = put("requirements.txt", new byte[] {'a', 0, 'b'}, 422);
        assertFalse(r.get("accepted").asBoolean());
        assertEquals("REQUIREMENTS", r.get("kind").asText());
        assertTrue(r.get("destination").isNull());
        assertFalse(r.get("message").asText().isBlank());
        assertFalse(Files.exists(t.ws.userRequirements()));
        try (var left = Files.walk(t.server.incomingDir())) {
            List<Path> files = left.filter(p -> !p.equals(t.server.incomingDir())).toList();
            assertTrue(files.isEmpty(), "the staged copy of a refused file is removed: " + files);
        }
    }

    @Test
    void uploadingTheSameFileTwiceChangesNothingAndLeavesNoTemporaries() throws Exception {
        byte[] data = "same".getBytes(StandardCharsets.UTF_8);
        put("notes.txt", data, 201);
        JsonNode again = put("notes.txt", data, 201);
        assertTrue(again.get("message").asText().contains("nothing changed"), again.toString());
        assertArrayEquals(data, Files.readAllBytes(t.ws.uploads().resolve("notes.txt")));
        assertTrue(t.incomingEmpty());
    }

    @Test
    void aNameOf236To255BytesCanBeReplacedAndTheOldCopyIsKept() throws Exception {
        // 236 bytes of two-byte characters (the kept name must be cut between characters) and 255 ASCII bytes
        for (String name : new String[] {"é".repeat(116) + ".bin",
                "a".repeat(251) + ".txt"}) {
            assertTrue(name.getBytes(StandardCharsets.UTF_8).length >= 236
                    && name.getBytes(StandardCharsets.UTF_8).length <= 255, name);
            byte[] first = ("first " + name.length()).getBytes(StandardCharsets.UTF_8);
            byte[] second = ("second " + name.length()).getBytes(StandardCharsets.UTF_8);
            JsonNode r1 = put(name, first, 201);
            Path dest = t.ws.root().resolve(r1.get("destination").asText());
            JsonNode r2 = put(name, second, 201);
            assertEquals(r1.get("destination"), r2.get("destination"), r2.toString());
            assertArrayEquals(second, Files.readAllBytes(dest), "the new upload is under the name");
            List<Path> kept;
            try (var s = Files.list(dest.getParent())) {
                kept = s.filter(p -> p.getFileName().toString().contains(".bak-")).toList();
            }
            assertEquals(1, kept.size(), "the old copy is kept: " + kept);
            assertArrayEquals(first, Files.readAllBytes(kept.get(0)));
            String keptName = kept.get(0).getFileName().toString();
            assertTrue(keptName.getBytes(StandardCharsets.UTF_8).length <= 255, keptName);
            assertTrue(name.startsWith(keptName.substring(0, keptName.indexOf(".bak-"))), keptName);
            Files.delete(kept.get(0));
        }
        assertTrue(t.incomingEmpty());
    }
}
