package org.visomaster.launcher.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.visomaster.launcher.imports.ArchiveFixtures.listing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * Small archives that claim (or unpack to) far more than they are, imported as a user drops them: each is refused
 * with a sentence and leaves dependencies/ empty, without the launcher running out of memory.
 */
class ArchiveBombsTest {
    /** xz's dictionary-size byte for 1536 MiB: (2 | (37 & 1)) << (37 / 2 + 11). */
    private static final int DICT_1536_MIB = 37;
    private static final int ZSTD = 93;
    private static final int XZ = 95;

    @TempDir
    Path tmp;
    Workspace ws;
    ImportService imports;

    @BeforeEach
    void setUp() {
        ws = new Workspace(tmp.resolve("ws"));
        imports = new ImportService(ws);
    }

    private String refused(Path archive) throws IOException {
        ImportResult r = imports.importFile(archive, archive.getFileName().toString());
        assertFalse(r.accepted(), r.message());
        assertEquals(List.of(), listing(ws.dependencies()).stream().filter(p -> !p.isEmpty()).toList(),
                "nothing was written into dependencies/");
        return r.message();
    }

    @Test
    void aZipEntryThatInflatesPastItsDeclaredSizeIsRefused() throws Exception {
        Path zip = zip("inflates.zip", "lib/libbig.so", 0100644, new byte[1 << 20]);
        byte[] z = Files.readAllBytes(zip);
        putInt(z, indexOf(z, "PK\3\4") + 22, 1024); // uncompressed size, local header
        putInt(z, indexOf(z, "PK\1\2") + 24, 1024); // and central directory
        Files.write(zip, z);

        assertEquals("inflates.zip could not be extracted (inflates.zip: lib/libbig.so is larger than the archive"
                + " declares); check that the archive is complete and the disk has space, then drop it again.",
                refused(zip));
    }

    @Test
    void aZipSymlinkWhoseTargetInflatesTo400MibIsRefusedWithoutReadingIt() throws Exception {
        byte[] target = new byte[400 << 20];
        Arrays.fill(target, (byte) 'a');
        Path zip = zip("links.zip", "lib/libcuda.so", 0120777, target);
        assertTrue(Files.size(zip) < 1 << 20, "a small archive: " + Files.size(zip));

        assertEquals("links.zip was not extracted because it has a symlink lib/libcuda.so whose target is longer than"
                + " 4096 bytes; nothing was written. Use an archive built from a plain folder.", refused(zip));

        // the same link declaring 10 bytes: it is read only as far as the declared size
        byte[] z = Files.readAllBytes(zip);
        putInt(z, indexOf(z, "PK\3\4") + 22, 10);
        putInt(z, indexOf(z, "PK\1\2") + 24, 10);
        Path lying = Files.write(tmp.resolve("lying.zip"), z);
        assertEquals("lying.zip could not be extracted (lying.zip: lib/libcuda.so is larger than the archive"
                + " declares); check that the archive is complete and the disk has space, then drop it again.",
                refused(lying));
    }

    @Test
    void symlinksCountAgainstTheFreeSpace() throws Exception {
        Path zip = tmp.resolve("many-links.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            for (int i = 0; i < 3; i++) {
                ZipArchiveEntry e = new ZipArchiveEntry("link" + i);
                e.setUnixMode(0120777);
                out.putArchiveEntry(e);
                out.write(("t" + i).repeat(30).getBytes(StandardCharsets.UTF_8));
                out.closeArchiveEntry();
            }
        }
        imports = new ImportService(ws, dir -> 100);
        assertEquals("many-links.zip unpacks to at least 180 B but only 100 B is free on the workspace disk; free some"
                + " space and drop it again.", refused(zip));
    }

    @Test
    void aTarXzAskingForA1536MibDictionaryIsRefused() throws Exception {
        Path archive = Files.write(tmp.resolve("tool.tar.xz"), xzWithDictionary(tar("tool/readme", "hello")));
        assertTrue(Files.size(archive) < 1024, "a tiny archive: " + Files.size(archive));

        String message = refused(archive);
        assertTrue(message.startsWith("tool.tar.xz is damaged or not a tar archive (its xz data asks for 1536 MiB of"
                + " memory to unpack, more than the 256 MiB the launcher allows); build it again"), message);
    }

    @Test
    void anXzCompressedZipEntryHasTheSameMemoryLimit() throws Exception {
        Path zip = zip("xz.zip", "readme", 0100644, xzWithDictionary("hello".getBytes(StandardCharsets.UTF_8)));
        setMethod(zip, XZ);
        assertEquals("xz.zip could not be extracted (its xz data asks for 1536 MiB of memory to unpack, more than the"
                + " 256 MiB the launcher allows); check that the archive is complete and the disk has space, then"
                + " drop it again.", refused(zip));
    }

    @Test
    void aZstdZipIsRefusedWithTheCannotReadSentence() throws Exception {
        // what `7z a -m0=zstd` writes: method 93 in both headers (reading it would need zstd-jni, not shipped)
        Path zip = zip("zstd.zip", "bin/tool", 0100755, "#!/bin/sh\necho tool\n".getBytes(StandardCharsets.UTF_8));
        setMethod(zip, ZSTD);
        assertEquals("zstd.zip uses zip compression method 93, which the launcher cannot read; repack it with plain"
                + " zip (deflate) or as .tar.gz.", refused(zip));
    }

    /** One stored (for method patches) or deflated entry with a unix mode, written by commons-compress. */
    private Path zip(String name, String entry, int mode, byte[] content) throws IOException {
        Path zip = tmp.resolve(name);
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            ZipArchiveEntry e = new ZipArchiveEntry(entry);
            e.setUnixMode(mode);
            if (content.length < 4096) {
                e.setMethod(ZipArchiveEntry.STORED);
            }
            out.putArchiveEntry(e);
            out.write(content);
            out.closeArchiveEntry();
        }
        return zip;
    }

    private static void setMethod(Path zip, int method) throws IOException {
        byte[] z = Files.readAllBytes(zip);
        putShort(z, indexOf(z, "PK\3\4") + 8, method);
        putShort(z, indexOf(z, "PK\1\2") + 10, method);
        Files.write(zip, z);
    }

    private static byte[] tar(String name, String content) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(data.length);
            t.putArchiveEntry(e);
            t.write(data);
            t.closeArchiveEntry();
        }
        return b.toByteArray();
    }

    /**
     * A valid .xz of {@code data} whose block header asks for a 1536 MiB dictionary (no encoder would need to
     * allocate it: the header byte is rewritten and its CRC-32 recomputed, as a hostile archive would be made).
     */
    private static byte[] xzWithDictionary(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream xz = new XZOutputStream(b, new LZMA2Options(0))) {
            xz.write(data);
        }
        byte[] x = b.toByteArray();
        int header = 12; // after the stream header
        int size = ((x[header] & 0xff) + 1) * 4;
        assertEquals(0, x[header + 1], "one filter, no size fields");
        assertEquals(0x21, x[header + 2], "the filter is LZMA2");
        assertEquals(1, x[header + 3], "with one property byte");
        x[header + 4] = DICT_1536_MIB;
        CRC32 crc = new CRC32();
        crc.update(x, header, size - 4);
        putInt(x, header + size - 4, (int) crc.getValue());
        return x;
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    private static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    private static int indexOf(byte[] haystack, String signature) {
        int at = ArchiveFixtures.indexOf(haystack, signature.getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(at >= 0, "the archive has its header " + signature.replace("\3", "\\3"));
        return at;
    }
}
