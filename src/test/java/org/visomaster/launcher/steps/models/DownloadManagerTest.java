package org.visomaster.launcher.steps.models;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.steps.models.ModelsFixture.Model;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.testing.LoopbackFileServer;
import org.visomaster.launcher.testing.LoopbackFileServer.Fault;
import org.visomaster.launcher.testing.LoopbackFileServer.Request;

class DownloadManagerTest {
    @TempDir
    Path tmp;
    LoopbackFileServer server;
    ModelsFixture fx;
    Path root;

    @BeforeEach
    void setUp() throws Exception {
        server = new LoopbackFileServer();
        fx = new ModelsFixture(tmp, server, 8, 200_000);
        root = fx.ws.source();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private List<DownloadResult> download(int parallel, List<ModelEntry> entries) throws Exception {
        try (DownloadManager m = ModelsFixture.manager(parallel)) {
            return m.downloadAll(entries, root, DownloadListener.NONE, fx.cancellation);
        }
    }

    private DownloadResult downloadOne(int index) throws Exception {
        return download(1, List.of(fx.entries().get(index))).get(0);
    }

    private void assertVerified(Model m) throws Exception {
        assertArrayEquals(m.data(), Files.readAllBytes(fx.file(m)), m.name() + " has the served bytes");
        assertFalse(Files.exists(fx.part(m)), "no part file left for " + m.name());
    }

    @Test
    void downloadsEveryFileNAtATimeIntoNewFolders() throws Exception {
        server.holdMillis = 300;
        List<DownloadResult> results = download(3, fx.entries());
        assertTrue(results.stream().allMatch(DownloadResult::ok), results.toString());
        for (Model m : fx.models) {
            assertVerified(m);
        }
        assertEquals(3, server.maxInFlight.get(), "the server saw exactly 3 downloads at once");
        assertTrue(server.gets.stream().allMatch(r -> "identity".equals(r.header("Accept-Encoding"))));
    }

    @Test
    void anExistingPartIsResumedAndItsBytesAreHashed() throws Exception {
        Model m = fx.model(0);
        Files.createDirectories(fx.part(m).getParent());
        Files.write(fx.part(m), Arrays.copyOf(m.data(), 80_000));
        assertTrue(downloadOne(0).ok());
        assertVerified(m);
        List<Request> gets = server.getsFor(m.urlPath());
        assertEquals(1, gets.size());
        assertEquals("bytes=80000-", gets.get(0).header("Range"),
                "only the rest was requested, so the final hash covers the re-hashed part");
    }

    @Test
    void aCorruptPartIsCaughtByTheHashAndDownloadedAgainFromZero() throws Exception {
        Model m = fx.model(1);
        byte[] wrong = Arrays.copyOf(m.data(), 50_000);
        wrong[10] ^= 1;
        Files.createDirectories(fx.part(m).getParent());
        Files.write(fx.part(m), wrong);
        assertTrue(downloadOne(1).ok());
        assertVerified(m);
        List<Request> gets = server.getsFor(m.urlPath());
        assertEquals(2, gets.size());
        assertEquals("bytes=50000-", gets.get(0).header("Range"));
        assertEquals("bytes=0-", gets.get(1).header("Range"), "the retry after a mismatch starts from zero");
    }

    @Test
    void aServerIgnoringRangeRestartsTheFileCleanly() throws Exception {
        Model m = fx.model(2);
        server.serve(m.urlPath(), m.data(), Fault.IGNORE_RANGE);
        Files.createDirectories(fx.part(m).getParent());
        Files.write(fx.part(m), Arrays.copyOf(m.data(), 70_000));
        assertTrue(downloadOne(2).ok());
        assertVerified(m);
        assertEquals(1, server.getsFor(m.urlPath()).size(), "the 200 body was used from byte 0, no extra request");
    }

    @Test
    void aWrongContentRangeRestartsTheFileCleanly() throws Exception {
        Model m = fx.model(3);
        server.serve(m.urlPath(), m.data(), Fault.WRONG_CONTENT_RANGE);
        Files.createDirectories(fx.part(m).getParent());
        Files.write(fx.part(m), Arrays.copyOf(m.data(), 70_000));
        assertTrue(downloadOne(3).ok());
        assertVerified(m);
        List<Request> gets = server.getsFor(m.urlPath());
        assertEquals(2, gets.size());
        assertEquals("bytes=0-", gets.get(1).header("Range"));
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() throws Exception {
        Model m = fx.model(4);
        server.serve(m.urlPath(), m.data(), Fault.ERROR_500, Fault.ERROR_500, Fault.ERROR_500);
        assertTrue(downloadOne(4).ok());
        assertVerified(m);
        assertEquals(4, server.getsFor(m.urlPath()).size());
    }

    @Test
    void aTruncatedBodyIsResumedWhereItStopped() throws Exception {
        Model m = fx.model(0);
        server.serve(m.urlPath(), m.data(), Fault.TRUNCATE);
        assertTrue(downloadOne(0).ok());
        assertVerified(m);
        List<Request> gets = server.getsFor(m.urlPath());
        assertEquals(2, gets.size());
        String range = gets.get(1).header("Range");
        assertTrue(range != null && !range.equals("bytes=0-"), "resumed with " + range);
    }

    @Test
    void aLyingContentLengthIsTreatedAsATruncationAndResumed() throws Exception {
        Model m = fx.model(1);
        server.serve(m.urlPath(), m.data(), Fault.LIE_LENGTH);
        assertTrue(downloadOne(1).ok());
        assertVerified(m);
        // the 206's Content-Range declares the file's size: the body is read to that size, never waited on beyond it
        assertEquals(1, server.getsFor(m.urlPath()).size());
    }

    @Test
    void aStalledConnectionTimesOutAndIsResumed() throws Exception {
        Model m = fx.model(2);
        server.serve(m.urlPath(), m.data(), Fault.STALL);
        assertTrue(downloadOne(2).ok());
        assertVerified(m);
        assertEquals(2, server.getsFor(m.urlPath()).size());
    }

    @Test
    void notFoundFailsAtOnceWithASentence() throws Exception {
        Model m = fx.model(3);
        server.serveAlways(m.urlPath(), m.data(), Fault.NOT_FOUND);
        DownloadResult r = downloadOne(3);
        assertFalse(r.ok());
        assertEquals(m.name() + ": the server answered 404 Not Found for " + server.url(m.urlPath())
                + "; the file may have moved — set VISO_MODELS_BASE_URL to a mirror or try Repair later.", r.failure());
        assertEquals(1, server.getsFor(m.urlPath()).size(), "no retries for a 404");
        assertFalse(Files.exists(fx.file(m)));
    }

    @Test
    void wrongBytesAreRetriedOnceThenFailNamingModelUrlAndBothHashes() throws Exception {
        Model m = fx.model(4);
        server.serveAlways(m.urlPath(), m.data(), Fault.WRONG_BYTES);
        DownloadResult r = downloadOne(4);
        assertFalse(r.ok());
        assertEquals(2, server.getsFor(m.urlPath()).size(), "one fresh retry after the first mismatch");
        byte[] bad = m.data().clone();
        bad[bad.length / 2] ^= 0x5A;
        String actual = new ModelsFixture.Model("x", "x", "x", bad).sha256();
        assertTrue(r.failure().startsWith(m.name() + ": the file downloaded from " + server.url(m.urlPath())),
                r.failure());
        assertTrue(r.failure().contains("has SHA-256 " + actual + " but the manifest expects " + m.sha256()),
                r.failure());
        assertFalse(Files.exists(fx.file(m)), "never under its final name");
        assertFalse(Files.exists(fx.part(m)), "the bad copy is removed");
    }

    @Test
    void wrongBytesOnceThenRightBytesSucceeds() throws Exception {
        Model m = fx.model(5);
        server.serve(m.urlPath(), m.data(), Fault.WRONG_BYTES);
        assertTrue(downloadOne(5).ok());
        assertVerified(m);
    }

    @Test
    void aServerThatKeepsFailingGivesUpAfterSeveralAttempts() throws Exception {
        Model m = fx.model(6);
        server.serveAlways(m.urlPath(), m.data(), Fault.ERROR_500);
        DownloadResult r = downloadOne(6);
        assertFalse(r.ok());
        assertTrue(server.getsFor(m.urlPath()).size() >= 5, "at least 5 attempts");
        assertTrue(r.failure().startsWith(m.name() + ": downloading " + server.url(m.urlPath()) + " failed 6 times"
                + " (last: the server answered 500"), r.failure());
    }

    @Test
    void oneFailureDoesNotStopTheOthers() throws Exception {
        server.serveAlways(fx.model(2).urlPath(), fx.model(2).data(), Fault.NOT_FOUND);
        List<DownloadResult> results = download(4, fx.entries());
        assertEquals(7, results.stream().filter(DownloadResult::ok).count());
        assertFalse(results.get(2).ok());
        for (int i = 0; i < fx.models.size(); i++) {
            if (i != 2) {
                assertVerified(fx.model(i));
            }
        }
    }

    @Test
    void cancellingStopsTransfersAndLeavesPartFilesForResume() throws Exception {
        server.throttleBytesPerSecond = 50_000;
        for (Model m : fx.models) {
            server.serve(m.urlPath(), m.data(), Fault.THROTTLE);
        }
        java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
        DownloadListener counting = new DownloadListener() {
            @Override
            public void state(ModelEntry e, org.visomaster.launcher.engine.ProvisionEvent.ModelState s, String d) {
            }

            @Override
            public void position(ModelEntry e, long done, long total) {
            }

            @Override
            public void received(ModelEntry e, long n) {
                received.addAndGet(n);
            }
        };
        DownloadManager dm = ModelsFixture.manager(2);
        CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
            try {
                return dm.downloadAll(fx.entries(), root, counting, fx.cancellation);
            } catch (Exception e) {
                return e;
            } finally {
                dm.close();
            }
        });
        Model first = fx.model(0);
        await().until(() -> received.get() >= 40_000);
        fx.cancellation.cancel();
        Object outcome = run.get(5, TimeUnit.SECONDS);
        assertTrue(outcome instanceof Cancellation.CancelledException, String.valueOf(outcome));
        assertTrue(Files.size(fx.part(first)) > 0, "the part stays for the next run");
        assertFalse(Files.exists(fx.file(first)));
    }

