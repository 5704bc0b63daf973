package org.visomaster.launcher.steps.finish;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.StateStore;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.process.SupervisorEvent;
import org.visomaster.launcher.infra.process.VisoMasterSupervisor;
import org.visomaster.launcher.infra.process.VisoState;
import org.visomaster.launcher.infra.workspace.ConfigLoader;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.testing.FixtureVisoMaster;

/**
 * Issue 18's finding, replayed: a static ffmpeg build unpacked to {@code dependencies/ffmpeg-7.0-amd64-static/}. The
 * finish step and the launched app must agree on whether ffmpeg is there, and the app must be able to run it.
 */
class StaticFfmpegLaunchTest {
    static final String WHICH_MAIN = """
            import os, shutil, subprocess
            found = shutil.which("ffmpeg")
            print("WHICH " + str(found))
            print("PATH " + os.environ["PATH"])
            if found:
                print("RUN " + subprocess.run([found], capture_output=True, text=True).stdout.strip())
            """;

    @TempDir
    Path tmp;

    @Test
    void theFinishStepAndTheLaunchedAppAgreeOnADroppedStaticFfmpeg() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), WHICH_MAIN, true);
        ws.ensureLayout();
        Path noTools = Files.createDirectories(tmp.resolve("no-tools"));
        HostEnvironment host = HostEnvironment.system().with(Map.of("PATH", noTools.toString()));

        StepOutcome before = finish(ws, host);
        assertTrue(before.detail().contains(FinishStep.FFMPEG_MISSING), before.detail());
        assertEquals("WHICH None", launch(ws, host).get(0), "the app has no ffmpeg either");

        Path ffmpeg = ws.dependencies().resolve("ffmpeg-7.0-amd64-static/ffmpeg");
        Files.createDirectories(ffmpeg.getParent());
        Files.writeString(ffmpeg, "#!/bin/sh\necho ffmpeg version 7.0-static\n");
        Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("rwxr-xr-x"));

        StepOutcome after = finish(ws, host);
        assertFalse(after.detail().contains(FinishStep.FFMPEG_MISSING), after.detail());
        List<String> out = launch(ws, host);
        assertEquals("WHICH " + ffmpeg, out.get(0), out.toString());
        assertTrue(out.get(1).contains(":" + ffmpeg.getParent() + ":"), out.get(1));
        assertEquals("RUN ffmpeg version 7.0-static", out.get(2), out.toString());
    }

    @Test
    void whereverFfmpegLiesTheFinishStepAndTheAppSayTheSame() throws Exception {
        Path noTools = Files.createDirectories(tmp.resolve("no-tools"));
        HostEnvironment host = HostEnvironment.system().with(Map.of("PATH", noTools.toString()));
        // found: bin/, the folder itself, a first-level folder and its bin/; not found: hidden, two levels down
        Map<String, Boolean> layouts = Map.of("bin/ffmpeg", true, "ffmpeg", true, "ffmpeg-6.1-static/ffmpeg", true,
                "tools/bin/ffmpeg", true, ".extract-1/ffmpeg", false, "a/b/ffmpeg", false);
        int n = 0;
        for (Map.Entry<String, Boolean> layout : layouts.entrySet()) {
            Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws" + n++), WHICH_MAIN, true);
            ws.ensureLayout();
            Path ffmpeg = ws.dependencies().resolve(layout.getKey());
            Files.createDirectories(ffmpeg.getParent());
            Files.writeString(ffmpeg, "#!/bin/sh\necho ffmpeg\n");
            Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("rwxr-xr-x"));
            boolean finishFound = !finish(ws, host).detail().contains(FinishStep.FFMPEG_MISSING);
            String appSays = launch(ws, host).get(0);
            assertEquals(layout.getValue(), finishFound, layout.getKey());
            assertEquals(layout.getValue() ? "WHICH " + ffmpeg : "WHICH None", appSays, layout.getKey());
        }
    }

    private static StepOutcome finish(Workspace ws, HostEnvironment host) throws Exception {
        StepContext ctx = new StepContext(ws, ConfigLoader.load(ws, "upstream", Map.of()), host,
                new StateStore(ws.stateFile()), e -> { }, new Cancellation(), FinishStep.ID);
        return new FinishStep().run(ctx);
    }

    /** The app's own output lines (not the launcher's notes). */
    private static List<String> launch(Workspace ws, HostEnvironment host) throws Exception {
        List<SupervisorEvent> events = new CopyOnWriteArrayList<>();
        try (VisoMasterSupervisor s = new VisoMasterSupervisor(ws, host, events::add)) {
            s.start();
            await().until(() -> events.stream().anyMatch(e -> e instanceof SupervisorEvent.StateChanged c
                    && c.state() == VisoState.EXITED));
        }
        return events.stream().filter(e -> e instanceof SupervisorEvent.Output).map(e -> ((SupervisorEvent.Output) e)
                .line()).filter(l -> !l.startsWith("[launcher]")).toList();
    }
}
