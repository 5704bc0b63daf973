package org.visomaster.launcher.guard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.engine.WorkspaceLock;
import org.visomaster.launcher.infra.metrics.GpuSource;
import org.visomaster.launcher.infra.metrics.GpuSources;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.testing.FakeNvidiaSmi;

/** Each activity of the idle rule keeps the box awake, found the way the guard finds it on a live box. */
class ActivityProbesTest {
    private static final ProcFs PROC = new ProcFs(ProcFs.DEFAULT);
    @TempDir
    Path dir;

    @Test
    void gpuWorkAboveTheThreshold() throws Exception {
        // a fake nvidia-smi reporting 57% on an RTX 4090, read by the metrics' own nvidia-smi source
        try (GpuSource gpus = GpuSources.detectWithoutNvml(FakeNvidiaSmi.host(dir.resolve("bin"),
                FakeNvidiaSmi.NORMAL))) {
            await().until(() -> !gpus.sample().isEmpty());
            Optional<Activity> busy = new GpuWork(gpus, 5).check(Instant.now());
            assertEquals(Activity.Kind.GPU, busy.orElseThrow().kind());
            assertEquals("GPU 0 is working (57% busy, above 5%)", busy.get().sentence());
            assertTrue(new GpuWork(gpus, 60).check(Instant.now()).isEmpty(), "57% is below a 60% threshold");
        }
    }

