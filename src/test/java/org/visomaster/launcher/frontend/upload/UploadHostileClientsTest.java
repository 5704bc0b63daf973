package org.visomaster.launcher.frontend.upload;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit's slow clients (#17): connections that never finish their headers and uploads that stall after a
 * few bytes must neither hang the page nor leave part files behind, and per-request state must not leak.
 */
class UploadHostileClientsTest {
    private static final MediaType BINARY = MediaType.get("application/octet-stream");

    @TempDir
    Path tmp;
    UploadTestSupport t;
    private final List<Socket> sockets = new ArrayList<>();

    private void start(FileImporter importer, java.util.function.UnaryOperator<UploadSettings> tweak)
            throws Exception {
        t = new UploadTestSupport(tmp, importer, List.of(), tweak);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (t != null) {
            t.close();
        }
    }

    private Socket open(String text) throws IOException {
        Socket s = new Socket("127.0.0.1", t.server.port());
        sockets.add(s);
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        return s;
    }

    /** Headers that never end: no blank line, no login. */
    private Socket unfinishedHead(int i) throws IOException {
        return open("PUT /api/uploads/slow-" + i + ".bin HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    }

    /** An authenticated upload that announces 1 MiB and stops after 10 bytes. */
    private Socket stalledUpload(int i) throws IOException {
        return open("PUT /api/uploads/stalled-" + i + ".bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + UploadTestSupport.TOKEN + "\r\nContent-Length: " + (1 << 20) + "\r\n\r\n0123456789");
    }

    private long partFiles() throws IOException {
        Path dir = t.server.incomingDir();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).count();
        }
    }

    private Response put(String name, byte[] body) throws IOException {
        return t.http.newCall(new Request.Builder().url(t.url("/api/uploads/" + name))
                .header("Authorization", "Bearer " + UploadTestSupport.TOKEN).put(RequestBody.create(body, BINARY))
                .build()).execute();
    }

    /** True once the server has closed the socket (read gives end of stream or a reset). */
    private static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(50);
            InputStream in = s.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void sixteenUnfinishedHeadsAndEightStalledUploadsDoNotHoldUpTheHealthCheckOrARealUpload() throws Exception {
        UploadTestSupport.CapturingImporter importer = new UploadTestSupport.CapturingImporter(tmp.resolve("uploads"));
        // timeouts far beyond the measurement: every hostile connection is still in flight while we measure
        start(importer, s -> s.withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60)));
        for (int i = 0; i < 16; i++) {
            unfinishedHead(i);
        }
        for (int i = 0; i < 8; i++) {
            stalledUpload(i);
        }
        await().alias("all 8 stalled uploads are being received").atMost(Duration.ofSeconds(20))
                .until(() -> partFiles() == 8);

        long t0 = System.nanoTime();
        try (Response r = t.http.newCall(new Request.Builder().url(t.url("/healthz")).build()).execute()) {
            assertEquals(200, r.code());
            assertEquals("ok", r.body().string());
        }
        long healthMs = (System.nanoTime() - t0) / 1_000_000;

