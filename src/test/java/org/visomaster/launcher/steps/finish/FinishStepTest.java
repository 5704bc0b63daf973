package org.visomaster.launcher.steps.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.process.LaunchEnvironment;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.StateStore;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.engine.StepStatus;
import org.visomaster.launcher.infra.workspace.ConfigLoader;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.imports.ArchiveFixtures;
import org.visomaster.launcher.imports.ImportService;

class FinishStepTest {
    @TempDir
    Path tmp;
    Workspace ws;
    Path fakeBin;
    Path emptyBin;
    List<ProvisionEvent> events;
    final FinishStep step = new FinishStep();

    @BeforeEach
    void setUp() throws IOException {
        ws = new Workspace(tmp.resolve("ws"));
        ws.ensureLayout();
        Files.createDirectories(ws.source().resolve("app"));
        fakeBin = Files.createDirectories(tmp.resolve("fakebin"));
        emptyBin = Files.createDirectories(tmp.resolve("emptybin"));
        events = new ArrayList<>();
    }

    private StepContext ctx(Path pathDir) throws Exception {
        HostEnvironment host = HostEnvironment.system().with(Map.of("PATH", pathDir.toString()));
        return new StepContext(ws, ConfigLoader.load(ws, "upstream", Map.of()), host, new StateStore(ws.stateFile()),
                events::add, new Cancellation(), FinishStep.ID);
    }

    private static void script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> warnings() {
        return events.stream().filter(e -> e instanceof ProvisionEvent.Finding f
                        && f.severity() == ProvisionEvent.Severity.WARNING)
                .map(e -> ((ProvisionEvent.Finding) e).message()).toList();
    }

    private long extractionLogLines() {
        return events.stream().filter(e -> e instanceof ProvisionEvent.LogLine l && l.line().startsWith("Extracting "))
                .count();
    }

    @Test
    void withToolsOnPathItIsDoneAndThenSkippable() throws Exception {
        script(fakeBin.resolve("ffmpeg"), "echo ffmpeg");
        script(fakeBin.resolve("nvidia-smi"), "echo gpu");
        Files.delete(ws.output());
        StepContext c = ctx(fakeBin);
        assertFalse(step.isDone(c));

        StepOutcome o = step.run(c);

        assertEquals(StepStatus.DONE, o.status(), o.detail());
        assertTrue(Files.isDirectory(ws.dfmModels()));
        assertTrue(Files.isDirectory(ws.output()));
        assertEquals(List.of(), warnings());
        assertTrue(step.isDone(ctx(fakeBin)), "a fresh context over the saved state sees the step as done");
    }

    @Test
    void missingToolsAreWarningsWithTheFix() throws Exception {
        StepContext c = ctx(emptyBin);
        StepOutcome o = step.run(c);

        assertEquals(StepStatus.WARNING, o.status());
        assertEquals(List.of(FinishStep.FFMPEG_MISSING, FinishStep.NVIDIA_SMI_MISSING), warnings());
        assertTrue(o.detail().contains("apt-get install ffmpeg"), o.detail());
        assertTrue(o.detail().contains("--gpus"), o.detail());
        assertTrue(Files.isDirectory(ws.dfmModels()), "folders are created even when tools are missing");
        assertTrue(step.isDone(ctx(emptyBin)), "missing tools are warnings, not unfinished work");
        script(fakeBin.resolve("ffmpeg"), "echo ffmpeg");
        assertFalse(step.isDone(ctx(fakeBin)), "once a tool appears on PATH the step checks again");
    }

