package org.visomaster.launcher.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.visomaster.launcher.imports.ArchiveFixtures.indexOf;
import static org.visomaster.launcher.imports.ArchiveFixtures.listing;
import static org.visomaster.launcher.imports.ArchiveFixtures.tar;
import static org.visomaster.launcher.imports.ArchiveFixtures.write;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.visomaster.launcher.frontend.app.Main;

/** Archives the launcher's former hand-written readers refused or misread, as real tools write them. */
class ArchiveFormatsTest extends ExtractorTestBase {
    /** A 4 MiB file that is two small islands of data in a hole, as a model or a disk image often is. */
    private byte[] sparseFile(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] expected = new byte[4 << 20];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(expected.length);
            f.seek(0);
            f.write("head".getBytes(StandardCharsets.US_ASCII));
            f.seek(expected.length - 4);
            f.write("tail".getBytes(StandardCharsets.US_ASCII));
        }
        System.arraycopy("head".getBytes(StandardCharsets.US_ASCII), 0, expected, 0, 4);
        System.arraycopy("tail".getBytes(StandardCharsets.US_ASCII), 0, expected, expected.length - 4, 4);
        return expected;
    }

    @Test
    void gnuSparseTarIsExtractedWithItsHolesFilled() throws Exception {
        byte[] expected = sparseFile(src.resolve("s/disk.img"));
        tar(src.resolve("s"), "--format=gnu", "--sparse", "-cf", "../sparse.tar", "disk.img");
        byte[] header = Files.readAllBytes(src.resolve("sparse.tar"));
        assertEquals('S', header[156], "GNU tar wrote a sparse ('S') entry");
        assertTrue(header.length < 1 << 20, "the archive holds the data, not the hole");

        ArchiveExtractor.Extraction x = extract(src.resolve("sparse.tar"));

        assertEquals(1, x.files());
        assertArrayEquals(expected, Files.readAllBytes(deps.resolve("disk.img")));
    }

    @Test
    void paxSparseTarIsExtractedToo() throws Exception {
        byte[] expected = sparseFile(src.resolve("s/disk.img"));
        tar(src.resolve("s"), "--format=pax", "--sparse", "--sparse-version=1.0", "-czf", "../sparse.tgz",
                "disk.img");
        extract(src.resolve("sparse.tgz"));
        assertArrayEquals(expected, Files.readAllBytes(deps.resolve("disk.img")));
    }

    @Test
    void paxLongNamesAndLongLinkTargets() throws Exception {
        // more than ustar's 100 + 155 bytes of name, and a link target beyond its 100 bytes
        String deep = String.join("/", List.of("a".repeat(90), "b".repeat(90), "c".repeat(90), "d".repeat(40)));
        write(src.resolve("p/" + deep + "/lib.so"), "deep");
        Files.createSymbolicLink(src.resolve("p/short"), Path.of(deep + "/lib.so"));
        tar(src.resolve("p"), "--format=pax", "-cf", "../long.tar", "a".repeat(90), "short");

        ArchiveExtractor.Extraction x = extract(src.resolve("long.tar"));

        assertEquals(1, x.files());
        assertEquals(1, x.links());
        assertEquals("deep", Files.readString(deps.resolve(deep + "/lib.so")));
        assertEquals(Path.of(deep + "/lib.so"), Files.readSymbolicLink(deps.resolve("short")));
        assertEquals("deep", Files.readString(deps.resolve("short")));
    }

    @Test
    void zip64ArchiveWithZip64RecordsForEveryEntry() throws Exception {
        Path zip = src.resolve("z64.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            out.setUseZip64(Zip64Mode.Always);
            for (var e : Map.of("bin/tool", "tool", "lib/a.so", "a".repeat(10_000)).entrySet()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.getKey());
                entry.setUnixMode(0100755);
                out.putArchiveEntry(entry);
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeArchiveEntry();
            }
        }
        String bytes = new String(Files.readAllBytes(zip), StandardCharsets.ISO_8859_1);
        assertTrue(bytes.contains("PK\u0006\u0006") && bytes.contains("PK\u0006\u0007"),
                "zip64 end-of-directory record and locator are present");

        ArchiveExtractor.Extraction x = extract(zip);

        assertEquals(2, x.files());
        assertEquals("a".repeat(10_000), Files.readString(deps.resolve("lib/a.so")));
        assertTrue(Files.isExecutable(deps.resolve("bin/tool")));
    }

    @Test
    void zipWithCp437NamesFromWindows() throws Exception {
        Charset cp437 = Charset.forName("IBM437");
        String name = "Résumé_ß ü.txt";
        Path zip = src.resolve("windows.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            out.setEncoding(cp437.name());
            out.setUseLanguageEncodingFlag(false); // as Windows' own zip writer: no UTF-8 flag, no Unicode extra
            out.putArchiveEntry(new ZipArchiveEntry("docs/" + name));
            out.write("bonjour".getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }
        byte[] raw = Files.readAllBytes(zip);
        byte[] cp437Name = name.getBytes(cp437);
        assertTrue(indexOf(raw, cp437Name) >= 0, "the name is stored in CP437");
        assertFalse(indexOf(raw, name.getBytes(StandardCharsets.UTF_8)) >= 0, "and not in UTF-8");

        extract(zip);

        assertEquals("bonjour", Files.readString(deps.resolve("docs").resolve(name)));
    }

    @Test
    void zipWithUtf8NamesButNoFlagKeepsThem() throws Exception {
        // what macOS' Archive Utility and many Linux tools write: UTF-8 bytes without the language-encoding flag
        String name = "модель_ß.onnx";
        Path zip = src.resolve("mac.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            out.setEncoding("UTF-8");
            out.setUseLanguageEncodingFlag(false);
            out.putArchiveEntry(new ZipArchiveEntry(name));
            out.write("m".getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }
        extract(zip);
        assertEquals("m", Files.readString(deps.resolve(name)));
    }

    @Test
    void anEncryptedZipIsRefused() throws Exception {
        Path zip = ArchiveFixtures.zip(src.resolve("secret.zip"), Map.of("a.txt", "a"));
        byte[] z = Files.readAllBytes(zip);
        // set "encrypted" (general purpose bit 0) in the local and the central header
        z[6] |= 1;
        int central = indexOf(z, new byte[] {'P', 'K', 1, 2});
        z[central + 8] |= 1;
        Files.write(zip, z);
        RefusedException e = assertThrows(RefusedException.class, () -> extract(zip));
        assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
        assertEquals(List.of(), listing(deps).stream().filter(p -> !p.isEmpty()).toList());
    }

    /** The whole import, as a user runs it, in a JVM whose PATH has no program at all: no xz, no bzip2. */
    @Test
    void tarBz2AndTarXzImportWithNoDecompressorOnPath() throws Exception {
        write(src.resolve("x/tool/bin/tool"), "#!/bin/sh\necho tool\n");
        tar(src.resolve("x"), "cjf", "../tool.tar.bz2", "tool");
        write(src.resolve("y/other/readme"), "xz");
        tar(src.resolve("y"), "cJf", "../other.tar.xz", "other");
        Path empty = Files.createDirectories(tmp.resolve("empty-path"));

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--workspace", tmp.resolve("ws").toString(), "import",
                src.resolve("tool.tar.bz2").toString(), src.resolve("other.tar.xz").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", empty.toString(), "HOME", tmp.toString(), "LANG", "C.UTF-8"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));

        assertEquals(0, p.exitValue(), out);
        assertEquals("#!/bin/sh\necho tool\n", Files.readString(deps.resolve("tool/bin/tool")));
        assertEquals("xz", Files.readString(deps.resolve("other/readme")));
        String log = Files.readString(tmp.resolve("ws/logs/launcher.log"));
        assertTrue(log.contains("import accepted: Extracted 1 file (20 B) from tool.tar.bz2"), log);
    }
}
