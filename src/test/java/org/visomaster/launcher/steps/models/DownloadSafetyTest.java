package org.visomaster.launcher.steps.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.testing.LoopbackFileServer;
import org.visomaster.launcher.testing.LoopbackFileServer.Fault;

/** Network down, endless bodies, a full disk and hostile redirects, against real loopback sockets. */
class DownloadSafetyTest {
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

    private List<DownloadResult> download(OkHttpClient client, DownloadManager.Settings s, List<ModelEntry> entries,
                                          DownloadManager[] keep) throws Exception {
        try (DownloadManager m = new DownloadManager(client, s, new FileHasher())) {
            keep[0] = m;
            return m.downloadAll(entries, root, DownloadListener.NONE, new Cancellation());
        }
    }

    private static List<ModelEntry> entries(String base, int n) {
        List<ModelEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ModelEntry("Model" + i, "model_assets/m" + i + ".onnx", "0".repeat(64), base + "/m" + i));
        }
        return out;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void refusedConnectionsEndTheRunInSecondsWithOneSentence() throws Exception {
        DownloadManager[] m = new DownloadManager[1];
        long t0 = System.nanoTime();
        // the real schedule (1 s, 2 s … 16 s apart): retrying 57 models would take minutes
        List<DownloadResult> results = download(ModelsFixture.testClient(), DownloadManager.Settings.defaults(4),
                entries("http://127.0.0.1:" + closedPort(), 57), m);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 5, "the run ended in " + seconds + " s");
        String sentence = m[0].networkDown().orElseThrow();
        assertTrue(sentence.contains("refuses connections"), sentence);
        assertTrue(results.stream().noneMatch(DownloadResult::ok));
        assertTrue(results.stream().allMatch(r -> r.failure().equals(sentence)), "one sentence for all");
    }

    @Test
    void aHostThatDoesNotResolveEndsTheRunInSeconds() throws Exception {
        Dns none = host -> {
            throw new UnknownHostException(host + ": Name or service not known");
        };
        OkHttpClient client = HttpClients.withResolver(none, RedirectGuard.ADDRESSES);
        DownloadManager[] m = new DownloadManager[1];
        long t0 = System.nanoTime();
        download(client, DownloadManager.Settings.defaults(4), entries("http://models.example.invalid", 20), m);
        assertTrue((System.nanoTime() - t0) / 1e9 < 5);
        String sentence = m[0].networkDown().orElseThrow();
        assertTrue(sentence.contains("models.example.invalid:80 does not resolve (DNS failure)"), sentence);
    }

    @Test
    void oneFlakyFileStillRetriesWhileTheOthersDownload() throws Exception {
        byte[] d = SegmentedDownloadTest.data(200_000, 1);
        server.serve("/good", d);
        server.cap(100_000); // the good file takes 2 s: bytes keep arriving while the flaky one fails
        List<ModelEntry> list = List.of(
                new ModelEntry("Good", "model_assets/good.onnx", SegmentedDownloadTest.sha(d), server.url("/good")),
                new ModelEntry("Flaky", "model_assets/flaky.onnx", "0".repeat(64),
                        "http://127.0.0.1:" + closedPort() + "/flaky"));
        DownloadManager[] m = new DownloadManager[1];
        List<DownloadResult> results = download(ModelsFixture.testClient(),
                DownloadManager.Settings.withBackoff(2, Duration.ofMillis(20)), list, m);
        assertTrue(results.get(0).ok(), String.valueOf(results.get(0).failure()));
        assertFalse(results.get(1).ok());
        assertTrue(results.get(1).failure().contains("failed 6 times"), results.get(1).failure());
        assertTrue(m[0].networkDown().isEmpty());
    }

    @Test
    void anEndlessChunkedBodyStopsAtTheCapAndIsRemoved() throws Exception {
        server.serveAlways("/endless", new byte[0], Fault.ENDLESS);
        ModelEntry e = new ModelEntry("Endless", "model_assets/endless.onnx", "0".repeat(64), server.url("/endless"));
        DownloadManager[] m = new DownloadManager[1];
        DownloadResult r = download(ModelsFixture.testClient(), DownloadManager.Settings.withBackoff(1,
                Duration.ofMillis(5)).withBounds(4L << 20, 0), List.of(e), m).get(0);
        assertFalse(r.ok());
        assertTrue(r.failure().startsWith("Endless: ") && r.failure().contains("without declaring a length"),
                r.failure());
        assertFalse(Files.exists(e.partFile(root)) || Files.exists(e.file(root)));
    }

    @Test
    void aDownloadNeverTakesTheDiskBelowTheReserve() throws Exception {
        server.serveAlways("/endless", new byte[0], Fault.ENDLESS);
        Files.createDirectories(root);
        long free = Files.getFileStore(root).getUsableSpace();
        long reserve = free - (48L << 20); // leaves the download about 48 MiB of this disk
        ModelEntry e = new ModelEntry("Filler", "model_assets/filler.onnx", "0".repeat(64), server.url("/endless"));
        DownloadManager[] m = new DownloadManager[1];
        DownloadResult r = download(ModelsFixture.testClient(), DownloadManager.Settings.withBackoff(1,
                Duration.ofMillis(5)).withBounds(1L << 40, reserve), List.of(e), m).get(0);
        assertFalse(r.ok());
        assertTrue(r.failure().startsWith("Filler: stopped: the workspace disk has ") && r.failure().contains(
                "free for its state and logs"), r.failure());
        long part = Files.size(e.partFile(root));
        assertTrue(part <= (48L << 20) + 2 * SpaceGuard.CHECK_EVERY, "stopped near the reserve: " + part);
    }

    @Test
    void aDeclaredSizeThatDoesNotFitFailsBeforeAnyByte() throws Exception {
        byte[] d = SegmentedDownloadTest.data(16 << 20, 2); // 15 MiB more than allowed: other writers' noise is far less
        server.serve("/big", d);
        Files.createDirectories(root);
        long reserve = Files.getFileStore(root).getUsableSpace() - (1L << 20);
        ModelEntry e = new ModelEntry("TooBig", "model_assets/big.onnx", SegmentedDownloadTest.sha(d),
                server.url("/big"));
        DownloadManager[] m = new DownloadManager[1];
        DownloadResult r = download(ModelsFixture.testClient(), DownloadManager.Settings.withBackoff(1,
                Duration.ofMillis(5)).withBounds(1L << 40, reserve), List.of(e), m).get(0);
        assertFalse(r.ok());
        assertTrue(r.failure().startsWith("TooBig: needs 16.0 MiB more, but the workspace disk has "), r.failure());
        assertEquals(0, r.bytesReceived());
    }

    @Test
    void aRedirectFromAPublicHostIntoTheLocalNetworkIsRefusedWithoutReadingIt() throws Exception {
        byte[] secret = "the metadata service's answer".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        server.serve("/secret", secret);
        server.redirect("/release/model.onnx", server.url("/secret"));
        // a made-up public name that lives on this machine; everything else resolves as usual
        Dns dns = host -> host.equals("cdn.public.example") ? List.of(InetAddress.getLoopbackAddress())
                : Dns.SYSTEM.lookup(host);
        OkHttpClient client = HttpClients.withResolver(dns,
                (host, address) -> !host.equals("cdn.public.example") && RedirectGuard.isPrivate(address));
        String port = server.url("/").replaceAll(".*:(\\d+)/", "$1");
        String sha = SegmentedDownloadTest.sha(secret);
        ModelEntry e = new ModelEntry("Hostile", "model_assets/hostile.onnx", sha,
                "http://cdn.public.example:" + port + "/release/model.onnx");
        DownloadManager[] m = new DownloadManager[1];
        DownloadResult r = download(client, DownloadManager.Settings.withBackoff(1, Duration.ofMillis(5)),
                List.of(e), m).get(0);
        assertFalse(r.ok());
        assertTrue(r.failure().startsWith("Hostile: http://cdn.public.example:" + port + "/release/model.onnx"
                + " redirected to http://127.0.0.1 (127.0.0.1), a private or local address"), r.failure());
        assertTrue(server.getsFor("/secret").isEmpty(), "the private address was never asked");
        assertFalse(r.failure().contains(sha) || Files.exists(e.file(root)));
        // loopback to loopback, as every other test does, stays allowed
        ModelEntry local = new ModelEntry("Local", "model_assets/local.onnx", sha, server.url("/release/model.onnx"));
        assertTrue(download(client, DownloadManager.Settings.withBackoff(1, Duration.ofMillis(5)), List.of(local),
                m).get(0).ok());
    }
}
