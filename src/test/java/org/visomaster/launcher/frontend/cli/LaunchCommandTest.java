package org.visomaster.launcher.frontend.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.frontend.app.Main;
import org.visomaster.launcher.infra.logging.LauncherLogging;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.process.LaunchSettings;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.testing.FakeNvidiaSmi;
import org.visomaster.launcher.testing.FixtureVisoMaster;

/** {@code launch}: an incomplete install is refused without --anyway; output, exit code, crash sentence, --gpu. */
class LaunchCommandTest {
    static final String GPU_MAIN = """
            import os, sys
            print("ARGS " + " ".join(sys.argv[1:]))
            print("VISIBLE " + os.environ.get("CUDA_VISIBLE_DEVICES", "<unset>"))
            """;

    @TempDir
    Path tmp;

    @AfterEach
    void logsBackToDefaults() {
        LauncherLogging.reset();
    }

    private record Run(int code, String out, String err) {
    }

    private Run launch(Workspace ws, Map<String, String> env, String... args) throws Exception {
        HostEnvironment host = FakeNvidiaSmi.hostFor(tmp.resolve("smi"), FakeNvidiaSmi.RTX_4090_AND_5090)
                .with(Map.of("HOME", tmp.toString())).with(env);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] argv = Stream.concat(Stream.of("--workspace", ws.root().toString(), "launch"), Stream.of(args))
                .toArray(String[]::new);
        int code = Main.run(argv, host, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anIncompleteInstallIsRefusedWithoutAnywayAndNothingStarts() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), FixtureVisoMaster.MODES_MAIN_PY, true);
        Run r = launch(ws, Map.of());
        assertEquals(ExitCodes.FAILED, r.code(), r.err());
        assertTrue(r.err().startsWith("VisoMaster is not completely installed (not done: "), r.err());
        assertTrue(r.err().contains("launch --anyway"), r.err());
        assertEquals("", r.out());
        try (Stream<Path> logs = Files.list(ws.logs())) {
            assertTrue(logs.noneMatch(p -> p.getFileName().toString().startsWith("visomaster-")));
        }
    }

    @Test
    void anywayStreamsTheOutputAndReturnsTheExitCode() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), FixtureVisoMaster.MODES_MAIN_PY, true);
        Run r = launch(ws, Map.of("FIXTURE_MODE", "ok"), "--anyway");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("Launching although the installation is not complete"), r.err());
        assertTrue(r.out().contains("ENV PYTHONUNBUFFERED=1\n"), r.out());
        assertTrue(r.out().contains("fixture done\n"), r.out());
        assertTrue(r.out().contains("[launcher] VisoMaster exited with code 0."), r.out());
        String log = Files.readString(ws.logs().resolve(LauncherLogging.FILE_NAME));
        assertTrue(log.contains(" launch] ") && log.contains("VisoMaster started: "), log);
        assertTrue(log.contains("VisoMaster exited with code 0 (pid "), log);
    }

    @Test
    void aCrashReturnsItsCodeAndIsNamedInOneSentence() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), FixtureVisoMaster.MODES_MAIN_PY, true);
        Run r = launch(ws, Map.of("FIXTURE_MODE", "crash_ort"), "--anyway");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("no data transfer registered"), r.out());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("VisoMaster crashed (exit code 1, onnxruntime-gpu 1.20.0): onnxruntime-gpu 1.20.0"
                + " (pinned by VisoMaster's requirements) cannot copy tensors on Linux;"), last);

        r = launch(ws, Map.of("FIXTURE_MODE", "many"), "--anyway");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("VisoMaster crashed with exit code 3 for a reason the launcher does not"
                + " recognise; its last lines are above and in " + ws.logs()), r.err());
    }

    @Test
    void aCrashIsSentToTheNotificationUrlWithItsSentence() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), FixtureVisoMaster.MODES_MAIN_PY, true);
        try (org.visomaster.launcher.guard.RecordingServer hook = new org.visomaster.launcher.guard.RecordingServer(
                "webhook")) {
            Run r = launch(ws, Map.of("FIXTURE_MODE", "crash_ort", "VISO_NOTIFY_URL", hook.url() + "/hook"),
                    "--anyway");
            assertEquals(1, r.code());
            org.awaitility.Awaitility.await().until(() -> hook.requests().size() == 1);
            String body = hook.requests().get(0).body();
            assertTrue(body.contains("\"event\":\"visomaster-crashed\"") || body.contains("crashed"), body);
            assertTrue(body.contains("onnxruntime-gpu 1.20.0"), body);
        }
    }

    @Test
    void gpuPicksTheGpuForThisRunAndOtherwiseTheRememberedOne() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), GPU_MAIN, true);
        Run r = launch(ws, Map.of(), "--anyway", "--gpu", "1");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("VISIBLE 1\n"), r.out());

        LaunchSettings.rememberGpu(ws, 0);
        r = launch(ws, Map.of(), "--anyway");
        assertTrue(r.out().contains("VISIBLE 0\n"), "the window's pick: " + r.out());
        assertEquals(0, LaunchSettings.load(ws).gpu(), "--gpu is for one run: it remembers nothing");

        r = launch(ws, Map.of(), "--anyway", "--gpu", "5");
        assertTrue(r.out().contains("GPU 5 was chosen, but this machine has 2 GPUs (0 to 1)"), r.out());
        assertTrue(r.out().contains("VISIBLE <unset>\n"), r.out());
        assertFalse(r.out().contains("ARGS --gpu-id"), r.out());

        assertEquals(ExitCodes.USAGE, launch(ws, Map.of(), "--anyway", "--gpu", "-1").code());
    }
}
