package org.visomaster.launcher.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.visomaster.launcher.steps.models.ModelEntry;
import org.visomaster.launcher.testing.LoopbackFileServer;
import org.visomaster.launcher.infra.util.Sha256;

/** Big generated files for the benchmarks, and the table they print. */
final class BenchFiles {
    private BenchFiles() {
    }

    /** Writes {@code size} pseudo-random bytes (a 1 MiB random block, varied per MiB); returns its SHA-256. */
    static String write(Path file, long size, long seed) throws IOException {
        byte[] block = new byte[1 << 20];
        new Random(seed).nextBytes(block);
        java.security.MessageDigest md = Sha256.newDigest();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long done = 0, i = 0; done < size; i++) {
                block[0] = (byte) i;
                block[1] = (byte) (i >> 8);
                int n = (int) Math.min(block.length, size - done);
                md.update(block, 0, n);
                ByteBuffer bb = ByteBuffer.wrap(block, 0, n);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
                done += n;
            }
        }
        return Sha256.hex(md);
    }

    /** {@code count} files named model-i.onnx in {@code dir}, as manifest entries served by {@code server}. */
    static List<ModelEntry> models(Path dir, LoopbackFileServer server, int count, long size) throws IOException {
        List<ModelEntry> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "model-" + i + ".onnx";
            String sha = write(dir.resolve(name), size, i);
            out.add(new ModelEntry("Model" + i, "model_assets/" + name, sha, server.url(name)));
        }
        return out;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    static String row(String what, double seconds, long bytes, double reference) {
        return String.format(Locale.ROOT, "| %-48s | %8.2f s | %8.1f MiB/s | %6.2f× |", what, seconds,
                bytes / seconds / (1 << 20), reference / seconds);
    }

    static String header(String title) {
        return "\n" + title + "\n" + String.format(Locale.ROOT, "| %-48s | %10s | %14s | %7s |", "run", "time",
                "throughput", "ratio") + "\n|" + "-".repeat(50) + "|" + "-".repeat(12) + "|" + "-".repeat(16) + "|"
                + "-".repeat(9) + "|";
    }
}
