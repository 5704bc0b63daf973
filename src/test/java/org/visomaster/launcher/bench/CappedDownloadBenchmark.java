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
 * P1: 8 files × 64 MiB from a loopback server that caps every connection at 10 MiB/s — the launcher's
 * DownloadManager (default 4 at a time, and 8) against one sequential stream. Goal: ≥ 3.5× faster.
 */
class CappedDownloadBenchmark {
    private static final int FILES = 8;
    private static final long SIZE = 64L << 20;
    private static final long CAP = 10L << 20;

    @TempDir
    Path tmp;

    @Test
    void launcherAgainstOneSequentialStream() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("served"));
        try (LoopbackFileServer server = new LoopbackFileServer(served, CAP)) {
            List<ModelEntry> entries = BenchFiles.models(served, server, FILES, SIZE);
            long bytes = FILES * SIZE;
            double sequential = DownloadBench.sequential(entries, tmp.resolve("seq"));
            BenchFiles.deleteTree(tmp.resolve("seq"));
            double four = DownloadBench.launcher(entries, tmp.resolve("l4"), 4);
            BenchFiles.deleteTree(tmp.resolve("l4"));
            double eight = DownloadBench.launcher(entries, tmp.resolve("l8"), 8);
            BenchFiles.deleteTree(tmp.resolve("l8"));
            assertTrue(four > 0 && eight > 0 && sequential > 0, "every run fetched and verified all files");
            StringBuilder out = new StringBuilder(BenchFiles.header(
                    "P1: 8 × 64 MiB, each connection capped at 10 MiB/s (goal: launcher ≥ 3.5× the sequential stream)"));
            out.append('\n').append(BenchFiles.row("one sequential stream (reference)", sequential, bytes, sequential));
            out.append('\n').append(BenchFiles.row("launcher DownloadManager, 4 parallel (default)", four, bytes,
                    sequential));
            out.append('\n').append(BenchFiles.row("launcher DownloadManager, 8 parallel", eight, bytes, sequential));
            System.out.println(out);
        } finally {
            BenchFiles.deleteTree(tmp);
        }
    }
}
