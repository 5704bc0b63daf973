package org.visomaster.launcher.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.visomaster.launcher.imports.ArchiveFixtures.listing;
import static org.visomaster.launcher.imports.ArchiveFixtures.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.visomaster.launcher.engine.StepIds;
import org.visomaster.launcher.infra.util.Sha256;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.imports.ImportResult.Kind;

class ImportServiceTest {
    @TempDir
    Path tmp;
    Workspace ws;
    Path drops;
    ImportService service;

    @BeforeEach
    void setUp() throws IOException {
        ws = new Workspace(tmp.resolve("ws"));
        ws.ensureLayout();
        Files.createDirectories(ws.source());
        drops = Files.createDirectories(tmp.resolve("drops"));
        service = new ImportService(ws);
    }

    private Path drop(String name, String content) throws IOException {
        Path p = drops.resolve(name);
        write(p, content);
        return p;
    }

    private ImportResult importOne(Path p) {
        return service.importAll(List.of(p)).get(0);
    }

    @ParameterizedTest
    @CsvSource({
        "requirements.txt, REQUIREMENTS, requirements.txt",
        "Requirements_CU124.TXT, REQUIREMENTS, requirements.txt",
        "face.onnx, MODEL, VisoMaster/model_assets/face.onnx",
        "w.pth, MODEL, VisoMaster/model_assets/w.pth",
        "w.safetensors, MODEL, VisoMaster/model_assets/w.safetensors",
        "w.ckpt, MODEL, VisoMaster/model_assets/w.ckpt",
        "engine.TRT, MODEL, VisoMaster/model_assets/engine.TRT",
        "someone.dfm, DFM_MODEL, VisoMaster/model_assets/dfm_models/someone.dfm",
        "notes.txt, OTHER, uploads/notes.txt",
        "requirements.md, OTHER, uploads/requirements.md",
        "video.mp4, OTHER, uploads/video.mp4",
    })
    void classifiesAndPlacesEachKind(String name, Kind kind, String where) throws IOException {
        ImportResult r = importOne(drop(name, "content of " + name));
        assertTrue(r.accepted(), r.message());
        assertEquals(kind, r.kind());
        assertEquals(ws.root().resolve(where), r.destination());
        assertEquals("content of " + name, Files.readString(r.destination()));
        assertTrue(Files.exists(drops.resolve(name)), "a dropped file outside the staging folder is copied");
        assertTrue(r.message().endsWith("."), r.message());
        assertEquals(kind == Kind.REQUIREMENTS ? Set.of(StepIds.REQUIREMENTS) : Set.of(), r.affectedSteps());
        assertNoTemporaryFiles();
    }

    @Test
    void archiveIsExtractedIntoDependencies() throws IOException {
        Path zip = ArchiveFixtures.zip(drops.resolve("deps.zip"), Map.of("bin/tool", "t", "lib/a.so", "a"));
        ImportResult r = importOne(zip);
        assertTrue(r.accepted(), r.message());
        assertEquals(Kind.DEPENDENCY_ARCHIVE, r.kind());
        assertEquals(ws.dependencies(), r.destination());
        assertEquals(Set.of(StepIds.FINISH), r.affectedSteps());
        assertTrue(r.message().startsWith("Extracted 2 files"), r.message());
        assertEquals("t", Files.readString(ws.dependencies().resolve("bin/tool")));
    }

    @Test
    void hostileArchiveIsRefusedThroughTheService() throws Exception {
        Path evil = ArchiveFixtures.python(drops.resolve("evil.tgz"), String.join("\n",
                "with tarfile.open(OUT, 'w:gz') as tf:",
                "    add(tf, 'fine.txt')",
                "    add(tf, '../../escaped.txt')"));
        ImportResult r = importOne(evil);
        assertFalse(r.accepted());
        assertNull(r.destination());
        assertTrue(r.message().contains("climbs out"), r.message());
        assertEquals(List.of(""), listing(ws.dependencies()));
        assertEquals(Set.of(), r.affectedSteps());
    }

    @Test
    void existingRequirementsIsKeptAsBackup() throws IOException {
        write(ws.userRequirements(), "numpy==1.0\n");
        ImportResult r = importOne(drop("requirements_cu124.txt", "numpy==2.0\n"));
        assertTrue(r.accepted(), r.message());
        assertEquals("numpy==2.0\n", Files.readString(ws.userRequirements()));
        List<Path> baks = siblings(ws.userRequirements(), "requirements.txt.bak-");
        assertEquals(1, baks.size());
        assertEquals("numpy==1.0\n", Files.readString(baks.get(0)));
        assertTrue(r.message().contains(baks.get(0).getFileName().toString()), r.message());

        ImportResult again = importOne(drop("requirements.txt", "numpy==2.0\n"));
        assertTrue(again.accepted());
        assertTrue(again.message().contains("same content"), again.message());
        assertEquals(Set.of(), again.affectedSteps());
        assertEquals(1, siblings(ws.userRequirements(), "requirements.txt.bak-").size());
    }

