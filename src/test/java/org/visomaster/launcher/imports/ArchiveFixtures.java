package org.visomaster.launcher.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds real archives for tests: plain zips with java.util.zip, tars with the system tar, and archives with
 * hand-chosen headers (unix modes, symlinks, devices, "..") with Python's tarfile and zipfile modules.
 */
public final class ArchiveFixtures {
    private ArchiveFixtures() {
    }

    public static Path zip(Path file, Map<String, String> entries) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return file;
    }

    /** Runs the system tar in {@code dir} with {@code args}. */
    public static void tar(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tar"));
        cmd.addAll(List.of(args));
        run(dir, cmd);
    }

    /**
     * Runs a Python snippet with {@code out} (the archive to write) as {@code OUT}; tarfile, zipfile, io and
     * stat are imported, and {@code add(tf, name, data, mode=0o644)} adds a file to a TarFile.
     */
    public static Path python(Path out, String body) throws Exception {
        String script = String.join("\n",
                "import tarfile, zipfile, io, stat, sys",
                "OUT = sys.argv[1]",
                "def add(tf, name, data=b'x', mode=0o644):",
                "    ti = tarfile.TarInfo(name); ti.size = len(data); ti.mode = mode",
                "    tf.addfile(ti, io.BytesIO(data))",
                "def special(tf, name, kind, target=''):",
                "    ti = tarfile.TarInfo(name); ti.type = kind; ti.linkname = target",
                "    tf.addfile(ti)",
                body, "");
        Path py = Files.createTempFile(out.getParent(), ".fixture", ".py");
        Files.writeString(py, script);
        try {
            run(out.getParent(), List.of("python3", py.toString(), out.toString()));
        } finally {
            Files.delete(py);
        }
        return out;
    }

    static void run(Path dir, List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed: " + output);
    }

    /** Every path under {@code dir}, relative, sorted: to prove that a refusal wrote nothing. */
    public static List<String> listing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /** Where {@code needle} first occurs in {@code haystack}, or -1: to find and patch an archive's headers. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    public static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream o = Files.newOutputStream(file)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
    /**
     * The audit's .tar.gz: one PAX header whose single {@code linkpath} record is {@code recordLength} bytes long
     * (700 MB compress to about 680 KB), then a symlink entry.
     */
    public static Path paxLinkpathBomb(Path archive, long recordLength) throws IOException {
        try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(archive), 1 << 16)) {
            out.write(header("././@PaxHeader", recordLength, (byte) 'x', ""));
            String head = recordLength + " linkpath=";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'a');
            long left = recordLength - head.length() - 1;
            while (left > 0) {
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                left -= n;
            }
            out.write('\n');
            out.write(new byte[(int) ((512 - recordLength % 512) % 512)]);
            out.write(header("lib", 0, (byte) '2', "x"));
            out.write(new byte[1024]);
        }
        return archive;
    }

    /** A ustar header block written by hand, for sizes and types no well-behaved writer produces. */
    public static byte[] header(String name, long size, byte type, String linkName) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = type;
        put(h, 157, linkName);
        put(h, 257, "ustar");
        put(h, 263, "00");
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        return h;
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