    @Test
    void cpuWorkAboveTheThreshold() throws Exception {
        AtomicBoolean spin = new AtomicBoolean(true);
        Thread busy = new Thread(() -> {
            long x = 0;
            while (spin.get()) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.print("");
            }
        });
        busy.start();
        try {
            CpuWork any = new CpuWork(0);
            Optional<Activity> a = any.check(Instant.now());
            assertEquals(Activity.Kind.CPU, a.orElseThrow().kind());
            assertTrue(a.get().sentence().startsWith("the CPUs are working ("), a.get().sentence());
            assertTrue(new CpuWork(100).check(Instant.now()).isEmpty(), "nothing is busier than 100%");
        } finally {
            spin.set(false);
            busy.join();
        }
    }

    @Test
    void aSetupHoldingTheWorkspaceLock() throws Exception {
        Workspace ws = new Workspace(dir.resolve("ws"));
        SetupRunning probe = new SetupRunning(ws.lockFile(), PROC);
        assertTrue(probe.check(Instant.now()).isEmpty(), "no lock file yet");
        try (WorkspaceLock lock = WorkspaceLock.acquire(ws.lockFile())) {
            Activity a = probe.check(Instant.now()).orElseThrow();
            assertEquals(Activity.Kind.SETUP, a.kind());
            assertEquals("a setup is running (pid " + ProcessHandle.current().pid() + ")", a.sentence());
        }
        assertTrue(probe.check(Instant.now()).isEmpty(), "the file stays, the lock is gone");
        // and reading /proc/locks took nothing: a setup can start right away
        try (WorkspaceLock again = WorkspaceLock.acquire(ws.lockFile())) {
            assertTrue(probe.check(Instant.now()).isPresent());
        }
    }

    @Test
    void anUploadWrittenToRecently() throws Exception {
        Workspace ws = new Workspace(dir.resolve("ws"));
        Path incoming = Files.createDirectories(ws.uploads().resolve(".incoming"));
        UploadRunning probe = new UploadRunning(incoming);
        Instant now = Instant.now();
        assertTrue(probe.check(now).isEmpty());
        Path part = Files.writeString(incoming.resolve("a1b2.part"), "first chunk");
        assertEquals("an upload is in progress", probe.check(now).orElseThrow().sentence());
        Files.setLastModifiedTime(part, FileTime.from(now.minus(Duration.ofMinutes(3))));
        assertTrue(probe.check(now).isEmpty(), "a part untouched for 3 minutes is abandoned");
    }

    @Test
    void someoneConnectedToTheDesktopsWebsocket() throws Exception {
        try (ServerSocket kasm = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            DesktopConnected probe = new DesktopConnected(kasm.getLocalPort(), PROC);
            assertTrue(probe.check(Instant.now()).isEmpty(), "listening is not connected");
            try (Socket browser = new Socket(InetAddress.getLoopbackAddress(), kasm.getLocalPort());
                 Socket accepted = kasm.accept()) {
                Activity a = probe.check(Instant.now()).orElseThrow();
                assertEquals(Activity.Kind.DESKTOP, a.kind());
                assertEquals("someone is connected to the desktop (1 connection to port " + kasm.getLocalPort() + ")",
                        a.sentence());
            }
            await().until(() -> probe.check(Instant.now()).isEmpty());
        }
    }

    @Test
    void theDesktopPortComesFromThePortalConfig() {
        assertEquals(16901, DesktopConnected.portFrom(null));
        assertEquals(16901, DesktopConnected.portFrom("localhost:1111:11111:/:Instance Portal|localhost:6901:16901:/"
                + ":Desktop|localhost:7860:17860:/:Upload"));
        assertEquals(26901, DesktopConnected.portFrom("localhost:6901:26901:/:Desktop"));
    }

    @Test
    void sshAndJupyterTerminalsButNotADetachedTmuxOrTheDesktopsTerminal() throws Exception {
        // a /proc as the kernel writes it: stat lines with pid, (comm), state, ppid, pgrp, session, tty_nr
        Path proc = dir.resolve("proc");
        int pts0 = 136 << 8;
        int pts3 = (136 << 8) | 3;
        int pts5 = (136 << 8) | 5;
        process(proc, 1, "supervisord", 0, 0, "/usr/bin/python3 /usr/bin/supervisord");
        process(proc, 20, "sshd", 1, 0, "sshd: /usr/sbin/sshd -D");
        process(proc, 300, "sshd", 20, 0, "sshd: root@pts/0");
        process(proc, 301, "bash", 300, pts0, "-bash");
        process(proc, 40, "tmux: server", 1, 0, "tmux new-session");
        process(proc, 41, "bash", 40, pts5, "-bash");
        process(proc, 50, "xfce4-terminal", 1, 0, "xfce4-terminal");
        process(proc, 51, "bash (desktop)", 50, (136 << 8) | 6, "bash");
        Path devPts = Files.createDirectories(dir.resolve("dev-pts"));
        TerminalOpen probe = new TerminalOpen(new ProcFs(proc), devPts);
        assertEquals("a terminal is open (SSH on pts/0)", probe.check(Instant.now()).orElseThrow().sentence());

        process(proc, 60, "jupyter-lab", 1, 0, "/usr/bin/python3 /usr/local/bin/jupyter-lab --port 18080");
        process(proc, 61, "bash", 60, pts3, "/bin/bash -l");
        Path jupyterPts = Files.writeString(devPts.resolve("3"), "");
        Instant now = Instant.now();
        assertEquals("2 terminals are open (SSH on pts/0, Jupyter on pts/3)",
                probe.check(now).orElseThrow().sentence());
        // Jupyter keeps a terminal whose tab was closed: unused for 10 minutes, it no longer counts
        Files.setLastModifiedTime(jupyterPts, FileTime.from(now.minus(Duration.ofMinutes(11))));
        Files.getFileAttributeView(jupyterPts, java.nio.file.attribute.BasicFileAttributeView.class)
                .setTimes(FileTime.from(now.minus(Duration.ofMinutes(11))), FileTime.from(now.minus(
                        Duration.ofMinutes(11))), null);
        assertEquals("a terminal is open (SSH on pts/0)", probe.check(now).orElseThrow().sentence());

        deleteTree(proc.resolve("300"));
        deleteTree(proc.resolve("301"));
        deleteTree(proc.resolve("61"));
        assertTrue(probe.check(Instant.now()).isEmpty(), "only a detached tmux and the desktop's terminal are left");
    }

    @Test
    void procFsReadsThisMachinesRealProcessTable() {
        Map<Long, ProcFs.Proc> all = PROC.processes();
        ProcFs.Proc me = all.get(ProcessHandle.current().pid());
        assertEquals(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L), me.ppid());
        assertTrue(me.cmdline().contains("java"), me.cmdline());
    }

    @Test
    void keepRunningCountsOncePerPress() throws Exception {
        Workspace ws = new Workspace(dir.resolve("ws"));
        KeepRunning probe = new KeepRunning(KeepRunning.file(ws));
        Instant now = Instant.now();
        assertTrue(probe.check(now).isEmpty());
        KeepRunning.press(ws, Clock.fixed(now, java.time.ZoneOffset.UTC));
        assertEquals("someone pressed Keep running", probe.check(now).orElseThrow().sentence());
        assertTrue(probe.check(now).isEmpty(), "the same press counts once");
    }

    @Test
    void theStandardMonitorAsksEveryProbe() throws Exception {
        Workspace ws = new Workspace(dir.resolve("ws"));
        try (GpuSource none = GpuSources.detectWithoutNvml(FakeNvidiaSmi.host(dir.resolve("nobin"), null));
             WorkspaceLock lock = WorkspaceLock.acquire(ws.lockFile())) {
            Files.createDirectories(ws.uploads().resolve(".incoming"));
            Files.writeString(ws.uploads().resolve(".incoming/x.part"), "x");
            ActivityMonitor m = ActivityMonitor.standard(ws, Map.of("VISO_IDLE_CPU_PERCENT", "100"), none,
                    Files.createDirectories(dir.resolve("emptyproc")));
            List<Activity.Kind> kinds = m.check(Instant.now()).stream().map(Activity::kind).toList();
            assertEquals(List.of(Activity.Kind.UPLOAD), kinds, "the lock is not in the empty /proc given");
            ActivityMonitor live = ActivityMonitor.standard(ws, Map.of("VISO_IDLE_CPU_PERCENT", "100"), none);
            assertTrue(live.check(Instant.now()).stream().anyMatch(a -> a.kind() == Activity.Kind.SETUP));
        }
    }

    private static void process(Path proc, long pid, String comm, long ppid, int tty, String cmdline)
            throws IOException {
        Path d = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(d.resolve("stat"), pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid + " " + tty
                + " -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 100 1000 10\n");
        Files.writeString(d.resolve("cmdline"), cmdline.replace(' ', '\0') + "\0");
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
