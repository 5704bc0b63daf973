package org.visomaster.launcher.steps.models;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.infra.util.Sha256;
import org.visomaster.launcher.testing.LoopbackFileServer;
import org.visomaster.launcher.testing.LoopbackFileServer.Fault;
import org.visomaster.launcher.testing.LoopbackFileServer.Request;

/** Segmented downloads against a real loopback server: ranges, resume after SIGKILL, odd servers, signed URLs. */
class SegmentedDownloadTest {
    static final long MIN_SEGMENT = 64 << 10;

    @TempDir
    Path tmp;
    LoopbackFileServer server;
    Path root;

    @BeforeEach
    void setUp() throws Exception {
        server = new LoopbackFileServer();
        root = tmp.resolve("src");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    static byte[] data(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha(byte[] b) {
        MessageDigest md = Sha256.newDigest();
        md.update(b);
        return Sha256.hex(md);
    }

    static DownloadManager.Settings settings(int perServer, boolean hashInOrder) {
        return DownloadManager.Settings.withBackoff(4, Duration.ofMillis(5)).withConnections(perServer, 16)
                .withSegments(MIN_SEGMENT, hashInOrder).withSplitAfter(Duration.ZERO);
    }

    ModelEntry serve(String name, byte[] data, Fault... faults) {
        server.serve("/m/" + name, data, faults);
        return new ModelEntry(name, "model_assets/" + name, sha(data), server.url("/m/" + name));
    }

    List<DownloadResult> download(DownloadManager.Settings s, ModelEntry... entries) throws Exception {
        try (DownloadManager m = new DownloadManager(ModelsFixture.testClient(), s, new FileHasher())) {
            return m.downloadAll(List.of(entries), root, DownloadListener.NONE, new Cancellation());
        }
    }

    void assertVerified(ModelEntry e, byte[] data) throws Exception {
        assertArrayEquals(data, Files.readAllBytes(e.file(root)), e.name() + " has the served bytes");
        assertFalse(Files.exists(e.partFile(root)), "no part left for " + e.name());
    }

    /** The [start, end] ranges of the bounded Range requests the server saw for a path. */
    List<long[]> boundedRanges(String path) {
        List<long[]> out = new ArrayList<>();
        for (Request r : server.getsFor(path)) {
            String range = r.header("Range");
            if (range != null && range.matches("bytes=\\d+-\\d+")) {
                String[] p = range.substring(6).split("-");
                out.add(new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])});
            }
        }
        return out;
    }

    @ParameterizedTest(name = "hash in order: {0}")
    @ValueSource(booleans = {true, false})
    void aLargeFileComesOverSeveralRangeConnectionsOfDifferentLengthsAndIsVerified(boolean inOrder) throws Exception {
        byte[] d = data((1 << 20) + 12_345, 1); // not a multiple of anything: the last segment is longer
        ModelEntry e = serve("big.onnx", d);
        server.holdMillis = 150;
        DownloadResult r = download(settings(4, inOrder), e).get(0);
        assertTrue(r.ok(), String.valueOf(r.failure()));
        assertVerified(e, d);
        int most = server.maxInFlight.get();
        assertTrue(most >= 3 && most <= 4, "several connections at once, never more than the per-server 4: " + most);
        assertEquals("bytes=0-", server.getsFor("/m/big.onnx").get(0).header("Range"));
        List<long[]> ranges = boundedRanges("/m/big.onnx");
        assertTrue(ranges.size() >= 4, "the rest came in bounded segments: " + ranges.size());
        assertTrue(ranges.stream().map(x -> x[1] - x[0]).distinct().count() >= 2, "segments of different lengths");
        assertEquals(d.length, r.bytesReceived() + 0, "every byte fetched once (the first stream stops at its end)");
    }

    @Test
    void aPartWithASegmentMapResumesOnlyTheMissingBytes() throws Exception {
        byte[] d = data(900_001, 2);
        ModelEntry e = serve("resume.onnx", d);
        SegmentMap map = SegmentMap.plan(d.length, 0, MIN_SEGMENT, 4);
        Path part = e.partFile(root);
        Files.createDirectories(part.getParent());
        long done = 0;
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            int i = 0;
            for (SegmentMap.Segment s : map.segments()) {
                long n = (s.end - s.start) * (i++ % 3) / 3; // nothing, a third, two thirds: different per segment
                ch.write(ByteBuffer.wrap(d, (int) s.start, (int) n), s.start);
                map.advance(s, n);
                done += n;
            }
            map.writeTo(ch);
        }
        assertTrue(done > 0 && SegmentMap.read(part) != null);
        DownloadResult r = download(settings(4, true), e).get(0);
        assertTrue(r.ok(), String.valueOf(r.failure()));
        assertVerified(e, d);
        assertEquals(d.length - done, server.bytesServed.get(), "only the missing bytes were fetched");
        assertTrue(server.getsFor("/m/resume.onnx").stream().allMatch(g -> g.header("Range").matches("bytes=\\d+-\\d+")));
    }

    @Test
    void withSegmentingTurnedOffASegmentedPartKeepsItsContiguousStart() throws Exception {
        byte[] d = data(500_000, 11);
        ModelEntry e = serve("off.onnx", d);
        SegmentMap map = SegmentMap.plan(d.length, 0, MIN_SEGMENT, 2);
        Path part = e.partFile(root);
        Files.createDirectories(part.getParent());
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            SegmentMap.Segment first = map.segments().get(0);
            SegmentMap.Segment second = map.segments().get(1);
            ch.write(ByteBuffer.wrap(d, 0, 1000), 0);
            map.advance(first, 1000);
            ch.write(ByteBuffer.wrap(d, (int) second.start, 500), second.start);
            map.advance(second, 500);
            map.writeTo(ch);
        }
        DownloadResult r = download(settings(4, true).withSegments(0, true), e).get(0);
        assertTrue(r.ok(), String.valueOf(r.failure()));
        assertVerified(e, d);
        assertEquals("bytes=1000-", server.getsFor("/m/off.onnx").get(0).header("Range"));
    }

    @Test
    void segmentsResumeAfterTheLauncherIsKilled() throws Exception {
        byte[] d = data(3 << 20, 3);
        ModelEntry e = serve("killed.onnx", d);
        server.cap(256 << 10); // 4 connections × 256 KiB/s: about 3 s for the file
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SegmentedDownloadChild.class.getName(), e.url(), e.sha256(),
                root.toString(), e.relativePath());
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.txt").toFile()).start();
        Path part = e.partFile(root);
        try {
            await().alias("the child has written a third of the file").atMost(Duration.ofSeconds(60)).until(() -> {
                assertTrue(child.isAlive(), () -> "the child is still downloading: " + childOutput());
                SegmentMap m = SegmentMap.read(part);
                return m != null && m.doneBytes() >= d.length / 3;
            });
        } finally {
            child.destroyForcibly(); // SIGKILL: no chance to write anything more
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        SegmentMap left = SegmentMap.read(part);
        assertTrue(left != null && !left.complete(), "the killed run left a part with its segment map");
        server.cap(0);
        int getsBefore = boundedRanges("/m/killed.onnx").size();
        DownloadResult r = download(settings(4, true), e).get(0);
        assertTrue(r.ok(), String.valueOf(r.failure()));
        assertVerified(e, d);
        long asked = 0;
        for (long[] range : boundedRanges("/m/killed.onnx").subList(getsBefore, boundedRanges("/m/killed.onnx").size())) {
            asked += range[1] - range[0] + 1;
        }
        assertEquals(d.length - left.doneBytes(), asked, "the restart asked for exactly what the map said was missing");
        assertEquals(asked, r.bytesReceived());
    }

    private String childOutput() {
        try {
            return Files.readString(tmp.resolve("child.txt"));
        } catch (java.io.IOException ex) {
            return ex.toString();
        }
    }

    @Test
    void aRangeAnsweredWith200FallsBackToOneStreamWithoutCorruptingTheFile() throws Exception {
        byte[] d = data(700_000, 4);
        Fault[] faults = new Fault[12];
        java.util.Arrays.fill(faults, Fault.IGNORE_RANGE);
        faults[0] = Fault.NONE; // the first answer is a proper 206, the segments' are 200s
        ModelEntry e = serve("liar.onnx", d, faults);
        DownloadResult r = download(settings(4, true), e).get(0);
        assertTrue(r.ok(), String.valueOf(r.failure()));
        assertVerified(e, d);
    }

    @Test
    void aServerWithoutRangeGetsOneStream() throws Exception {
        byte[] d = data(700_000, 5);
        server.serveAlways("/m/norange.onnx", d, Fault.IGNORE_RANGE);
        ModelEntry e = new ModelEntry("NoRange", "model_assets/norange.onnx", sha(d), server.url("/m/norange.onnx"));
        DownloadResult r = download(settings(4, true), e).get(0);
        assertTrue(r.ok(), String.valueOf(r.failure()));
        assertVerified(e, d);
        assertEquals(1, server.getsFor("/m/norange.onnx").size(), "one request, one stream");
    }

    @Test
    void aServerGivingNoLengthGetsOneStream() throws Exception {
        byte[] d = data(700_000, 10);
        server.serveAlways("/m/chunked.onnx", d, Fault.CHUNKED);
        ModelEntry e = new ModelEntry("Chunked", "model_assets/chunked.onnx", sha(d), server.url("/m/chunked.onnx"));
        DownloadResult r = download(settings(4, true), e).get(0);
        assertTrue(r.ok(), String.valueOf(r.failure()));
        assertVerified(e, d);
        assertEquals(1, server.getsFor("/m/chunked.onnx").size(), "one request, one stream");
    }

    @Test
    void anExpiredSignedUrlMidSegmentIsAskedForAgainFromTheFirstUrl() throws Exception {
        byte[] d = data(1 << 20, 6);
        server.serve("/m/signed.onnx", d);
        server.signedRedirects(300, true); // each signed URL lives 300 ms, and a response still going is cut then
        server.cap(512 << 10);             // a 256 KiB segment takes 500 ms: every first try is cut mid-segment
        ModelEntry e = new ModelEntry("Signed", "model_assets/signed.onnx", sha(d),
                server.redirectingUrl("/m/signed.onnx"));
        DownloadManager.Settings s = DownloadManager.Settings.withBackoff(4, Duration.ofMillis(5))
                .withConnections(4, 16).withSegments(256 << 10, true).withSplitAfter(Duration.ZERO);
        DownloadResult r = download(s, e).get(0);
        assertTrue(r.ok(), String.valueOf(r.failure()));
        assertVerified(e, d);
        long asked = server.gets.stream().filter(g -> g.path().startsWith("/r/")).count();
        long segments = d.length / (256 << 10);
        assertTrue(asked > segments, "the first URL was asked again after cuts: " + asked);
        assertTrue(server.gets.stream().filter(g -> g.path().startsWith("/s/")).allMatch(
                g -> g.header("Range") != null), "every signed request was a Range request");
    }

    @Test
    void aHashMismatchNamesTheModelAndRemovesTheBadCopy() throws Exception {
        byte[] d = data(600_000, 7);
        server.serve("/m/wrong.onnx", d);
        ModelEntry e = new ModelEntry("WrongHash", "model_assets/wrong.onnx", sha(new byte[] {1}),
                server.url("/m/wrong.onnx"));
        DownloadResult r = download(settings(4, true), e).get(0);
        assertFalse(r.ok());
        assertTrue(r.failure().startsWith("WrongHash: "), r.failure());
        assertTrue(r.failure().contains(sha(d)) && r.failure().contains(e.sha256()), r.failure());
        assertFalse(Files.exists(e.file(root)) || Files.exists(e.partFile(root)), "nothing kept under either name");
    }

    @Test
    void theSegmentMapSurvivesItsTrailerAndRejectsADamagedOne() throws Exception {
        SegmentMap map = SegmentMap.plan(1_000_003, 100, 1000, 8);
        assertEquals(17, map.segments().size(), "the prefix and 2 × 8 pieces");
        assertEquals(1_000_003, map.segments().get(16).end);
        map.advance(map.segments().get(3), 7);
        Path p = tmp.resolve("x.part");
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            map.writeTo(ch);
        }
        SegmentMap back = SegmentMap.read(p);
        assertEquals(map.doneBytes(), back.doneBytes());
        assertEquals(107, back.doneBytes());
        assertEquals(100, back.contiguousEnd());
        assertEquals(107, SegmentMap.bytesOnDisk(p), "what the planner and the report count for a segmented part");
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {9}), 1_000_003 + 30); // one byte of the map flipped
        }
        assertEquals(null, SegmentMap.read(p), "a damaged map is not trusted");
    }

    @Test
    void withTheDefaultsAFastFileStaysOneStreamAndACappedOneIsSplit() throws Exception {
        byte[] fast = data(5 << 20, 8);
        byte[] slow = data(5 << 20, 9);
        ModelEntry f = serve("fast.onnx", fast);
        server.serveAlways("/m/slow.onnx", slow, Fault.THROTTLE);
        server.throttleBytesPerSecond = 1 << 20; // 5 s on one connection, more than the 2 s the defaults accept
        ModelEntry s = new ModelEntry("Slow", "model_assets/slow.onnx", sha(slow), server.url("/m/slow.onnx"));
        DownloadManager.Settings d = DownloadManager.Settings.withBackoff(4, Duration.ofMillis(5));
        List<DownloadResult> r = download(d, f, s);
        assertTrue(r.get(0).ok() && r.get(1).ok(), r.toString());
        assertVerified(f, fast);
        assertVerified(s, slow);
        assertEquals(1, server.getsFor("/m/fast.onnx").size(), "the fast file came over one stream");
        assertTrue(boundedRanges("/m/slow.onnx").size() >= 1, "the capped file was split: " + server.getsFor("/m/slow.onnx").stream().map(g -> g.header("Range")).toList());
    }
}