    @Test
    void archivesInDependenciesAreExtractedOnceWithExecutableBits() throws Exception {
        script(fakeBin.resolve("nvidia-smi"), "echo gpu");
        Path src = Files.createDirectories(tmp.resolve("src"));
        script(src.resolve("bin/ffmpeg"), "echo extracted-ffmpeg");
        ArchiveFixtures.tar(src, "czf", ws.dependencies().resolve("ffmpeg.tar.gz").toString(), "bin");
        ArchiveFixtures.zip(ws.dependencies().resolve("extra.zip"), Map.of("share/readme.txt", "hello"));
        StepContext c = ctx(fakeBin);
        assertFalse(step.isDone(c));
        assertTrue(step.plan(c).contains("extract extra.zip, ffmpeg.tar.gz"), step.plan(c));

        StepOutcome first = step.run(c);

        assertEquals(StepStatus.DONE, first.status(), "ffmpeg is found in dependencies/bin: " + first.detail());
        Path ffmpeg = ws.dependencies().resolve("bin/ffmpeg");
        assertTrue(Files.isExecutable(ffmpeg));
        Process p = new ProcessBuilder(ffmpeg.toString()).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals("extracted-ffmpeg", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        assertEquals("hello", Files.readString(ws.dependencies().resolve("share/readme.txt")));
        assertTrue(Files.exists(ws.dependencies().resolve("ffmpeg.tar.gz")), "the archive is left in place");
        assertEquals(2, extractionLogLines());
        assertTrue(step.isDone(ctx(fakeBin)));

        // the user edits an extracted file; a second run must not extract again
        Files.writeString(ws.dependencies().resolve("share/readme.txt"), "edited");
        events.clear();
        StepOutcome second = step.run(ctx(fakeBin));
        assertEquals(StepStatus.DONE, second.status());
        assertEquals(0, extractionLogLines());
        assertEquals("edited", Files.readString(ws.dependencies().resolve("share/readme.txt")));

        // a replaced archive (new mtime) is extracted again, and the edited file is kept as a backup
        Files.setLastModifiedTime(ws.dependencies().resolve("extra.zip"), FileTime.fromMillis(1_000_000_000_000L));
        assertFalse(step.isDone(ctx(fakeBin)));
        events.clear();
        step.run(ctx(fakeBin));
        assertEquals(1, extractionLogLines());
        assertEquals("hello", Files.readString(ws.dependencies().resolve("share/readme.txt")));
        try (var s = Files.list(ws.dependencies().resolve("share"))) {
            assertTrue(s.anyMatch(f -> f.getFileName().toString().startsWith("readme.txt.bak-")));
        }
    }

    @Test
    void hostileArchiveInDependenciesIsAWarningAndStaysPending() throws Exception {
        script(fakeBin.resolve("ffmpeg"), "echo ffmpeg");
        script(fakeBin.resolve("nvidia-smi"), "echo gpu");
        ArchiveFixtures.python(ws.dependencies().resolve("evil.tar"), String.join("\n",
                "with tarfile.open(OUT, 'w') as tf:",
                "    add(tf, 'ok.txt')",
                "    special(tf, 'esc', tarfile.SYMTYPE, '/etc/passwd')"));

        StepOutcome o = step.run(ctx(fakeBin));

        assertEquals(StepStatus.WARNING, o.status());
        assertTrue(o.detail().startsWith("evil.tar was not extracted"), o.detail());
        assertFalse(Files.exists(ws.dependencies().resolve("ok.txt")));
        assertFalse(step.isDone(ctx(fakeBin)));
    }

    @Test
    void movesModelsDroppedBeforeTheSourceExisted() throws Exception {
        Workspace fresh = new Workspace(tmp.resolve("fresh"));
        ImportService imports = new ImportService(fresh);
        Path drop = tmp.resolve("early.dfm");
        Files.writeString(drop, "dfm");
        assertTrue(imports.importFile(drop, "early.dfm").accepted());
        ws = fresh;
        ws.ensureLayout();

        StepOutcome missingSource = step.run(ctx(emptyBin));
        assertTrue(missingSource.detail().contains("run the source step first"), missingSource.detail());
        assertFalse(Files.exists(ws.source()), "finish never creates the source folder itself");

        Files.createDirectories(ws.source());
        StepContext c = ctx(emptyBin);
        assertTrue(step.plan(c).contains("move models waiting in"), step.plan(c));
        step.run(c);
        assertEquals("dfm", Files.readString(ws.dfmModels().resolve("early.dfm")));
    }

    @Test
    void theFinishStepLooksThroughThePathTheLaunchUses() throws Exception {
        Files.createDirectories(ws.dependencies().resolve("bin"));
        Files.createDirectories(ws.dependencies().resolve("ffmpeg-7.0-static"));
        Files.createDirectories(ws.dependencies().resolve("cuda/bin"));
        Files.createDirectories(ws.dependencies().resolve(".extract-123"));
        Path d = ws.dependencies();
        assertEquals(List.of(ws.env().resolve("bin"), d.resolve("bin"), d, d.resolve("cuda/bin"), d.resolve("cuda"),
                d.resolve("ffmpeg-7.0-static")), LaunchEnvironment.pathEntries(ws));
        String path = LaunchEnvironment.of(ws, ctx(emptyBin).host()).get("PATH");
        assertTrue(path.startsWith(ws.env().resolve("bin") + ":" + d.resolve("bin") + ":"), path);
        assertTrue(path.endsWith(":" + emptyBin), "the host's PATH last: " + path);
    }
}
