package org.visomaster.launcher.infra.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.testing.FixtureVisoMaster;
import org.visomaster.launcher.infra.workspace.Workspace;

class VisoMasterSupervisorTest {
    @TempDir
    Path tmp;

    private final List<SupervisorEvent> events = new CopyOnWriteArrayList<>();
    private VisoMasterSupervisor supervisor;

    @AfterEach
    void tearDown() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    private VisoMasterSupervisor supervise(Workspace ws, String mode, Map<String, String> extra) {
        HostEnvironment host = HostEnvironment.system().with(Map.of("FIXTURE_MODE", mode));
        host = host.with(extra);
        supervisor = new VisoMasterSupervisor(ws, host, events::add);
        return supervisor;
    }

    @Test
    void cleanExitRunsInSourceRootWithDesignEnvironmentAndLogsEveryLine() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), FixtureVisoMaster.MODES_MAIN_PY, true);
        VisoMasterSupervisor s = supervise(ws, "ok",
                Map.of("QT_QPA_PLATFORM_PLUGIN_PATH", "/opencv/qt/plugins", "PATH", "/usr/bin:/bin", "EXTRA", "kept"));
        s.start();
        awaitState(VisoState.EXITED);

        List<String> out = outputLines();
        assertTrue(out.contains("ENV PYTHONUNBUFFERED=1"), out.toString());
        assertTrue(out.contains("ENV QT_X11_NO_MITSHM=1"), out.toString());
        assertTrue(out.contains("ENV QT_QPA_PLATFORM_PLUGIN_PATH=<unset>"), out.toString());
        assertTrue(out.contains("ENV EXTRA=kept"), out.toString());
        // no dependencies/ folder yet: only the env's bin goes in front
        assertTrue(out.contains("ENV PATH=" + ws.env().resolve("bin") + ":/usr/bin:/bin"), out.toString());
        assertTrue(out.contains("CWD " + ws.source()), out.toString());
        assertTrue(out.contains("EXE " + ws.env().resolve("bin/python")), out.toString());

        assertEquals(List.of(VisoState.STARTING, VisoState.RUNNING, VisoState.EXITED), states());
        SupervisorEvent.StateChanged end = lastState();
        assertEquals(0, end.exitCode());
        assertTrue(end.pid() > 0);
        assertTrue(events.stream().noneMatch(e -> e instanceof SupervisorEvent.Crashed));
        assertEquals(-1, s.pid());

        Path log = s.currentLog();
        assertEquals(ws.logs(), log.getParent());
        assertTrue(log.getFileName().toString().matches("visomaster-\\d{8}-\\d{6}\\.log"), log.toString());
        List<String> logged = Files.readAllLines(log);
        assertTrue(logged.contains("fixture done"), logged.toString());
        assertTrue(logged.contains("ENV PYTHONUNBUFFERED=1"));
        assertTrue(logged.get(logged.size() - 1).contains("exited with code 0"), logged.toString());
    }

    @Test
    void nonZeroExitIsACrashWithTriagedCause() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), FixtureVisoMaster.MODES_MAIN_PY, true);
        VisoMasterSupervisor s = supervise(ws, "crash_ort", Map.of());
        s.start();
        awaitState(VisoState.CRASHED);

        SupervisorEvent.Crashed crash = events.stream().filter(e -> e instanceof SupervisorEvent.Crashed)
                .map(e -> (SupervisorEvent.Crashed) e).findFirst().orElseThrow();
        assertEquals(1, crash.exitCode());
        assertTrue(crash.diagnosis().isPresent());
        assertEquals("onnxruntime-gpu 1.20.0", crash.diagnosis().get().cause());
        assertTrue(crash.lastLines().stream().anyMatch(l -> l.contains("no data transfer registered")));
        assertEquals(1, lastState().exitCode());
        assertEquals(VisoState.CRASHED, s.state());
        // stderr is merged into the same log
        assertTrue(Files.readString(s.currentLog()).contains("There's no data transfer registered"));
    }

    @Test
    void deathBySignalIsACrashEvenWithoutOutputCause() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), FixtureVisoMaster.MODES_MAIN_PY, true);
        VisoMasterSupervisor s = supervise(ws, "sigkill", Map.of());
        s.start();
        awaitState(VisoState.CRASHED);
        SupervisorEvent.Crashed crash = events.stream().filter(e -> e instanceof SupervisorEvent.Crashed)
                .map(e -> (SupervisorEvent.Crashed) e).findFirst().orElseThrow();
        assertEquals(137, crash.exitCode());
        assertTrue(crash.diagnosis().isEmpty());
        assertTrue(crash.lastLines().contains("about to die"));
        assertTrue(outputLines().stream().anyMatch(l -> l.contains("SIGKILL")), outputLines().toString());
    }

    @Test
    void burstOfOutputKeepsLastLinesInRingAndEveryLineInTheLog() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), FixtureVisoMaster.MODES_MAIN_PY, true);
        VisoMasterSupervisor s = supervise(ws, "many", Map.of());
        s.start();
        awaitState(VisoState.CRASHED);
        List<String> ring = s.lastLines();
        assertEquals(VisoMasterSupervisor.RING_LINES, ring.size());
        assertEquals("last words before the crash", ring.get(ring.size() - 1));
        assertEquals("line 4801", ring.get(0));
        List<String> logged = Files.readAllLines(s.currentLog());
        assertTrue(logged.contains("line 0"));
        assertTrue(logged.contains("line 4999"));
        assertTrue(logged.contains("last words before the crash"));
        assertEquals(5002, outputLines().stream().filter(l -> !l.startsWith("[launcher]")).count());
    }

    @Test
    void stopEndsGracefullyOnSigtermAndIsNotACrash() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), FixtureVisoMaster.MODES_MAIN_PY, true);
        VisoMasterSupervisor s = supervise(ws, "hang", Map.of());
        s.start();
        awaitOutput("READY");
        awaitState(VisoState.RUNNING);
        long pid = s.pid();
        assertTrue(pid > 0);
        assertNotNull(s.startedAt());

        s.stop();
        assertEquals(VisoState.STOPPED, s.state());
        assertTrue(isGone(pid));
        awaitState(VisoState.STOPPED);
        assertEquals(List.of(VisoState.STARTING, VisoState.RUNNING, VisoState.STOPPING, VisoState.STOPPED), states());
        assertTrue(outputLines().contains("got SIGTERM, bye"));
        assertTrue(events.stream().noneMatch(e -> e instanceof SupervisorEvent.Crashed));
    }

    @Test
    void stopKillsTheWholeTreeWhenSigtermIsIgnored() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), FixtureVisoMaster.MODES_MAIN_PY, true);
        VisoMasterSupervisor s = supervise(ws, "stubborn", Map.of());
        s.setStopTimeout(Duration.ofMillis(800));
        s.start();
        awaitOutput("READY");
        long childPid = Long.parseLong(outputLines().stream().filter(l -> l.startsWith("CHILD "))
                .findFirst().orElseThrow().substring(6));
        long pid = s.pid();
        assertFalse(isGone(childPid), "the fixture's child should be running before stop");

        long t0 = System.nanoTime();
        s.stop();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 700, "SIGTERM was ignored, so stop must have waited for the timeout: " + ms + " ms");
        assertTrue(isGone(pid));
        awaitTrue(() -> isGone(childPid), "the grandchild survived the tree kill");
        awaitState(VisoState.STOPPED);
        SupervisorEvent.StateChanged end = lastState();
        assertEquals(137, end.exitCode());
        assertTrue(events.stream().noneMatch(e -> e instanceof SupervisorEvent.Crashed));
    }

    @Test
    void startWhileRunningIsANoOpAndRestartGivesANewProcessAndLog() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), FixtureVisoMaster.MODES_MAIN_PY, true);
        VisoMasterSupervisor s = supervise(ws, "hang", Map.of());
        s.start();
        awaitOutput("READY");
        long pid = s.pid();
        Path firstLog = s.currentLog();
        s.start();
        assertEquals(pid, s.pid());
        assertEquals(1, states().stream().filter(st -> st == VisoState.STARTING).count());

        s.restart();
        awaitTrue(() -> s.state() == VisoState.RUNNING, "restart did not come back to running");
        assertTrue(s.pid() > 0 && s.pid() != pid);
        assertTrue(isGone(pid));
        assertTrue(!firstLog.equals(s.currentLog()) && Files.exists(firstLog) && Files.exists(s.currentLog()));
    }

    @Test
    void startingUntilFirstOutputOrASecondAlive() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), FixtureVisoMaster.MODES_MAIN_PY, true);
        // slow_start prints nothing for 3 s: RUNNING comes from the one-second rule
        VisoMasterSupervisor s = supervise(ws, "slow_start", Map.of());
        s.start();
        assertEquals(VisoState.STARTING, s.state());
        awaitState(VisoState.RUNNING);
        assertFalse(outputLines().contains("READY"));
        awaitState(VisoState.EXITED);
    }

    @Test
    void fallsBackToPython3OnPathWhenTheEnvHasNoPython() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), FixtureVisoMaster.MODES_MAIN_PY, false);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("python3"), FixtureVisoMaster.realPython());
        VisoMasterSupervisor s = supervise(ws, "ok", Map.of("PATH", bin.toString()));
        s.start();
        awaitState(VisoState.EXITED);
        assertTrue(outputLines().stream().anyMatch(l -> l.startsWith("[launcher]") && l.contains("does not exist")
                && l.contains(bin.resolve("python3").toString())), outputLines().toString());
        assertTrue(outputLines().contains("EXE " + bin.resolve("python3")));
    }

    /** VisoMaster crashes at start-up without model_assets/dfm_models/ (DESIGN §5): any launch creates it. */
    @Test
    void theLaunchItselfCreatesTheFoldersVisoMasterNeedsAndKeepsWhatIsThere() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), String.join("\n",
                "import os, sys",
                "if not os.path.isdir('model_assets/dfm_models'):",
                "    sys.exit('FileNotFoundError: ./model_assets/dfm_models')",
                "print('dfm_models there; output ' + str(os.path.isdir(os.path.join('..', 'output'))))",
                "print('kept: ' + open('model_assets/mine.onnx').read())", ""), true);
        Files.createDirectories(ws.modelAssets());
        Files.writeString(ws.modelAssets().resolve("mine.onnx"), "my model");
        VisoMasterSupervisor s = supervise(ws, "ok", Map.of());
        s.start();
        awaitState(VisoState.EXITED);
        assertEquals(List.of("dfm_models there; output True", "kept: my model"), outputLines().stream()
                .filter(l -> !l.startsWith("[launcher]")).toList());
        assertEquals(0, lastState().exitCode());
    }

    @Test
    void missingVisoMasterOrPythonIsOneClearSentence() throws Exception {
        Workspace empty = new Workspace(tmp.resolve("empty"));
        VisoMasterSupervisor s = supervise(empty, "ok", Map.of());
        IOException e = assertThrows(IOException.class, s::start);
        assertTrue(e.getMessage().contains("main.py does not exist; run the setup first."), e.getMessage());
        assertEquals(VisoState.STOPPED, s.state());
        s.close();

        Workspace noPython = FixtureVisoMaster.installed(tmp.resolve("ws"), FixtureVisoMaster.MODES_MAIN_PY, false);
        supervisor = new VisoMasterSupervisor(noPython,
                HostEnvironment.system().with(Map.of("PATH", tmp.resolve("nothing").toString())), events::add);
        e = assertThrows(IOException.class, supervisor::start);
        assertTrue(e.getMessage().startsWith("No Python to run VisoMaster"), e.getMessage());
    }

    @Test
    void closeStopsTheChildAndRefusesNewStarts() throws Exception {
        Workspace ws = FixtureVisoMaster.installed(tmp.resolve("ws"), FixtureVisoMaster.MODES_MAIN_PY, true);
        VisoMasterSupervisor s = supervise(ws, "hang", Map.of());
        s.start();
        awaitOutput("READY");
        long pid = s.pid();
        s.close();
        assertTrue(isGone(pid));
        assertThrows(IllegalStateException.class, s::start);
    }

    // --- helpers

    private List<String> outputLines() {
        return events.stream().filter(e -> e instanceof SupervisorEvent.Output)
                .map(e -> ((SupervisorEvent.Output) e).line()).toList();
    }

    private List<VisoState> states() {
        return events.stream().filter(e -> e instanceof SupervisorEvent.StateChanged)
                .map(e -> ((SupervisorEvent.StateChanged) e).state()).toList();
    }

    private SupervisorEvent.StateChanged lastState() {
        List<SupervisorEvent.StateChanged> all = events.stream().filter(e -> e instanceof SupervisorEvent.StateChanged)
                .map(e -> (SupervisorEvent.StateChanged) e).toList();
        return all.get(all.size() - 1);
    }

    private void awaitState(VisoState state) throws InterruptedException {
        awaitTrue(() -> states().contains(state), "no " + state + " event; events: " + events);
    }

    private void awaitOutput(String line) throws InterruptedException {
        awaitTrue(() -> outputLines().contains(line), "no output line " + line + "; events: " + events);
    }

    static void awaitTrue(BooleanSupplier condition, String message) {
        await().alias(message).until(condition::getAsBoolean);
    }

    static boolean isGone(long pid) {
        return ProcessChecks.isGone(pid);
    }
}
