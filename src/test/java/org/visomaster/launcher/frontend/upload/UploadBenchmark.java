package org.visomaster.launcher.frontend.upload;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.visomaster.launcher.imports.ImportService;

/**
 * Upload throughput against cp, same file, same disk, same run: {@code ./mvnw -Pbench test -Dtest=UploadBenchmark}.
 * Each method runs three times, interleaved, and its best run counts. The server fsyncs every upload before answering while plain cp
 * does not, so a "cp + sync" row is shown too. The launcher's heap is sampled during the uploads.
 */
class UploadBenchmark {
    private static final long SIZE = Long.getLong("upload.bench.bytes", 1L << 30);
    private static final int RUNS = 3;

    /** Runs without Maven too (a plain class path), for a quiet machine that has only a JRE and curl. */
    public static void main(String[] args) throws Exception {
        new UploadBenchmark().uploadAgainstCp();
    }

    @Test
    void uploadAgainstCp() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "upload-bench").toAbsolutePath());
        Path ws = dir.resolve("workspace");
        Path source = dir.resolve("source.bin");
        try {
            writeRandom(source, SIZE);
            Path copy = dir.resolve("copy.bin");
            UploadTestSupport t = new UploadTestSupport(ws, new ImportService(new org.visomaster.launcher.infra.workspace
                    .Workspace(ws))::importFile, List.of(),
                    s -> s.withMaxBytes(64L << 30).withReserve(UploadSettings.DEFAULT_RESERVE)
                            .withHeartbeat(UploadSettings.DEFAULT_HEARTBEAT));
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            double cp = Double.MAX_VALUE;
            double cpSync = Double.MAX_VALUE;
            double upload = Double.MAX_VALUE;
            long heapGrowth;
            String answer = "";
            try {
                System.gc();
                long baseline = memory.getHeapMemoryUsage().getUsed();
                AtomicLong peak = new AtomicLong(baseline);
                AtomicBoolean sampling = new AtomicBoolean(true);
                Thread sampler = new Thread(() -> {
                    while (sampling.get()) {
                        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                sampler.start();
                // interleaved, so that a busy moment on a shared machine hits every method alike
                for (int i = 0; i < RUNS; i++) {
                    cp = Math.min(cp, timed("cp", source.toString(), copy.toString()));
                    Files.deleteIfExists(copy);
                    cpSync = Math.min(cpSync, timed("sh", "-c", "cp \"$0\" \"$1\" && sync \"$1\"",
                            source.toString(), copy.toString()));
                    Files.deleteIfExists(copy);
                    cleanUploads(t);
                    long start = System.nanoTime();
                    answer = run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-T", source.toString(),
                            "-H", "Authorization: Bearer " + UploadTestSupport.TOKEN, t.url("/api/uploads/big.bin"));
                    upload = Math.min(upload, (System.nanoTime() - start) / 1e9);
                    if (!answer.equals("201")) {
                        throw new IllegalStateException("the upload failed with HTTP " + answer);
                    }
                }
                sampling.set(false);
                sampler.join();
                heapGrowth = peak.get() - baseline;
                if (!t.incomingEmpty()) {
                    throw new IllegalStateException("temporary files left in uploads/.incoming");
                }
            } finally {
                cleanUploads(t);
                t.close();
            }

            double mib = SIZE / 1048576.0;
            System.out.println();
            System.out.printf(Locale.ROOT, "Upload benchmark: %.0f MiB, best of %d runs each, same disk%n", mib, RUNS);
            System.out.println("| method                      | seconds | MiB/s   | ratio to cp |");
            System.out.println("|-----------------------------|---------|---------|-------------|");
            row("cp (reference)", cp, mib, cp);
            row("cp + sync", cpSync, mib, cp);
            row("curl -T → upload page (fsync)", upload, mib, cp);
            System.out.printf(Locale.ROOT, "HTTP answer: %s (the import placed it in uploads/; removed afterwards)%n",
                    answer);
            System.out.printf(Locale.ROOT, "Launcher heap growth during the uploads: %.1f MiB (peak over baseline)%n",
                    heapGrowth / 1048576.0);
            System.out.printf(Locale.ROOT, "Goal ≥ 0.5× cp: %s; heap flat (< 64 MiB): %s%n",
                    cp / upload >= 0.5 ? "met" : "NOT met", heapGrowth < (64L << 20) ? "yes" : "NO");
            // not a timing: a heap that grows with the body means the upload is buffered instead of streamed
            assertTrue(heapGrowth < (64L << 20), "the body is streamed, not buffered in the heap");
        } finally {
            deleteTree(dir);
        }
    }

    private static void row(String name, double secs, double mib, double reference) {
        System.out.printf(Locale.ROOT, "| %-27s | %7.2f | %7.1f | %11.2f |%n", name, secs, mib / secs, reference / secs);
    }

    private static double timed(String... cmd) throws Exception {
        long start = System.nanoTime();
        run(cmd);
        return (System.nanoTime() - start) / 1e9;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    private static void writeRandom(Path file, long size) throws IOException {
        byte[] block = new byte[1 << 20];
        Random random = new Random(1);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
    }

    private static void cleanUploads(UploadTestSupport t) throws IOException {
        for (Path p : t.filesNamed("big.bin")) {
            Files.deleteIfExists(p);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
