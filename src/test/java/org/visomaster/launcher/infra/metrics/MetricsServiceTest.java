package org.visomaster.launcher.infra.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.process.ProcessChecks;
import org.visomaster.launcher.testing.FakeNvidiaSmi;

class MetricsServiceTest {
    @TempDir
    Path tmp;

    private Process python;

    @AfterEach
    void killPython() {
        if (python != null) {
            python.descendants().forEach(ProcessHandle::destroyForcibly);
            python.destroyForcibly();
        }
    }

    /** A real python that holds ~40 MB and starts a child holding ~30 MB, then sleeps. */
    private Process startPython() throws IOException, InterruptedException {
        python = new ProcessBuilder("python3", "-c", """
                import subprocess, sys, time
                ballast = bytearray(40 * 1024 * 1024)
                child = subprocess.Popen([sys.executable, "-c",
                    "import time; b = bytearray(30 * 1024 * 1024); print('child ready', flush=True); time.sleep(600)"],
                    stdout=sys.stdout)
                time.sleep(600)
                """).redirectErrorStream(true).start();
        // wait for the child's line so both are resident before we measure
        byte[] buf = new byte[64];
        int n = python.getInputStream().read(buf);
        assertTrue(n > 0 && new String(buf, 0, n).contains("child ready"));
        return python;
    }

    /** A scheduler stepped by the test, and a clock that moves one period per step. */
    static final class SteppedScheduler implements MetricsService.Scheduler {
        final List<Duration> periods = new CopyOnWriteArrayList<>();
        final MutableClock clock = new MutableClock();
        Runnable tick;
        boolean closed;

        @Override
        public AutoCloseable every(Duration period, Runnable t) {
            periods.add(period);
            tick = t;
            return () -> closed = true;
        }

        void step(int times) {
            for (int i = 0; i < times; i++) {
                tick.run(); // a tick that threw here would have ended a real fixed-rate schedule
                clock.now = clock.now.plus(periods.get(0));
            }
        }
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void eachTickIsASnapshotWithEverythingFilled() throws Exception {
        Process p = startPython();
        long pid = p.pid();
        HostEnvironment host = FakeNvidiaSmi.install(tmp.resolve("bin"), FakeNvidiaSmi.TWO_GPUS);
        Files.writeString(tmp.resolve("bin/apps.csv"), pid + ", 2048\n");
        List<MetricsSnapshot> ticks = new CopyOnWriteArrayList<>();
        SteppedScheduler scheduler = new SteppedScheduler();
        MetricsService service = new MetricsService(GpuSources.detectWithoutNvml(host), tmp, () -> pid,
                scheduler.clock, scheduler);
        try (service) {
            service.start(ticks::add, Duration.ofMillis(250));
            service.start(ticks::add, Duration.ofMillis(10)); // ignored: one schedule only
            assertEquals(List.of(Duration.ofMillis(250)), scheduler.periods);
            // the fake nvidia-smi prints once its loop has started, and CPU load needs time between two
            // samples: step (Awaitility polls every 100 ms) until both are in
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                scheduler.step(1);
                MetricsSnapshot s = ticks.get(ticks.size() - 1);
                return s.gpus().size() == 2 && !Double.isNaN(s.cpuPercent());
            });
        }
        assertTrue(scheduler.closed, "close() ends the schedule");
        int count = ticks.size();
        for (int i = 1; i < count; i++) {
            assertEquals(Duration.ofMillis(250), Duration.between(ticks.get(i - 1).time(), ticks.get(i).time()),
                    "each snapshot carries the time of its tick");
        }

        MetricsSnapshot last = ticks.get(count - 1);
        assertTrue(last.cpuPercent() >= 0 && last.cpuPercent() <= 100);
        assertTrue(last.ramTotalBytes() > 0 && last.ramUsedBytes() > 0 && last.ramUsedBytes() <= last.ramTotalBytes());
        assertEquals(Files.getFileStore(tmp).getTotalSpace(), last.diskTotalBytes());
        assertTrue(last.diskUsedBytes() > 0 && last.diskUsedBytes() <= last.diskTotalBytes());
        assertEquals(GpuSourceKind.NVIDIA_SMI, last.gpuSource());
        assertEquals(2, last.gpus().size());

