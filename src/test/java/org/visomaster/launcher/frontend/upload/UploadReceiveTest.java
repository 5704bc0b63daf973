package org.visomaster.launcher.frontend.upload;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.util.Json;

/** PUT /api/uploads/{name} over real HTTP: sizes, names, concurrency, limits, broken clients. */
class UploadReceiveTest {
    private static final MediaType BINARY = MediaType.get("application/octet-stream");

    @TempDir
    Path tmp;
    UploadTestSupport t;
    UploadTestSupport.CapturingImporter importer;

    private UploadTestSupport start(java.util.function.UnaryOperator<UploadSettings> tweak) throws Exception {
        importer = new UploadTestSupport.CapturingImporter(tmp.resolve("uploads"));
        t = new UploadTestSupport(tmp, importer, List.of(), tweak);
        return t;
    }

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    private HttpUrl uploadUrl(String name) {
        return HttpUrl.get(t.url("/")).newBuilder().addPathSegments("api/uploads").addPathSegment(name).build();
    }

    private Response put(HttpUrl url, byte[] body) throws IOException {
        return t.http.newCall(new Request.Builder().url(url).header("Authorization", "Bearer " + UploadTestSupport.TOKEN)
                .put(RequestBody.create(body, BINARY)).build()).execute();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void filesOfSeveralSizesArriveByteForByteUnderTheirName() throws Exception {
        start(s -> s);
        for (int size : new int[] {1, 1000, 3 * 1024 * 1024 + 17}) {
            byte[] data = random(size, size);
            String name = "file-" + size + ".bin";
            try (Response r = put(uploadUrl(name), data)) {
                JsonNode body = Json.MAPPER.readTree(r.body().string());
                assertEquals(201, r.code(), body.toString());
                assertTrue(body.get("accepted").asBoolean());
                assertEquals(size, body.get("size").asLong());
                assertEquals("uploads/" + name, body.get("destination").asText());
                assertEquals("Saved to uploads/" + name + ".", body.get("message").asText());
            }
            assertArrayEquals(data, Files.readAllBytes(tmp.resolve("uploads").resolve(name)));
        }
        assertTrue(t.incomingEmpty(), "no temporaries left");
    }

    @Test
    void anEmptyFileIsRefusedAndNothingReachesTheImport() throws Exception {
        start(s -> s);
        try (Response r = put(uploadUrl("empty.txt"), new byte[0])) {
            assertEquals(400, r.code());
            String error = Json.MAPPER.readTree(r.body().string()).get("error").asText();
            assertTrue(error.contains("empty"), error);
        }
        assertTrue(importer.names.isEmpty());
        assertTrue(t.incomingEmpty());
    }

    @Test
    void nonAsciiSpacedAndPercentEncodedNamesAreDecodedExactly() throws Exception {
        start(s -> s);
        for (String name : new String[] {"modèle ß.onnx", "требования.txt", "my file (1).txt", "100%.txt", "a+b.txt"}) {
            byte[] data = name.getBytes(StandardCharsets.UTF_8);
            try (Response r = put(uploadUrl(name), data)) {
                assertEquals(201, r.code(), name);
                assertEquals(name, Json.MAPPER.readTree(r.body().string()).get("name").asText());
            }
            assertArrayEquals(data, Files.readAllBytes(tmp.resolve("uploads").resolve(name)));
        }
        // an explicitly encoded segment: %41 is "A"
        HttpUrl url = HttpUrl.get(t.url("/api/uploads/%41bc.txt"));
        try (Response r = put(url, new byte[] {1})) {
            assertEquals(201, r.code());
        }
        assertTrue(importer.names.contains("Abc.txt"));
    }

    @Test
    void severalUploadsAtOnceAllArriveIntact() throws Exception {
        start(s -> s);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    try (Response r = put(uploadUrl("parallel-" + n + ".bin"), random(512 * 1024 + n, n))) {
                        return r.code();
                    }
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(201, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 12; i++) {
            assertArrayEquals(random(512 * 1024 + i, i),
                    Files.readAllBytes(tmp.resolve("uploads").resolve("parallel-" + i + ".bin")));
        }
        assertEquals(12, importer.names.size());
        assertTrue(t.incomingEmpty());
    }

    @Test
    void namesThatLeaveTheFolderOrHideAreRefused() throws Exception {
        start(s -> s);
        for (String encoded : new String[] {"..%2F..%2Fetc%2Fpasswd", "a%2Fb", "a%5Cb", ".hidden", "..%2Fx", "nul%00byte", "%C3%28", "x".repeat(256)}) {
            HttpUrl url = HttpUrl.get(t.url("/api/uploads/" + encoded));
            try (Response r = put(url, new byte[] {42})) {
                String body = r.body().string();
                assertEquals(400, r.code(), encoded);
                assertFalse(Json.MAPPER.readTree(body).get("accepted").asBoolean(), encoded + " → " + body);
            }
        }
        // a broken escape never reaches us: the JDK's own URI parser answers 400
        try (Response r = put(HttpUrl.get(t.url("/api/uploads/bad%ZZ")), new byte[] {42})) {
            assertEquals(400, r.code());
        }
        // OkHttp normalises "a/b" and "..": send those exactly as written
        for (String rawPath : new String[] {"/api/uploads/a/b", "/api/uploads/..", "/api/uploads/.",
                "/api/uploads/%2E%2E", "/api/uploads/../../etc/passwd"}) {
            String raw = UploadTestSupport.raw(t.server.port(), "PUT " + rawPath + " HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer " + UploadTestSupport.TOKEN + "\r\nContent-Length: 1", new byte[] {1});
            assertEquals(400, UploadTestSupport.statusOf(raw), rawPath + " → " + raw);
        }
        assertTrue(importer.names.isEmpty());
        assertFalse(Files.exists(tmp.resolve("etc")));
        assertTrue(t.incomingEmpty());
    }

    @Test
    void aNameSentAsRawUtf8BytesOnTheRequestLineArrivesIntact() throws Exception {
        start(s -> s);
        // what curl -T sends for a non-ASCII file name: the UTF-8 bytes themselves, not percent escapes
        String latin1 = new String("modèle ß.bin".replace(" ", "%20").getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1);
        String raw = UploadTestSupport.raw(t.server.port(), "PUT /api/uploads/" + latin1 + " HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + UploadTestSupport.TOKEN + "\r\nContent-Length: 1", new byte[] {7});
        assertEquals(201, UploadTestSupport.statusOf(raw), raw);
        assertEquals(List.of("modèle ß.bin"), importer.names);
    }

    @Test
    void aContentLengthOverTheLimitIsRefusedBeforeAnyByteIsSent() throws Exception {
        start(s -> s);
        // no body at all: the answer must come from the header alone
        String raw = UploadTestSupport.rawAnswerOnly(t.server.port(), "PUT /api/uploads/huge.bin HTTP/1.1\r\n"
                + "Host: x\r\nAuthorization: Bearer " + UploadTestSupport.TOKEN + "\r\nContent-Length: " + (65L << 20));
        assertEquals(413, UploadTestSupport.statusOf(raw), raw);
        assertTrue(raw.contains("upload limit"), raw);
        assertTrue(importer.names.isEmpty());
        assertTrue(t.filesNamed("huge.bin").isEmpty());
        assertTrue(t.incomingEmpty());
    }

    @Test
    void aChunkedBodyIsCountedAndStoppedPastTheLimit() throws Exception {
        start(s -> s.withMaxBytes(2L << 20));
        RequestBody chunked = new RequestBody() {
            @Override
            public MediaType contentType() {
                return BINARY;
            }

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                byte[] mb = new byte[1 << 20];
                for (int i = 0; i < 5; i++) {
                    sink.write(mb);
                }
            }
        };
        int code;
        try (Response r = t.http.newCall(new Request.Builder().url(uploadUrl("stream.bin"))
                .header("Authorization", "Bearer " + UploadTestSupport.TOKEN).put(chunked).build()).execute()) {
            code = r.code();
        } catch (IOException e) {
            code = -1; // the server may close while the client is still sending; the files below are what count
        }
        assertTrue(code == 413 || code == -1, "code " + code);
        assertTrue(importer.names.isEmpty());
        assertTrue(t.filesNamed("stream.bin").isEmpty());
        assertTrue(t.incomingEmpty());
    }

    @Test
    void tooLittleFreeSpaceIs507BeforeReading() throws Exception {
        start(s -> s.withReserve(1000).withFreeSpace(dir -> 1500));
        String raw = UploadTestSupport.rawAnswerOnly(t.server.port(), "PUT /api/uploads/model.onnx HTTP/1.1\r\n"
                + "Host: x\r\nAuthorization: Bearer " + UploadTestSupport.TOKEN + "\r\nContent-Length: 501");
        assertEquals(507, UploadTestSupport.statusOf(raw), raw);
        assertTrue(raw.contains("Not enough free disk space"), raw);
        try (Response r = put(uploadUrl("small.txt"), new byte[500])) {
            assertEquals(201, r.code(), "what fits above the reserve is still accepted");
        }
        assertTrue(t.filesNamed("model.onnx").isEmpty());
        assertTrue(t.incomingEmpty());
    }

    @Test
    void aDiskThatFillsDuringTheWriteIs507AndTheTemporaryIsRemoved() throws Exception {
        Path devFull = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devFull), "/dev/full is needed for a real ENOSPC");
        List<Path> parts = new ArrayList<>();
        start(s -> s.withPartOpener(part -> {
            // the real .part is created as usual, but the bytes go to a device that answers ENOSPC
            Files.createFile(part);
            parts.add(part);
            return FileChannel.open(devFull, StandardOpenOption.WRITE);
        }));
        try (Response r = put(uploadUrl("big.onnx"), random(2 << 20, 1))) {
            assertEquals(507, r.code());
            String error = Json.MAPPER.readTree(r.body().string()).get("error").asText();
            assertTrue(error.startsWith("The disk filled up while saving \"big.onnx\""), error);
        }
        assertEquals(1, parts.size());
        assertFalse(Files.exists(parts.get(0)), "the .part is removed");
        assertTrue(t.filesNamed("big.onnx").isEmpty());
        assertTrue(importer.names.isEmpty());
    }

    @Test
    void aClientThatDropsMidUploadLeavesNothingBehind() throws Exception {
        start(s -> s);
        try (Socket s = new Socket("127.0.0.1", t.server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /api/uploads/dropped.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + UploadTestSupport.TOKEN + "\r\nContent-Length: " + (10 << 20) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[1 << 20]);
            out.flush();
            await().alias("the upload is under way").until(() -> !t.incomingEmpty());
        }
        await().alias("no .part left").until(t::incomingEmpty);
        assertTrue(t.filesNamed("dropped.bin").isEmpty(), "nothing under a final name");
        assertTrue(importer.names.isEmpty());
    }

    @Test
    void aRefusalByTheImportIs422WithItsSentenceAndNothingKept() throws Exception {
        start(s -> s);
        importer.refuse = true;
        try (Response r = put(uploadUrl("nope.bin"), new byte[] {1, 2, 3})) {
            assertEquals(422, r.code());
            JsonNode body = Json.MAPPER.readTree(r.body().string());
            assertFalse(body.get("accepted").asBoolean());
            assertEquals("Refused for the test; nothing was kept.", body.get("message").asText());
            assertTrue(body.get("destination").isNull());
        }
        assertTrue(t.filesNamed("nope.bin").isEmpty());
        assertTrue(t.incomingEmpty());
    }

    @Test
    void uploadsOnlyAcceptPut() throws Exception {
        start(s -> s);
        try (Response r = t.http.newCall(new Request.Builder().url(uploadUrl("x.txt"))
                .header("Authorization", "Bearer " + UploadTestSupport.TOKEN).post(RequestBody.create(new byte[1], BINARY))
                .build()).execute()) {
            assertEquals(405, r.code());
            assertEquals("PUT", r.header("Allow"));
        }
    }
}
