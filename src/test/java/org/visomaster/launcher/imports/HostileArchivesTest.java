package org.visomaster.launcher.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.workspace.Workspace;

/** The audit's archives (issue 17), made here: each imported as a user drops it, each refused or made harmless. */
class HostileArchivesTest {
    @TempDir
    Path tmp;
    Workspace ws;
    ImportService imports;

    @BeforeEach
    void setUp() {
        ws = new Workspace(tmp.resolve("ws"));
        imports = new ImportService(ws);
    }

    @Test
    void linksChainedAcrossSixArchivesNeverLeadOutOfDependencies() throws Exception {
        String[][] links = {{"s", "."}, {"t", "s/.."}, {"u", "t/.."}, {"v", "u/.."}, {"w", "v/.."},
            {"hostetc", "w/etc"}};
        List<String> refused = new ArrayList<>();
        for (String[] l : links) {
            Path archive = tarGz(l[0] + ".tar.gz", link(l[0], l[1]));
            ImportResult r = imports.importFile(archive, archive.getFileName().toString());
            if (!r.accepted()) {
                refused.add(l[0]);
                assertEquals(l[0] + ".tar.gz was not extracted because it has a symlink " + l[0] + " that would lead"
                        + " outside dependencies/ through links already there; nothing was written. Use an archive"
                        + " built from a plain folder.", r.message());
            }
        }
        // t would be the folder above; with t refused, u, v, w and hostetc dangle (t, then u, is missing)
        assertEquals(List.of("t"), refused);
        Path deps = ws.dependencies().toRealPath();
        try (var all = Files.list(deps)) {
            for (Path p : all.toList()) {
                if (Files.exists(p)) {
                    assertTrue(p.toRealPath().startsWith(deps), p + " leads to " + p.toRealPath());
                }
            }
        }
        assertFalse(Files.exists(ws.dependencies().resolve("hostetc/passwd")), "hostetc is not /etc");
        assertFalse(Files.exists(ws.dependencies().resolve("hostetc")), "w/etc does not exist inside");
    }

    @Test
    void anArchiveThatWouldMakeAnEarlierLinkLeadOutsideIsRefused() throws Exception {
        assertTrue(imports.importFile(tarGz("first.tar.gz", dir("s/"), link("t", "s/..")), "first.tar.gz")
                .accepted());
        assertEquals(ws.dependencies().toRealPath(), ws.dependencies().resolve("t").toRealPath());

        Path second = tarGz("second.tar.gz", link("s", "."));
        ImportResult r = imports.importFile(second, "second.tar.gz");

        assertEquals("second.tar.gz was not extracted because it would make the link t that is already in"
                + " dependencies/ lead outside it; nothing was written. Use an archive built from a plain folder.",
                r.message());
        assertTrue(Files.isDirectory(ws.dependencies().resolve("s"), LinkOption.NOFOLLOW_LINKS));
    }

    /** Found by ArchiveExtractorFuzzTest (crash-2d9fb419…): an entry named like a staging folder. */
    @Test
    void entriesNamedLikeTheStagingFolderAreRefusedSoNoLinkHidesThere() throws Exception {
        ImportResult r = imports.importFile(tarGz("hide.tar.gz", dir(".extract-a/s/"), link(".extract-a/t", "s/..")),
                "hide.tar.gz");
        assertEquals("hide.tar.gz was not extracted because it has an entry .extract-a/s/ named like the launcher's"
                + " own staging folders (.extract-…); nothing was written. Use an archive built from a plain folder.",
                r.message());
        assertEquals(List.of(""), ArchiveFixtures.listing(ws.dependencies()), "nothing was written");
    }