        ProcessSample viso = last.visomaster();
        assertNotNull(viso);
        assertEquals(pid, viso.pid());
        assertEquals(2048L << 20, viso.gpuMemoryBytes());
        long expected = vmRss(pid) + p.descendants().filter(h -> h.pid() != pid).mapToLong(h -> vmRss(h.pid())).sum();
        assertTrue(viso.rssBytes() > 70L << 20, "python + child hold 70 MB of ballast: " + viso.rssBytes());
        assertTrue(Math.abs(viso.rssBytes() - expected) < expected / 5,
                "RSS of the tree " + viso.rssBytes() + " vs /proc " + expected);
    }

    @Test
    void theLaunchersSchedulerTicksAtAFixedRateOnOneMetricsThreadUntilClosed() throws Exception {
        HostEnvironment host = new HostEnvironment(Map.of("PATH", tmp.toString()));
        List<String> threads = new CopyOnWriteArrayList<>();
        AtomicInteger delivered = new AtomicInteger();
        MetricsService service = new MetricsService(GpuSources.detectWithoutNvml(host), tmp, () -> -1);
        service.start(s -> {
            threads.add(Thread.currentThread().getName());
            delivered.incrementAndGet();
        }, Duration.ofMillis(20));
        await().atMost(Duration.ofSeconds(20)).until(() -> delivered.get() >= 3);
        service.close();
        int after = delivered.get();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> delivered.get() == after);
        assertEquals(List.of("metrics"), threads.stream().distinct().toList(), "one scheduler thread");
    }

    @Test
    void noVisoMasterNoProcessSampleAndNoGpuNoFigures() {
        HostEnvironment host = new HostEnvironment(Map.of("PATH", tmp.toString()));
        try (MetricsService service = new MetricsService(GpuSources.detectWithoutNvml(host),
                tmp.resolve("not/yet/created"), () -> -1)) {
            MetricsSnapshot s = service.sampleNow();
            assertNull(s.visomaster());
            assertEquals(GpuSourceKind.NONE, s.gpuSource());
            assertEquals("No NVIDIA GPU detected", s.gpuNote());
            assertTrue(s.gpus().isEmpty());
            assertTrue(s.diskTotalBytes() > 0, "disk of the nearest existing parent");
        }
        try (MetricsService service = new MetricsService(GpuSources.detectWithoutNvml(host), tmp, () -> 999_999_999)) {
            assertNull(service.sampleNow().visomaster(), "a pid that is not alive");
        }
    }

    @Test
    void aFailingTickOrListenerDoesNotStopTheSchedule() throws Exception {
        AtomicInteger gpuCalls = new AtomicInteger();
        GpuSource flaky = new GpuSource() {
            public GpuSourceKind kind() {
                return GpuSourceKind.NVML;
            }

            public List<GpuSample> sample() {
                if (gpuCalls.incrementAndGet() % 2 == 0) {
                    throw new IllegalStateException("driver hiccup");
                }
                return List.of();
            }

            public long processGpuMemory(long pid) {
                throw new UnsatisfiedLinkError("no such symbol");
            }

            public void close() {
            }
        };
        AtomicInteger delivered = new AtomicInteger();
        List<Long> vram = new CopyOnWriteArrayList<>();
        long self = ProcessHandle.current().pid();
        SteppedScheduler scheduler = new SteppedScheduler();
        try (MetricsService service = new MetricsService(flaky, tmp, () -> self, scheduler.clock, scheduler)) {
            service.start(s -> {
                if (delivered.incrementAndGet() == 2) {
                    throw new RuntimeException("listener bug");
                }
                vram.add(s.visomaster().gpuMemoryBytes());
            }, Duration.ofMillis(100));
            scheduler.step(6); // no tick may throw: a real fixed-rate schedule would stop at the first
        }
        assertEquals(6, delivered.get(), "every tick reached the listener");
        assertEquals(6, gpuCalls.get(), "and sampled the GPU, failing or not");
        assertEquals(5, vram.size());
        assertTrue(vram.stream().allMatch(v -> v == -1), "a throwing processGpuMemory is unknown: " + vram);
    }

    @Test
    void closeKillsTheNvidiaSmiProcess() throws Exception {
        HostEnvironment host = FakeNvidiaSmi.install(tmp, FakeNvidiaSmi.TWO_GPUS);
        MetricsService service = new MetricsService(GpuSources.detectWithoutNvml(host), tmp, () -> -1);
        await().atMost(Duration.ofSeconds(10)).until(() -> service.sampleNow().gpus().size() == 2);
        long smi = FakeNvidiaSmi.pid(tmp);
        service.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessChecks.isGone(smi));
    }

    @Test
    void probePrintsReadableSnapshots() throws Exception {
        HostEnvironment host = FakeNvidiaSmi.install(tmp, FakeNvidiaSmi.UNKNOWN_FIELDS);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MetricsProbe.run(host, tmp, 2, Duration.ofMillis(700), ProcessHandle.current().pid(),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, text.lines().filter(l -> l.contains("GPU source:")).count(), text);
        assertTrue(text.contains("GPU 0 NVIDIA H100 80GB HBM3: ? util, VRAM 1.2 GiB / 79.6 GiB, ?, ? of ?"), text);
        assertTrue(text.contains("GPU 1 Tesla T4: ? util, VRAM ? / 15.0 GiB, 45 °C, 27.5 W of 70 W"), text);
        assertTrue(text.contains("process " + ProcessHandle.current().pid() + ": RSS "), text);
        assertTrue(text.contains("CPU ") && text.contains("RAM ") && text.contains("disk "), text);
    }

    private static long vmRss(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }
}