    @Test
    void modelOfDifferentContentNeverOverwritesSilently() throws IOException {
        write(ws.modelAssets().resolve("inswapper.onnx"), "old");
        importOne(drop("inswapper.onnx", "new"));
        importOne(drop("inswapper.onnx", "newer"));
        assertEquals("newer", Files.readString(ws.modelAssets().resolve("inswapper.onnx")));
        List<String> kept = new ArrayList<>();
        for (Path b : siblings(ws.modelAssets().resolve("inswapper.onnx"), "inswapper.onnx.bak-")) {
            kept.add(Files.readString(b));
        }
        assertEquals(Set.of("old", "new"), Set.copyOf(kept));
    }

    @Test
    void refusesEmptyFilesFoldersDevicesAndMissingFiles() throws IOException {
        ImportResult empty = importOne(drop("empty.onnx", ""));
        assertFalse(empty.accepted());
        assertTrue(empty.message().contains("is empty"), empty.message());

        ImportResult dir = service.importFile(Files.createDirectories(drops.resolve("folder")), "folder");
        assertFalse(dir.accepted());
        assertTrue(dir.message().contains("is a folder"), dir.message());

        ImportResult dev = service.importFile(Path.of("/dev/null"), "null");
        assertFalse(dev.accepted());
        assertTrue(dev.message().contains("special file"), dev.message());

        ImportResult gone = service.importFile(drops.resolve("nope.onnx"), "nope.onnx");
        assertFalse(gone.accepted());
        assertTrue(gone.message().contains("no longer there"), gone.message());

        assertFalse(Files.exists(ws.modelAssets()));
        assertEquals(List.of(""), listing(ws.uploads()));
    }

    @Test
    void requirementsThatAreNotTextAreRefused() throws IOException {
        Path nul = drops.resolve("requirements.txt");
        Files.write(nul, new byte[] {'n', 'u', 'm', 'p', 'y', 0, '\n'});
        ImportResult r1 = importOne(nul);
        assertFalse(r1.accepted());
        assertTrue(r1.message().contains("is not a text file"), r1.message());

        Path latin1 = drops.resolve("requirements-win.txt");
        Files.write(latin1, "caf\u00e9==1.0\n".getBytes(StandardCharsets.ISO_8859_1));
        ImportResult r2 = importOne(latin1);
        assertFalse(r2.accepted());
        assertTrue(r2.message().contains("UTF-8"), r2.message());

        Path truncatedUtf8 = drops.resolve("requirements-cut.txt");
        Files.write(truncatedUtf8, new byte[] {'a', '\n', (byte) 0xd0});
        assertFalse(importOne(truncatedUtf8).accepted());
        assertFalse(Files.exists(ws.userRequirements()));

        assertTrue(importOne(drop("requirements-ok.txt", "# коммент\nnumpy==2.0 \n")).accepted());
    }

    @Test
    void fileLargerThanTheFreeSpaceIsRefused() throws IOException {
        ImportService nearlyFull = new ImportService(ws, dir -> 100);
        ImportResult r = nearlyFull.importFile(drop("big.onnx", "x".repeat(101)), "big.onnx");
        assertFalse(r.accepted());
        assertTrue(r.message().contains("only 100 B is free"), r.message());
        assertFalse(Files.exists(ws.modelAssets().resolve("big.onnx")));
        assertNoTemporaryFiles();

        assertTrue(nearlyFull.importFile(drop("small.onnx", "x".repeat(100)), "small.onnx").accepted());
    }

    @Test
    void nonAsciiNamesAreImported() throws IOException {
        ImportResult model = importOne(drop("modèle_ß.onnx", "m"));
        assertTrue(model.accepted(), model.message());
        assertEquals("m", Files.readString(ws.modelAssets().resolve("modèle_ß.onnx")));

        ImportResult other = importOne(drop("требования.txt", "t"));
        assertTrue(other.accepted(), other.message());
        assertEquals(Kind.OTHER, other.kind());
        assertEquals("t", Files.readString(ws.uploads().resolve("требования.txt")));
    }

    @Test
    void namesWithInvalidUtf8BytesDoNotCrash() throws Exception {
        // the shell creates a name with a raw 0xFF byte; Java only ever sees it through a directory listing
        ArchiveFixtures.run(drops, List.of("sh", "-c", "printf m > \"$(printf 'bad\\377name.onnx')\""));
        Path odd;
        try (Stream<Path> s = Files.list(drops)) {
            odd = s.filter(p -> p.getFileName().toString().startsWith("bad")).findFirst().orElseThrow();
        }
        ImportResult r = importOne(odd);
        assertTrue(r.accepted(), r.message());
        assertEquals(Kind.MODEL, r.kind());
        assertEquals("m", Files.readString(r.destination()));
    }