    @Test
    void progressReportsBytesAndStates() throws Exception {
        List<String> states = new java.util.concurrent.CopyOnWriteArrayList<>();
        long[] last = new long[2];
        DownloadListener l = new DownloadListener() {
            @Override
            public void state(ModelEntry e, org.visomaster.launcher.engine.ProvisionEvent.ModelState s, String d) {
                states.add(s.name());
            }

            @Override
            public void position(ModelEntry e, long done, long total) {
                last[0] = done;
                last[1] = total;
            }

            @Override
            public void received(ModelEntry e, long n) {
            }
        };
        try (DownloadManager dm = ModelsFixture.manager(1)) {
            dm.downloadAll(List.of(fx.entries().get(0)), root, l, fx.cancellation);
        }
        assertEquals(List.of("QUEUED", "DOWNLOADING", "VERIFIED"), states);
        assertEquals(fx.model(0).data().length, last[0]);
        assertEquals(fx.model(0).data().length, last[1]);
    }

    @Test
    void aSlowTransferReachesTheDiskInSmallStepsNotWholeBuffers() throws Exception {
        server.throttleBytesPerSecond = 100_000;
        Model m = fx.model(0);
        server.serve(m.urlPath(), m.data(), Fault.THROTTLE);
        List<Long> positions = new java.util.concurrent.CopyOnWriteArrayList<>();
        DownloadListener l = new DownloadListener() {
            @Override
            public void state(ModelEntry e, org.visomaster.launcher.engine.ProvisionEvent.ModelState s, String d) {
            }

            @Override
            public void position(ModelEntry e, long done, long total) {
                positions.add(done);
            }

            @Override
            public void received(ModelEntry e, long n) {
            }
        };
        try (DownloadManager dm = ModelsFixture.manager(1)) {
            assertTrue(dm.downloadAll(List.of(fx.entries().get(0)), root, l, fx.cancellation).get(0).ok());
        }
        assertVerified(m);
        // about two seconds at 100 kB/s: a write at least every quarter second, long before a 128 KiB buffer fills
        assertTrue(positions.stream().distinct().count() >= 5, positions.toString());
        assertTrue(positions.get(1) < 128 << 10, positions.toString());
    }
}
