package org.visomaster.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.steps.models.ModelEntry;
import org.visomaster.launcher.testing.LoopbackFileServer;

/**
 * P2: 8 files × 64 MiB from an uncapped loopback server — the launcher's DownloadManager (4 at a time, its default,
 * and 8; hashing while it streams) against {@code curl --parallel --parallel-max 8} (no hashing). Goal: ≥ 0.9× curl's speed.
 * Best of seven runs each, interleaved, since the machine may be shared.
 */
class UncappedDownloadBenchmark {
    private static final int FILES = 8;
    private static final long SIZE = 64L << 20;
    private static final int ROUNDS = 7;

    @TempDir
    Path tmp;

    @Test
    void launcherAgainstCurlParallel() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("served"));
        try (LoopbackFileServer server = new LoopbackFileServer(served, 0)) {
            List<ModelEntry> entries = BenchFiles.models(served, server, FILES, SIZE);
            long bytes = FILES * SIZE;
            boolean hasCurl = DownloadBench.isOnPath("curl");
            double curl = Double.MAX_VALUE;
            double launcher8 = Double.MAX_VALUE;
            double launcher4 = Double.MAX_VALUE;
            double sequential = Double.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                if (hasCurl) {
                    curl = Math.min(curl, DownloadBench.curl(entries, tmp.resolve("curl"), 8));
                    BenchFiles.deleteTree(tmp.resolve("curl"));
                }
                launcher8 = Math.min(launcher8, DownloadBench.launcher(entries, tmp.resolve("l8"), 8));
                BenchFiles.deleteTree(tmp.resolve("l8"));
                launcher4 = Math.min(launcher4, DownloadBench.launcher(entries, tmp.resolve("l4"), 4));
                BenchFiles.deleteTree(tmp.resolve("l4"));
                sequential = Math.min(sequential, DownloadBench.sequential(entries, tmp.resolve("seq")));
                BenchFiles.deleteTree(tmp.resolve("seq"));
            }
            double reference = hasCurl ? curl : sequential;
            // every launcher run verified all hashes (DownloadBench throws otherwise); this checks they ran
            assertTrue(launcher4 < Double.MAX_VALUE && launcher8 < Double.MAX_VALUE, "the launcher runs completed");
            StringBuilder out = new StringBuilder(BenchFiles.header("P2: 8 × 64 MiB uncapped on loopback, best of "
                    + ROUNDS + " (goal: launcher ≥ 0.9× curl --parallel; ratio = reference time / time)"));
            if (hasCurl) {
                out.append('\n').append(BenchFiles.row("curl --parallel --parallel-max 8 (reference)", curl, bytes,
                        reference));
            } else {
                out.append("\n(curl is not on PATH: the sequential stream is the reference instead)");
            }
            out.append('\n').append(BenchFiles.row("launcher DownloadManager, 8 parallel", launcher8, bytes,
                    reference));
            out.append('\n').append(BenchFiles.row("launcher DownloadManager, 4 parallel (default)", launcher4, bytes,
                    reference));
            out.append('\n').append(BenchFiles.row("one sequential stream, no hashing", sequential, bytes, reference));
            out.append("\n(" + Runtime.getRuntime().availableProcessors() + " CPUs; the launcher also computes SHA-256"
                    + " of every byte, curl does not)");
            System.out.println(out);
        } finally {
            BenchFiles.deleteTree(tmp);
        }
    }
}
