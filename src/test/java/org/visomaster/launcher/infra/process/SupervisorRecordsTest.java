package org.visomaster.launcher.infra.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.logging.LauncherLogging;
import org.visomaster.launcher.infra.logging.LogLevel;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.testing.FixtureVisoMaster;

/** Fusion's own crash reports in the triage, and VisoMaster's starts, exits and triage in logs/launcher.log. */
class SupervisorRecordsTest {
    /** Crashes the way Fusion's main.py does: the traceback into crash_logs/crash_<stamp>.log, a banner, exit 1. */
    static final String FUSION_CRASH = """
            import os, sys, time
            from pathlib import Path
            error = os.environ.get("FIXTURE_ERROR", "RuntimeError: boom")
            d = Path(__file__).resolve().parent / "crash_logs"
            d.mkdir(exist_ok=True)
            with open(d / time.strftime("crash_%Y%m%d_%H%M%S.log"), "w") as f:
                f.write("VisoMaster crash report\\n" + "=" * 70 + "\\nPython:   3.12.10\\n" + "=" * 70 + "\\n\\n")
                f.write("Traceback (most recent call last):\\n  File \\"main.py\\", line 9, in _run_app\\n")
                f.write("    window = main_ui.MainWindow(gpu_id=args.gpu_id)\\n" + error + "\\n")
            print("[FATAL] VisoMaster crashed.")
            print("  Crash log written to:")
            sys.exit(1)
            """;

    @TempDir
    Path tmp;
    final List<SupervisorEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void logsBackToDefaults() {
        LauncherLogging.reset();
    }

    private SupervisorEvent.Crashed crash(Workspace ws, String error) {
        events.clear();
        HostEnvironment host = HostEnvironment.system().with(Map.of("FIXTURE_ERROR", error));
        try (VisoMasterSupervisor s = new VisoMasterSupervisor(ws, host, events::add)) {
            s.start();
            await().until(() -> events.stream().anyMatch(e -> e instanceof SupervisorEvent.Crashed));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return events.stream().filter(e -> e instanceof SupervisorEvent.Crashed).map(SupervisorEvent.Crashed.class::cast)
                .findFirst().orElseThrow();
    }

    @Test
    void theCrashReportOfTheRunIsReadAndNamedAndAnOlderOneIsNot() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), FUSION_CRASH, true);
        Path old = Files.createDirectories(ws.source().resolve("crash_logs")).resolve("crash_20260101_000000.log");
        Files.writeString(old, "Traceback (most recent call last):\ntorch.OutOfMemoryError: CUDA out of memory\n");
        Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));

        SupervisorEvent.Crashed c = crash(ws, "RuntimeError: CUDA error: no kernel image is available for execution"
                + " on the device");
        Diagnosis d = c.diagnosis().orElseThrow();
        assertEquals("GPU too new (or too old) for this torch", d.cause(), "the report's traceback was triaged");
        assertTrue(d.fix().contains(ws.source().resolve("crash_logs").toString() + "/crash_"), d.fix());
        assertTrue(d.fix().contains("says \"RuntimeError: CUDA error: no kernel image is available"), d.fix());
        assertFalse(d.fix().contains("20260101"), "an older report is another crash: " + d.fix());

        d = crash(ws, "ValueError: a face-swap error nobody has seen before").diagnosis().orElseThrow();
        assertEquals("VisoMaster's crash report", d.cause());
        assertTrue(d.fix().contains("says \"ValueError: a face-swap error nobody has seen before\""), d.fix());
    }

    @Test
    void aCrashReportIsReadFromItsEndOnly() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("src/crash_logs"));
        StringBuilder big = new StringBuilder();
        while (big.length() < CrashLog.MAX_BYTES * 3) {
            big.append("  File \"x.py\", line 1, in frame\n");
        }
        Files.writeString(dir.resolve("crash_20261206_010101.log"), big + "KeyError: 'Inswapper128'\n");
        CrashLog log = CrashLog.newestSince(tmp.resolve("src"), Instant.now().minusSeconds(60)).orElseThrow();
        assertTrue(log.lines().stream().mapToInt(String::length).sum() <= CrashLog.MAX_BYTES);
        assertEquals("KeyError: 'Inswapper128'", log.error());
        assertEquals(Optional.empty(), CrashLog.newestSince(tmp.resolve("src"), Instant.now().plusSeconds(60)));
    }

    @Test
    void launcherLogRecordsStartsExitsAndTheTriageSentence() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), FixtureVisoMaster.MODES_MAIN_PY, true);
        assertNull(LauncherLogging.start(ws.logs(), LogLevel.INFO, "launch"));
        for (String mode : List.of("ok", "crash_ort")) {
            events.clear();
            HostEnvironment host = HostEnvironment.system().with(Map.of("FIXTURE_MODE", mode));
            try (VisoMasterSupervisor s = new VisoMasterSupervisor(ws, host, events::add)) {
                s.start();
                await().until(() -> s.state() == VisoState.EXITED || s.state() == VisoState.CRASHED);
            }
        }
        String log = Files.readString(ws.logs().resolve(LauncherLogging.FILE_NAME));
        String python = ws.env().resolve("bin/python").toString();
        assertTrue(log.matches("(?s).*VisoMaster started: " + python + " main\\.py \\(pid \\d+\\) in " + ws.source()
                + "; its output: .*visomaster-\\d{8}-\\d{6}(-\\d)?\\.log.*"), log);
        assertTrue(log.matches("(?s).*VisoMaster exited with code 0 \\(pid \\d+\\) after \\S+.*"), log);
        assertTrue(log.matches("(?s).*WARN .*VisoMaster crashed: exit code 1 \\(pid \\d+\\) after \\S+; onnxruntime-gpu"
                + " 1\\.20\\.0: onnxruntime-gpu 1\\.20\\.0 \\(pinned by VisoMaster's requirements\\) cannot copy.*"), log);
    }
}
