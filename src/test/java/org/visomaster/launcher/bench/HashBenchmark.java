package org.visomaster.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.steps.models.FileHasher;

/**
 * P3: SHA-256 of a 2 GiB file (in the page cache) — the launcher's FileHasher against {@code sha256sum}.
 * Goal: ≥ 0.9× sha256sum's speed. Best of three, interleaved.
 */
class HashBenchmark {
    private static final long SIZE = 2L << 30;
    private static final int ROUNDS = 3;

    @TempDir
    Path tmp;

    @Test
    void fileHasherAgainstSha256sum() throws Exception {
        Path file = tmp.resolve("big.bin");
        try {
            String expected = BenchFiles.write(file, SIZE, 7);
            boolean hasTool = DownloadBench.isOnPath("sha256sum");
            double tool = Double.MAX_VALUE;
            double java = Double.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                if (hasTool) {
                    long t0 = System.nanoTime();
                    Process p = new ProcessBuilder("sha256sum", file.toString()).start();
                    String out = new String(p.getInputStream().readAllBytes()).trim();
                    p.waitFor();
                    tool = Math.min(tool, (System.nanoTime() - t0) / 1e9);
                    assertEquals(expected, out.substring(0, 64));
                }
                long t0 = System.nanoTime();
                String got = new FileHasher().hash(file);
                java = Math.min(java, (System.nanoTime() - t0) / 1e9);
                assertEquals(expected, got);
            }
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            double reference = hasTool ? tool : java;
            StringBuilder out = new StringBuilder(BenchFiles.header("P3: SHA-256 of a 2 GiB file, best of " + ROUNDS
                    + " (goal: launcher ≥ 0.9× sha256sum; ratio = reference time / time)"));
            if (hasTool) {
                out.append('\n').append(BenchFiles.row("sha256sum (reference)", tool, SIZE, reference));
            } else {
                out.append("\n(sha256sum is not on PATH: no reference)");
            }
            out.append('\n').append(BenchFiles.row("launcher FileHasher (1 MiB FileChannel reads)", java, SIZE,
                    reference));
            out.append("\n(JVM " + System.getProperty("java.vm.version") + ", UseSHA="
                    + hs.getVMOption("UseSHA").getValue() + " (SHA-256 intrinsics follow it on CPUs with SHA-NI), "
                    + Runtime.getRuntime().availableProcessors() + " CPUs)");
            System.out.println(out);
        } finally {
            BenchFiles.deleteTree(tmp);
        }
    }
}
