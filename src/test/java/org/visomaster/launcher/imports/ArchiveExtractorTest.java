package org.visomaster.launcher.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.visomaster.launcher.imports.ArchiveFixtures.listing;
import static org.visomaster.launcher.imports.ArchiveFixtures.python;
import static org.visomaster.launcher.imports.ArchiveFixtures.tar;
import static org.visomaster.launcher.imports.ArchiveFixtures.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.visomaster.launcher.infra.workspace.Workspace;

class ArchiveExtractorTest extends ExtractorTestBase {
    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void tarGzKeepsExecutableBitsAndFolders() throws Exception {
        write(src.resolve("pkg/bin/ffmpeg"), "#!/bin/sh\necho fake ffmpeg\n");
        write(src.resolve("pkg/lib/libx.so"), "lib");
        Files.setPosixFilePermissions(src.resolve("pkg/bin/ffmpeg"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(src.resolve("pkg/lib/libx.so"), PosixFilePermissions.fromString("rw-r--r--"));
        tar(src.resolve("pkg"), "czf", "../deps.tar.gz", "bin", "lib");

        ArchiveExtractor.Extraction x = extract(src.resolve("deps.tar.gz"));

        assertEquals(2, x.files());
        assertEquals("rwxr-xr-x", perms(deps.resolve("bin/ffmpeg")));
        assertEquals("rw-r--r--", perms(deps.resolve("lib/libx.so")));
        assertEquals("#!/bin/sh\necho fake ffmpeg\n", Files.readString(deps.resolve("bin/ffmpeg")));
        assertTrue(listing(deps).stream().noneMatch(p -> p.contains(".extract-")), "staging removed");
    }

    @Test
    void zipWithUnixModesAndAnInsideSymlink() throws Exception {
        Path zip = python(src.resolve("tools.zip"), String.join("\n",
                "with zipfile.ZipFile(OUT, 'w', zipfile.ZIP_DEFLATED) as z:",
                "    i = zipfile.ZipInfo('tools/ff'); i.create_system = 3; i.external_attr = (0o100755 << 16)",
                "    z.writestr(i, '#!/bin/sh\\necho ff\\n' * 100)",
                "    i = zipfile.ZipInfo('bin/ff'); i.create_system = 3; i.external_attr = (0o120777 << 16)",
                "    z.writestr(i, '../tools/ff')",
                "    i = zipfile.ZipInfo('readme.txt'); i.create_system = 3; i.external_attr = (0o100644 << 16)",
                "    z.writestr(i, 'hello')"));

        ArchiveExtractor.Extraction x = extract(zip);

        assertEquals(2, x.files());
        assertEquals(1, x.links());
        assertEquals("rwxr-xr-x", perms(deps.resolve("tools/ff")));
        assertEquals("rw-r--r--", perms(deps.resolve("readme.txt")));
        assertTrue(Files.isSymbolicLink(deps.resolve("bin/ff")));
        assertEquals(Path.of("../tools/ff"), Files.readSymbolicLink(deps.resolve("bin/ff")));
        assertTrue(Files.readString(deps.resolve("bin/ff")).startsWith("#!/bin/sh"));
    }

    @Test
    void plainJavaZipGetsDefaultModes() throws Exception {
        Path zip = ArchiveFixtures.zip(src.resolve("plain.zip"),
                Map.of("a/b.txt", "b", "c.txt", "c", "dir/", ""));
        ArchiveExtractor.Extraction x = extract(zip);
        assertEquals(2, x.files());
        assertEquals("rw-r--r--", perms(deps.resolve("a/b.txt")));
        assertTrue(Files.isDirectory(deps.resolve("dir")));
    }

    @Test
    void gnuLongNamesAndPaxNonAsciiNames() throws Exception {
        String longDir = "d".repeat(120);
        write(src.resolve("t/" + longDir + "/f.txt"), "long");
        write(src.resolve("t/модуль/файл_ß.txt"), "unicode");
        tar(src.resolve("t"), "--format=gnu", "-cf", "../gnu.tar", longDir);
        tar(src.resolve("t"), "--format=pax", "-cf", "../pax.tar", "модуль");

        extract(src.resolve("gnu.tar"));
        extract(src.resolve("pax.tar"));

        assertEquals("long", Files.readString(deps.resolve(longDir + "/f.txt")));
        assertEquals("unicode", Files.readString(deps.resolve("модуль/файл_ß.txt")));
    }

    @Test
    void tarXzAndBz2AreDecompressedInProcess() throws Exception {
        write(src.resolve("x/ffmpeg-static/ffmpeg"), "xz");
        tar(src.resolve("x"), "cJf", "../ff.tar.xz", "ffmpeg-static");
        tar(src.resolve("x"), "cjf", "../ff.tar.bz2", "ffmpeg-static");
        extract(src.resolve("ff.tar.xz"));
        assertEquals("xz", Files.readString(deps.resolve("ffmpeg-static/ffmpeg")));
        Files.delete(deps.resolve("ffmpeg-static/ffmpeg"));
        extract(src.resolve("ff.tar.bz2"));
        assertEquals("xz", Files.readString(deps.resolve("ffmpeg-static/ffmpeg")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // name climbing out
        "add(tf, '../evil')                                                        | climbs out",
        "add(tf, '/tmp/evil-abs')                                                  | absolute path",
        // a symlink pointing outside, then a file written through it
        "special(tf, 'out', tarfile.SYMTYPE, '../../outside'); add(tf, 'out/evil') | symlink out pointing outside",
        "special(tf, 'etc', tarfile.SYMTYPE, '/etc')                               | pointing to an absolute path",
        // a file written through a symlink that itself stays inside
        "special(tf, 'sub', tarfile.DIRTYPE); special(tf, 'l', tarfile.SYMTYPE, 'sub'); add(tf, 'l/evil') | through a link",
        "special(tf, 'h', tarfile.LNKTYPE, '../outside/secret')                    | climbs out",
        "special(tf, 'h', tarfile.LNKTYPE, 'etc/passwd')                           | not a file earlier",
        "special(tf, 'null', tarfile.CHRTYPE)                                      | device, fifo",
        "special(tf, 'pipe', tarfile.FIFOTYPE)                                     | device, fifo",
        // lexically inside, physically outside once the later link exists
        "special(tf, 't', tarfile.SYMTYPE, 'a/..'); special(tf, 'a', tarfile.SYMTYPE, '.') | symlink t that leads outside",
    })
    void hostileTarsAreRefusedAndWriteNothing(String entries, String reason) throws Exception {
        write(tmp.resolve("outside/secret"), "secret");
        Files.createDirectories(deps);
        write(deps.resolve("existing.txt"), "mine");
        List<String> before = listing(deps);
        Path archive = python(src.resolve("evil.tar"), String.join("\n",
                "with tarfile.open(OUT, 'w', format=tarfile.GNU_FORMAT) as tf:",
                "    add(tf, 'good.txt')",
                "    " + entries));

        RefusedException e = assertThrows(RefusedException.class, () -> extract(archive));

        assertTrue(e.getMessage().startsWith("evil.tar was not extracted because it"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().endsWith("."), e.getMessage());
        assertEquals(before, listing(deps), "nothing written into dependencies/");
        assertEquals(List.of("", "secret"), listing(tmp.resolve("outside")));
        assertFalse(Files.exists(tmp.resolve("evil")));
        assertFalse(Files.exists(Path.of("/tmp/evil-abs")));
        assertEquals("mine", Files.readString(deps.resolve("existing.txt")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.txt", "/tmp/evil-zip-abs.txt", "a/../../evil.txt"})
    void hostileZipNamesAreRefused(String name) throws Exception {
        Path zip = ArchiveFixtures.zip(src.resolve("evil.zip"), Map.of("ok.txt", "ok", name, "evil"));
        assertThrows(RefusedException.class, () -> extract(zip));
        assertEquals(List.of(""), listing(deps));
        assertFalse(Files.exists(tmp.resolve("evil.txt")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "esc  | 0o120777 | ../../outside | symlink esc",
        "null | 0o020644 |               | device, fifo",
    })
    void hostileUnixZipEntriesAreRefused(String name, String mode, String content, String reason) throws Exception {
        Path zip = python(src.resolve("unix.zip"), String.join("\n",
                "with zipfile.ZipFile(OUT, 'w') as z:",
                "    i = zipfile.ZipInfo('" + name + "'); i.create_system = 3; i.external_attr = (" + mode + " << 16)",
                "    z.writestr(i, '" + (content == null ? "" : content) + "')"));
        RefusedException e = assertThrows(RefusedException.class, () -> extract(zip));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(List.of(""), listing(deps));
    }

    @Test
    void damagedArchivesAreRefusedWithASentence() throws Exception {
        Path notTar = src.resolve("junk.tar");
        Files.write(notTar, "this is not a tar file at all".repeat(40).getBytes(StandardCharsets.UTF_8));
        assertTrue(assertThrows(RefusedException.class, () -> extract(notTar)).getMessage().contains("damaged"));

        write(src.resolve("t/big.bin"), "z".repeat(200_000));
        tar(src.resolve("t"), "czf", "../cut.tar.gz", "big.bin");
        byte[] whole = Files.readAllBytes(src.resolve("cut.tar.gz"));
        Files.write(src.resolve("cut.tar.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThrows(RefusedException.class, () -> extract(src.resolve("cut.tar.gz")));

        Path stored = python(src.resolve("crc.zip"), String.join("\n",
                "with zipfile.ZipFile(OUT, 'w', zipfile.ZIP_STORED) as z:",
                "    z.writestr('f.txt', 'AAAAAAAAAAAAAAAAAAAA')"));
        byte[] z = Files.readAllBytes(stored);
        String s = new String(z, StandardCharsets.ISO_8859_1);
        z[s.indexOf("AAAA")] = 'B';
        Files.write(stored, z);
        RefusedException crc = assertThrows(RefusedException.class, () -> extract(stored));
        assertTrue(crc.getMessage().contains("CRC"), crc.getMessage());
        assertEquals(List.of(""), listing(deps));
    }

    @Test
    void zip64DirectoryIsRead() throws Exception {
        // more than 65535 entries forces the zip64 end-of-directory records
        Path zip = python(src.resolve("many.zip"), String.join("\n",
                "with zipfile.ZipFile(OUT, 'w', zipfile.ZIP_STORED) as z:",
                "    for i in range(65540):",
                "        z.writestr('f%d' % i, str(i))"));
        try (ZipEntries r = ZipEntries.open(zip, "many.zip")) {
            int count = 0;
            String last = null;
            for (ArchiveEntry e = r.next(); e != null; e = r.next()) {
                count++;
                last = new String(r.content().readAllBytes(), StandardCharsets.UTF_8);
            }
            assertEquals(65540, count);
            assertEquals("65539", last);
        }
    }

    @Test
    void anArchiveWithNothingInItIsRefused() throws Exception {
        Path empty = python(src.resolve("empty.tar.gz"), "tarfile.open(OUT, 'w:gz').close()");
        assertTrue(assertThrows(RefusedException.class, () -> extract(empty)).getMessage().contains("nothing in it"));
    }

    @Test
    void totalUncompressedSizeMustFitTheFreeSpace() throws Exception {
        ArchiveExtractor full = new ArchiveExtractor(new Workspace(tmp.resolve("ws")), dir -> 1000);
        Path zip = ArchiveFixtures.zip(src.resolve("big.zip"), Map.of("a", "x".repeat(600), "b", "y".repeat(600)));
        RefusedException e = assertThrows(RefusedException.class, () -> full.extract(zip, "big.zip", deps));
        assertTrue(e.getMessage().contains("only 1000 B is free"), e.getMessage());

        write(src.resolve("t/a"), "x".repeat(600));
        write(src.resolve("t/b"), "y".repeat(600));
        tar(src.resolve("t"), "czf", "../big.tar.gz", "a", "b");
        assertThrows(RefusedException.class, () -> full.extract(src.resolve("big.tar.gz"), "big.tar.gz", deps));
        assertEquals(List.of(""), listing(deps));
    }

    @Test
    void differingFilesAreKeptAsBackupsAndSameFilesLeftAlone() throws Exception {
        write(deps.resolve("bin/tool"), "old tool");
        write(deps.resolve("same.txt"), "same");
        Path zip = ArchiveFixtures.zip(src.resolve("upd.zip"), Map.of("bin/tool", "new tool", "same.txt", "same"));

        ArchiveExtractor.Extraction x = extract(zip);

        assertEquals(1, x.unchanged());
        assertEquals(1, x.backups().size());
        assertEquals("new tool", Files.readString(deps.resolve("bin/tool")));
        Path bak = x.backups().get(0);
        assertTrue(bak.getFileName().toString().matches("tool\\.bak-\\d{8}-\\d{6}"), bak.toString());
        assertEquals("old tool", Files.readString(bak));
        assertEquals("same", Files.readString(deps.resolve("same.txt")));
    }
}
