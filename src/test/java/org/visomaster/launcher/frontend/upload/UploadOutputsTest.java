package org.visomaster.launcher.frontend.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.util.Json;

/** GET /api/outputs and downloads: everything in output/, nothing outside it. */
class UploadOutputsTest {
    @TempDir
    Path tmp;
    @TempDir
    Path elsewhere;
    UploadTestSupport t;
    byte[] video;

    @BeforeEach
    void start() throws Exception {
        t = new UploadTestSupport(tmp, (f, n) -> null, List.of(), s -> s);
        Path out = t.ws.output();
        video = new byte[3 * 1024 * 1024 + 5];
        new Random(7).nextBytes(video);
        Files.write(out.resolve("swap ß 1.mp4"), video);
        Files.setLastModifiedTime(out.resolve("swap ß 1.mp4"), FileTime.from(Instant.parse("2025-01-02T03:04:05Z")));
        Files.createDirectories(out.resolve("frames"));
        Files.writeString(out.resolve("frames/0001.png"), "png");
        Files.writeString(out.resolve(".hidden"), "not listed");
        Files.writeString(t.ws.configFile(), "{\"profile\": \"upstream\"}");
        Files.writeString(elsewhere.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(out.resolve("escape.txt"), elsewhere.resolve("secret.txt"));
        Files.createSymbolicLink(out.resolve("escape-dir"), elsewhere);
        Files.createSymbolicLink(out.resolve("inside-link.png"), out.resolve("frames/0001.png"));
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private Response get(String encodedPath) throws Exception {
        return t.http.newCall(new Request.Builder().url(HttpUrl.get(t.url(encodedPath)))
                .header("Authorization", "Bearer " + UploadTestSupport.TOKEN).build()).execute();
    }

    @Test
    void theListShowsOutputFilesWithSizeAndTime() throws Exception {
        try (Response r = get("/api/outputs")) {
            assertEquals(200, r.code());
            JsonNode list = Json.MAPPER.readTree(r.body().string());
            List<String> names = new ArrayList<>();
            list.forEach(n -> names.add(n.get("name").asText()));
            assertTrue(names.containsAll(List.of("swap ß 1.mp4", "frames/0001.png", "inside-link.png")), names.toString());
            assertFalse(names.contains(".hidden"));
            assertFalse(names.contains("escape.txt"), "a link leaving output/ is not offered");
            assertFalse(names.stream().anyMatch(n -> n.startsWith("escape-dir")), names.toString());
            JsonNode mp4 = list.get(names.indexOf("swap ß 1.mp4"));
            assertEquals(video.length, mp4.get("size").asLong());
            assertEquals("2025-01-02T03:04:05Z", mp4.get("mtime").asText());
            assertEquals("swap ß 1.mp4", names.get(names.size() - 1), "newest first; this one is oldest");
        }
    }

    @Test
    void aDownloadIsTheFileAsAnAttachmentWithItsUtf8Name() throws Exception {
        try (Response r = get("/api/outputs/swap%20%C3%9F%201.mp4")) {
            assertEquals(200, r.code());
            assertArrayEquals(video, r.body().bytes());
            assertEquals("attachment; filename=\"swap _ 1.mp4\"; filename*=UTF-8''swap%20%C3%9F%201.mp4",
                    r.header("Content-Disposition"));
            assertEquals(String.valueOf(video.length), r.header("Content-Length"));
        }
        try (Response r = get("/api/outputs/frames/0001.png")) {
            assertEquals(200, r.code());
            assertEquals("png", r.body().string());
        }
    }

    @Test
    void nothingOutsideOutputCanBeDownloaded() throws Exception {
        String[] refused = {"/api/outputs/..%2Flauncher.json",
                "/api/outputs/frames%2F..%2F..%2Flauncher.json", "/api/outputs/escape.txt",
                "/api/outputs/escape-dir/secret.txt", "/api/outputs/..%5Clauncher.json"};
        for (String path : refused) {
            try (Response r = get(path)) {
                String body = r.body().string();
                assertEquals(403, r.code(), path + " → " + body);
                assertFalse(body.contains("outside") || body.contains("upstream"), body);
            }
        }
        for (String path : new String[] {"/api/outputs/frames", "/api/outputs/missing.mp4", "/api/outputs/"}) {
            try (Response r = get(path)) {
                assertEquals(404, r.code(), path);
            }
        }
        // exactly as written on the request line (OkHttp would resolve the dots itself)
        for (String rawPath : new String[] {"/api/outputs/../launcher.json", "/api/outputs/frames/../../launcher.json",
                "/api/outputs//etc/passwd", "/api/outputs/%2E%2E/launcher.json"}) {
            String raw = UploadTestSupport.raw(t.server.port(), "GET " + rawPath + " HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer " + UploadTestSupport.TOKEN, null);
            int code = UploadTestSupport.statusOf(raw);
            assertTrue(code == 403 || code == 404, rawPath + " → " + raw);
            assertFalse(raw.contains("upstream") || raw.contains("root:"), raw);
        }
        try (Response r = get("/api/outputs/inside-link.png")) {
            assertEquals(200, r.code(), "a link that stays inside output/ is fine");
            assertEquals("png", new String(r.body().bytes(), StandardCharsets.UTF_8));
        }
    }
}