    @Test
    void uploadedNameWithFoldersOrControlCharactersStaysInItsFolder() throws IOException {
        ImportResult r = service.importFile(drop("x", "x"), "../../etc/evil\u0007.onnx");
        assertTrue(r.accepted(), r.message());
        assertEquals(ws.modelAssets().resolve("evil.onnx"), r.destination());
    }

    @Test
    void filesFromTheUploadStagingFolderAreMovedNotCopied() throws IOException {
        Path staged = ImportService.incomingDir(ws).resolve("up-1234");
        write(staged, "uploaded model");
        ImportResult r = service.importFile(staged, "upload.onnx");
        assertTrue(r.accepted(), r.message());
        assertTrue(r.message().contains("was moved to"), r.message());
        assertFalse(Files.exists(staged));
        assertEquals("uploaded model", Files.readString(ws.modelAssets().resolve("upload.onnx")));

        Path stagedZip = ArchiveFixtures.zip(ImportService.incomingDir(ws).resolve("up-5678"), Map.of("f", "f"));
        ImportResult z = service.importFile(stagedZip, "deps.zip");
        assertTrue(z.accepted(), z.message());
        assertFalse(Files.exists(stagedZip));
        assertTrue(Files.exists(ws.uploads().resolve("deps.zip")), "the uploaded archive is kept, never lost");
        assertEquals("f", Files.readString(ws.dependencies().resolve("f")));
    }

    @Test
    void modelsDroppedBeforeTheSourceExistsWaitInUploads() throws IOException {
        Workspace fresh = new Workspace(tmp.resolve("fresh"));
        ImportService s = new ImportService(fresh);
        ImportResult r = s.importFile(drop("early.onnx", "e"), "early.onnx");
        ImportResult d = s.importFile(drop("early.dfm", "d"), "early.dfm");
        assertTrue(r.accepted() && d.accepted());
        assertFalse(Files.exists(fresh.source()), "the source folder stays absent so the clone can happen");
        assertEquals(Set.of(StepIds.FINISH), r.affectedSteps());

        Files.createDirectories(fresh.source());
        List<ImportResult> adopted = s.adoptPendingModels();
        assertEquals(2, adopted.size());
        assertEquals("e", Files.readString(fresh.modelAssets().resolve("early.onnx")));
        assertEquals("d", Files.readString(fresh.dfmModels().resolve("early.dfm")));
    }

    @Test
    void concurrentImportsOfTheSameNameKeepEveryFile() throws Exception {
        int threads = 8;
        int rounds = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Set<String> expected = new HashSet<>();
        try {
            for (int round = 0; round < rounds; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<ImportResult>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    byte[] content = randomBytes(t == 0 ? 2_000_000 : 4096, round * threads + t);
                    Path p = Files.createDirectories(drops.resolve(round + "-" + t)).resolve("same.onnx");
                    Files.write(p, content);
                    expected.add(sha256(content));
                    results.add(pool.submit(() -> {
                        go.await();
                        return service.importFile(p, "same.onnx");
                    }));
                }
                go.countDown();
                for (Future<ImportResult> f : results) {
                    assertTrue(f.get().accepted(), f.get().message());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Path target = ws.modelAssets().resolve("same.onnx");
        List<Path> all = new ArrayList<>(siblings(target, "same.onnx.bak-"));
        all.add(target);
        Set<String> found = new HashSet<>();
        for (Path p : all) {
            found.add(Sha256.ofFile(p));
        }
        assertEquals(rounds * threads, all.size(), "every imported file survives, as the current one or a backup");
        assertEquals(expected, found, "each file is intact, none is a mix of two");
        assertNoTemporaryFiles();
    }

    private static String sha256(byte[] b) {
        MessageDigest d = Sha256.newDigest();
        d.update(b);
        return Sha256.hex(d);
    }

    @Test
    void largeFileIsStreamedAndIdentical() throws IOException {
        byte[] data = randomBytes(20_000_000, 42);
        Path big = drops.resolve("big.safetensors");
        Files.write(big, data);
        ImportResult r = importOne(big);
        assertTrue(r.accepted(), r.message());
        assertArrayEquals(data, Files.readAllBytes(r.destination()));
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static List<Path> siblings(Path file, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(file.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> s = Files.walk(ws.root())) {
            List<Path> leftovers = s.filter(p -> p.getFileName().toString().startsWith(".import-")
                    || p.getFileName().toString().startsWith(".extract-")).toList();
            assertEquals(List.of(), leftovers);
        }
    }
}