    /** Found by ArchiveExtractorFuzzTest (crash-c23d3a85…, after 935 s): a link replaced by a later file entry. */
    @Test
    void aLinkReplacedByALaterEntryOfTheSameNameIsNotCheckedAsALink() throws Exception {
        ImportResult r = imports.importFile(tarGz("twice.tar.gz", link("bin/tool", "elsewhere"),
                file("bin/tool", "#!/bin/sh\n", 0755), link("lib", "bin"), dir("lib/")), "twice.tar.gz");
        assertTrue(r.accepted(), r.message());
        assertTrue(Files.isRegularFile(ws.dependencies().resolve("bin/tool"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(ws.dependencies().resolve("lib"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(r.message().startsWith("Extracted 1 file "), r.message());
    }

    @Test
    void aLinkTheUserMadeOutsideIsLeftAloneButNotFollowedByNewLinks() throws Exception {
        Files.createDirectories(ws.dependencies());
        Files.createSymbolicLink(ws.dependencies().resolve("cuda"), tmp);
        assertTrue(imports.importFile(tarGz("tool.tar.gz", file("bin/tool", "#!/bin/sh\n", 0755)), "tool.tar.gz")
                .accepted(), "an unrelated archive is still imported");

        ImportResult r = imports.importFile(tarGz("lib.tar.gz", link("lib", "cuda/lib64")), "lib.tar.gz");
        assertFalse(r.accepted());
        assertTrue(r.message().contains("symlink lib that would lead outside"), r.message());
    }

    @Test
    void a680KbTarGzWithA700MbPaxRecordIsRefusedWithoutReadingIt() throws Exception {
        Path archive = ArchiveFixtures.paxLinkpathBomb(tmp.resolve("pax.tar.gz"), 700_000_000L);
        assertTrue(Files.size(archive) < 800_000, "the audit's size: " + Files.size(archive));

        ImportResult r = imports.importFile(archive, "pax.tar.gz");

        assertEquals("pax.tar.gz was not extracted because one of its tar headers (a PAX or long-name record) is"
                + " longer than 1024 KiB, more than any real file name or attribute needs; nothing was written. Use"
                + " an archive built from a plain folder.", r.message());
        assertEquals(List.of(""), ArchiveFixtures.listing(ws.dependencies()), "nothing was written");
    }

    @Test
    void aGnuLongNameLongerThanTheLimitIsRefusedAndAnOrdinaryLongOneIsFine() throws Exception {
        String deep = "dir/".repeat(200) + "file"; // 804 bytes: a GNU 'L' record
        Path ok = tarGz("deep.tar.gz", file(deep, "x", 0644));
        assertTrue(imports.importFile(ok, "deep.tar.gz").accepted());
        assertTrue(Files.exists(ws.dependencies().resolve(deep)));

        Path archive = tmp.resolve("longname.tar");
        try (OutputStream out = Files.newOutputStream(archive)) {
            int size = 3 << 20;
            out.write(ArchiveFixtures.header("././@LongLink", size, TarConstants.LF_GNUTYPE_LONGNAME, ""));
            out.write(new byte[size]);
            out.write(ArchiveFixtures.header("short", 0, TarConstants.LF_NORMAL, ""));
            out.write(new byte[1024]);
        }
        ImportResult r = imports.importFile(archive, "longname.tar");
        assertTrue(r.message().startsWith("longname.tar was not extracted because one of its tar headers"),
                r.message());
    }

    @Test
    void aTarGzOf100000EmptyFilesIsRefusedNamingTheLimit() throws Exception {
        Path archive = tmp.resolve("many.tar.gz");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(
                Files.newOutputStream(archive), 1 << 16))) {
            for (int i = 0; i < 100_000; i++) {
                TarArchiveEntry e = new TarArchiveEntry("f/" + i);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
        }
        assertTrue(Files.size(archive) < 1 << 20, "the audit's size: " + Files.size(archive));

        ImportResult r = imports.importFile(archive, "many.tar.gz");

        assertEquals("many.tar.gz was not extracted because it has more than 50,000 entries, the most the launcher"
                + " extracts from one archive; nothing was written. Split it into several archives.", r.message());
        assertEquals(List.of(""), ArchiveFixtures.listing(ws.dependencies()), "nothing was written");
    }

    @Test
    void aZipWithMoreEntriesThanTheLimitIsRefusedBeforeUnpacking() throws Exception {
        Path zip = tmp.resolve("many.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i <= 50_000; i++) {
                out.putNextEntry(new java.util.zip.ZipEntry("d/" + i));
                out.closeEntry();
            }
        }
        ImportResult r = imports.importFile(zip, "many.zip");
        assertTrue(r.message().startsWith("many.zip was not extracted because it has more than 50,000 entries"),
                r.message());
        assertEquals(List.of(""), ArchiveFixtures.listing(ws.dependencies()), "nothing was written");
    }

    @Test
    void extractionKeepsTheFreeSpaceReserve() throws Exception {
        ImportService nearlyFull = new ImportService(ws, FreeSpace.keeping(1000, dir -> 1500));
        Path big = tarGz("big.tar.gz", file("a", "x".repeat(600), 0644));
        ImportResult r = nearlyFull.importFile(big, "big.tar.gz");
        assertEquals("big.tar.gz unpacks to at least 600 B but only 500 B is free on the workspace disk beyond the"
                + " 1000 B the launcher keeps for its state and logs; free some space and drop it again.", r.message());

        assertTrue(nearlyFull.importFile(tarGz("small.tar.gz", file("a", "x".repeat(400), 0644)), "small.tar.gz")
                .accepted());
        assertTrue(FreeSpace.system().reserveBytes() >= 256L << 20, "the real disk keeps a reserve");
    }

    @Test
    void modesAreNormalisedToRwxrxrxAndRwrr() throws Exception {
        Path archive = tarGz("modes.tar.gz", file("bin/suid", "x", 04777), file("bin/world", "x", 0666),
                file("bin/plain", "x", 0600), file("bin/tool", "x", 0700), dir("shared/", 03777));
        assertTrue(imports.importFile(archive, "modes.tar.gz").accepted());
        Path d = ws.dependencies();
        assertEquals("rwxr-xr-x", perms(d.resolve("bin/suid")));
        assertEquals("rw-r--r--", perms(d.resolve("bin/world")));
        assertEquals("rw-r--r--", perms(d.resolve("bin/plain")));
        assertEquals("rwxr-xr-x", perms(d.resolve("bin/tool")));
        assertEquals("rwxr-xr-x", perms(d.resolve("shared")));
        assertEquals("rwxr-xr-x", perms(d.resolve("bin")));
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** One entry to write: a file, a folder or a symlink. */
    private record Entry(String name, byte type, String content, int mode, String target) {
    }

    private static Entry link(String name, String target) {
        return new Entry(name, TarConstants.LF_SYMLINK, "", 0777, target);
    }

    private static Entry dir(String name) {
        return dir(name, 0755);
    }

    private static Entry dir(String name, int mode) {
        return new Entry(name, TarConstants.LF_DIR, "", mode, "");
    }

    private static Entry file(String name, String content, int mode) {
        return new Entry(name, TarConstants.LF_NORMAL, content, mode, "");
    }

    private Path tarGz(String name, Entry... entries) throws IOException {
        Path archive = tmp.resolve(name);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(
                Files.newOutputStream(archive)))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            for (Entry e : entries) {
                TarArchiveEntry t = new TarArchiveEntry(e.name(), e.type());
                t.setMode(e.mode() | (e.type() == TarConstants.LF_DIR ? 040000 : 0));
                byte[] data = e.content().getBytes(StandardCharsets.UTF_8);
                t.setSize(data.length);
                if (!e.target().isEmpty()) {
                    t.setLinkName(e.target());
                }
                tar.putArchiveEntry(t);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }
}