        byte[] data = new byte[4 << 20];
        new Random(17).nextBytes(data);
        long t1 = System.nanoTime();
        try (Response r = put("real.bin", data)) {
            assertEquals(201, r.code(), r.body().string());
        }
        long uploadMs = (System.nanoTime() - t1) / 1_000_000;
        System.out.printf("hostile load (16 unfinished heads, 8 stalled uploads): /healthz %d ms, 4 MiB upload %d ms%n",
                healthMs, uploadMs);
        assertTrue(healthMs < 2000, "/healthz took " + healthMs + " ms");
        assertTrue(uploadMs < 2000, "the real upload took " + uploadMs + " ms");
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("uploads").resolve("real.bin")));
        assertEquals(List.of("real.bin"), importer.names, "no stalled upload reached the import");
        assertEquals(8, partFiles(), "the stalled uploads were still in flight during the measurement");

        for (Socket s : sockets) {
            s.close();
        }
        await().alias("the stalled uploads' part files are removed once their clients go")
                .atMost(Duration.ofSeconds(20)).until(t::incomingEmpty);
    }

    @Test
    void aStalledUploadIsCutOffAndItsPartFileRemoved() throws Exception {
        UploadTestSupport.CapturingImporter importer = new UploadTestSupport.CapturingImporter(tmp.resolve("uploads"));
        start(importer, s -> s.withHeartbeat(Duration.ofMillis(300))
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        Socket stalled = stalledUpload(0);
        await().alias("the upload is under way").until(() -> partFiles() == 1);
        long t0 = System.nanoTime();
        await().alias("the server cuts the stalled upload").atMost(Duration.ofSeconds(10))
                .until(() -> closedByServer(stalled));
        await().alias("its part file is removed").atMost(Duration.ofSeconds(5)).until(t::incomingEmpty);
        long cutMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("a stalled upload was cut off and cleaned up %d ms after it stalled (idle timeout 1 s)%n",
                cutMs);
        assertTrue(t.filesNamed("stalled-0.bin").isEmpty(), "nothing under a final name");
        assertTrue(importer.names.isEmpty());
    }

    @Test
    void aRequestHeadTricklingInIsClosedAtTheHeaderDeadlineThoughNeverIdle() throws Exception {
        start(new UploadTestSupport.CapturingImporter(tmp.resolve("uploads")),
                s -> s.withHeartbeat(Duration.ofMillis(300)).withTimeouts(Duration.ofSeconds(2),
                        Duration.ofSeconds(1)));
        Socket slow = unfinishedHead(0);
        OutputStream out = slow.getOutputStream();
        long t0 = System.nanoTime();
        // one more header byte every 200 ms: never idle for the 2 s idle timeout
        await().alias("the trickling request head is cut off").atMost(Duration.ofSeconds(4))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    try {
                        out.write('a');
                        out.flush();
                    } catch (IOException e) {
                        return true;
                    }
                    return closedByServer(slow);
                });
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("a request head trickling in was closed after %d ms (header deadline 1 s)%n", ms);
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAtTheHeaderDeadlineNotTheIdleTimeout() throws Exception {
        start(new UploadTestSupport.CapturingImporter(tmp.resolve("uploads")),
                s -> s.withHeartbeat(Duration.ofMillis(300)).withTimeouts(Duration.ofSeconds(30),
                        Duration.ofSeconds(1)));
        Socket silent = open("");
        long t0 = System.nanoTime();
        await().alias("the silent connection is closed").atMost(Duration.ofSeconds(5))
                .until(() -> closedByServer(silent));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5000, ms + " ms");
        // a kept-alive connection between requests is not cut by the deadline: it answers a second request
        try (Socket s = new Socket("127.0.0.1", t.server.port())) {
            s.setSoTimeout(10_000);
            for (int i = 0; i < 2; i++) {
                s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                StringBuilder answer = new StringBuilder();
                while (!answer.toString().endsWith("\r\n\r\nok")) {
                    int b = s.getInputStream().read();
                    assertTrue(b >= 0, "the kept-alive connection was closed: " + answer);
                    answer.append((char) b);
                }
                assertTrue(answer.toString().startsWith("HTTP/1.1 200"), answer.toString());
                if (i == 0) {
                    // wait past the header deadline between the two requests
                    await().pollDelay(Duration.ofMillis(1800)).atMost(Duration.ofSeconds(3)).until(() -> true);
                }
            }
        }
    }

    @Test
    void anImportThatRunsOutOfMemoryIsA500AndLeavesNothingInIncoming() throws Exception {
        // what a PAX header of hundreds of MB did to the import (#17 item 3); the page must clean up after it
        start((file, name) -> {
            throw new OutOfMemoryError("Java heap space (simulated)");
        }, s -> s);
        try (Response r = put("pax-bomb.tar.gz", new byte[4096])) {
            assertEquals(500, r.code());
            assertTrue(r.body().string().contains("internal error"));
        }
        try (Stream<Path> left = Files.walk(t.server.incomingDir())) {
            List<Path> files = left.filter(p -> !p.equals(t.server.incomingDir())).toList();
            assertTrue(files.isEmpty(), "left in uploads/.incoming: " + files);
        }
        try (Response r = t.http.newCall(new Request.Builder().url(t.url("/healthz")).build()).execute()) {
            assertEquals(200, r.code(), "the page still answers");
        }
    }

    @Test
    void anImportSlowerThanTheIdleTimeoutStillGetsItsAnswer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        UploadTestSupport.CapturingImporter capture = new UploadTestSupport.CapturingImporter(tmp.resolve("uploads"));
        FileImporter slow = (file, name) -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return capture.importFile(file, name);
        };
        start(slow, s -> s.withHeartbeat(Duration.ofMillis(300))
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        Thread releaser = new Thread(() -> {
            // the import holds on for three idle timeouts before it answers
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
            release.countDown();
        });
        releaser.start();
        try (Response r = put("slow-import.bin", new byte[] {1, 2, 3})) {
            assertEquals(201, r.code());
        }
        assertEquals(List.of("slow-import.bin"), capture.names);
    }

    @Test
    void aRefusedUploadAfterAGoodOneIsAnsweredAtOnceWithoutReadingItsBody() throws Exception {
        start(new UploadTestSupport.CapturingImporter(tmp.resolve("uploads")), s -> s);
        try (Response r = put("good.bin", new byte[] {1})) {
            assertEquals(201, r.code());
        }
        // no token, 1 GiB announced, nothing sent: the answer comes from the head alone
        long t0 = System.nanoTime();
        String raw = UploadTestSupport.rawAnswerOnly(t.server.port(), "PUT /api/uploads/x.bin HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: " + (1L << 30));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(401, UploadTestSupport.statusOf(raw), raw);
        assertTrue(ms < 2000, ms + " ms");
        try (Response r = t.http.newCall(new Request.Builder().url(t.url("/healthz")).build()).execute()) {
            assertEquals(200, r.code());
        }
    }
}
