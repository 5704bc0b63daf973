package org.visomaster.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.steps.models.DownloadManager.Settings;
import org.visomaster.launcher.steps.models.ModelEntry;
import org.visomaster.launcher.testing.LoopbackFileServer;

/**
 * P2: 8 files × 64 MiB from an uncapped loopback server — the launcher's DownloadManager (its defaults, segmented,
 * and the alternatives measured to choose them; always hashing) against {@code curl --parallel --parallel-max 8} (no hashing). Goal: ≥ 0.9× curl's speed.
 * Best of five runs each, interleaved, since the machine may be shared.
 */
class UncappedDownloadBenchmark {
    private static final int FILES = 8;
    private static final long SIZE = 64L << 20;
    private static final int ROUNDS = 5;

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
            double sequential = Double.MAX_VALUE;
            Settings defaults = Settings.defaults(4);
            Settings always = defaults.withSplitAfter(java.time.Duration.ZERO);
            String[] names = {"launcher defaults (4 files, split when > 2 s left)",
                    "launcher, every file split at once, hash in order", "launcher, every file split, hash at end",
                    "launcher, 4 files, one stream each (before)", "launcher, 8 files, one stream each"};
            Settings[] variants = {defaults, always, always.withSegments(defaults.minSegment(), false),
                    defaults.withSegments(0, true), Settings.defaults(8).withSegments(0, true)};
            double[] best = new double[variants.length];
            java.util.Arrays.fill(best, Double.MAX_VALUE);
            for (int round = 0; round < ROUNDS; round++) {
                if (hasCurl) {
                    curl = Math.min(curl, DownloadBench.curl(entries, tmp.resolve("curl"), 8));
                    BenchFiles.deleteTree(tmp.resolve("curl"));
                }
                for (int v = 0; v < variants.length; v++) {
                    best[v] = Math.min(best[v], DownloadBench.launcher(entries, tmp.resolve("l" + v), variants[v]));
                    BenchFiles.deleteTree(tmp.resolve("l" + v));
                }
                sequential = Math.min(sequential, DownloadBench.sequential(entries, tmp.resolve("seq")));
                BenchFiles.deleteTree(tmp.resolve("seq"));
            }
            double reference = hasCurl ? curl : sequential;
            // every launcher run verified all hashes (DownloadBench throws otherwise); this checks they ran
            assertTrue(best[0] < Double.MAX_VALUE, "the launcher runs completed");
            StringBuilder out = new StringBuilder(BenchFiles.header("P2: 8 × 64 MiB uncapped on loopback, best of "
                    + ROUNDS + " (goal: launcher ≥ 0.9× curl --parallel; ratio = reference time / time)"));
            if (hasCurl) {
                out.append('\n').append(BenchFiles.row("curl --parallel --parallel-max 8 (reference)", curl, bytes,
                        reference));
            } else {
                out.append("\n(curl is not on PATH: the sequential stream is the reference instead)");
            }
            for (int v = 0; v < variants.length; v++) {
                out.append('\n').append(BenchFiles.row(names[v], best[v], bytes, reference));
            }
            out.append('\n').append(BenchFiles.row("one sequential stream, no hashing", sequential, bytes, reference));
            out.append("\n(" + Runtime.getRuntime().availableProcessors() + " CPUs; the launcher also computes SHA-256"
                    + " of every byte, curl does not)");
            System.out.println(out);
        } finally {
            BenchFiles.deleteTree(tmp);
        }
    }
}
