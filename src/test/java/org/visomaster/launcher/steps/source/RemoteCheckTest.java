package org.visomaster.launcher.steps.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteCheckTest {
    @TempDir
    Path tmp;

    @Test
    void reachableRepositoryGivesNoProblem() throws Exception {
        try (Upstream up = Upstream.create(tmp.resolve("up"))) {
            assertEquals(Optional.empty(), RemoteCheck.check(up.url(), Duration.ofSeconds(10)));
        }
    }

    @Test
    void missingRepositoryGivesTheSentence() {
        String url = tmp.resolve("missing").toUri().toString();
        String problem = RemoteCheck.check(url, Duration.ofSeconds(10)).orElseThrow();
        assertTrue(problem.startsWith("Could not reach " + url + ": "), problem);
        assertTrue(problem.endsWith("set VISO_REPO_URL to a mirror."), problem);
    }

    @Test
    void refusedConnectionGivesTheSentence() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/visomaster/VisoMaster.git";
        String problem = RemoteCheck.check(url, Duration.ofSeconds(10)).orElseThrow();
        assertTrue(problem.startsWith("Could not reach " + url + ": "), problem);
    }

    @Test
    void silentServerIsCutOffAtTheTimeout() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket ignored = s.accept()) {
                    Thread.sleep(30_000);
                } catch (Exception e) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "http://127.0.0.1:" + s.getLocalPort() + "/repo.git";
            long start = System.nanoTime();
            String problem = RemoteCheck.check(url, Duration.ofSeconds(2)).orElseThrow();
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertTrue(seconds < 8, "took " + seconds + " s");
            assertTrue(problem.startsWith("Could not reach " + url + ": "), problem);
        }
    }
}
