package org.visomaster.launcher.infra.metrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.process.CommandResult;
import org.visomaster.launcher.infra.process.CommandRunner;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.process.ProcessTree;

/**
 * GPU figures from ONE long-running {@code nvidia-smi --query-gpu=... -lms <period>}: a reader thread keeps the
 * newest line per GPU index, {@link #sample()} returns them. When nvidia-smi dies it is started again, after 1 s,
 * doubling up to 30 s while it keeps failing without output. Figures older than a few periods are dropped, so a
 * dead nvidia-smi shows as unknown, not as frozen numbers.
 *
 * <p>Per-process VRAM comes from a one-shot {@code nvidia-smi --query-compute-apps=pid,used_memory} at most every
 * 5 s (cached). Inside a container the driver often reports host pids or none; then it is unknown (-1).
 */
final class NvidiaSmiGpuSource implements GpuSource {
    private static final Logger LOG = LoggerFactory.getLogger(NvidiaSmiGpuSource.class);
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final long APPS_CACHE_NANOS = Duration.ofSeconds(5).toNanos();
    private static final long MIB = 1024L * 1024L;

    private record Timed(GpuSample sample, long atNanos) {
    }

    private final Path binary;
    private final HostEnvironment host;
    private final long periodMs;
    private final long staleNanos;
    private final Map<Integer, Timed> latest = new TreeMap<>();
    private final Thread loop;
    private volatile boolean closed;
    private volatile Process process;
    private volatile String problem = "";
    private Map<Long, Long> appsMemory = Map.of();
    private long appsAtNanos = Long.MIN_VALUE;

    NvidiaSmiGpuSource(Path binary, HostEnvironment host) {
        this(binary, host, 1000);
    }

    NvidiaSmiGpuSource(Path binary, HostEnvironment host, long periodMs) {
        this.binary = binary;
        this.host = host;
        this.periodMs = periodMs;
        this.staleNanos = Duration.ofMillis(Math.max(2000, 5 * periodMs)).toNanos();
        this.loop = new Thread(this::run, "nvidia-smi-reader");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public GpuSourceKind kind() {
        return GpuSourceKind.NVIDIA_SMI;
    }

    @Override
    public List<GpuSample> sample() {
        long now = System.nanoTime();
        List<GpuSample> out = new ArrayList<>();
        synchronized (latest) {
            for (Timed t : latest.values()) {
                if (now - t.atNanos() <= staleNanos) {
                    out.add(t.sample());
                }
            }
        }
        return out;
    }

    @Override
    public String note() {
        if (!sample().isEmpty()) {
            return "";
        }
        String p = problem;
        return p.isEmpty() ? "Waiting for nvidia-smi…" : "nvidia-smi: " + p;
    }

    @Override
    public synchronized long processGpuMemory(long pid) {
        if (closed || pid <= 0) {
            return -1;
        }
        long now = System.nanoTime();
        if (appsAtNanos == Long.MIN_VALUE || now - appsAtNanos > APPS_CACHE_NANOS) {
            appsMemory = queryApps();
            appsAtNanos = System.nanoTime();
        }
        return appsMemory.getOrDefault(pid, -1L);
    }

    /** pid → bytes summed over GPUs; empty when the query fails. */
    private Map<Long, Long> queryApps() {
        List<String> lines = new ArrayList<>();
        try {
            CommandResult r = CommandRunner.run(List.of(binary.toString(), "--query-compute-apps=pid,used_memory",
                    "--format=csv,noheader,nounits"), null, host.childVars(), Duration.ofSeconds(5), lines::add, null);
            if (!r.ok()) {
                return Map.of();
            }
        } catch (IOException e) {
            LOG.debug("nvidia-smi --query-compute-apps did not run", e);
            return Map.of();
        }
        Map<Long, Long> byPid = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split(",");
            if (f.length != 2) {
                continue;
            }
            try {
                long pid = Long.parseLong(f[0].trim());
                long bytes = SmiCsv.mib(f[1]);
                if (bytes >= 0) {
                    byPid.merge(pid, bytes, Long::sum);
                }
            } catch (NumberFormatException e) {
                // not a process line
            }
        }
        return byPid;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        Process p = process;
        if (p != null) {
            ProcessTree.terminate(p.toHandle(), Duration.ofSeconds(1));
        }
        loop.interrupt();
        try {
            loop.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True while the reading loop lives: once it has ended, nothing can start nvidia-smi again. */
    boolean isReading() {
        return loop.isAlive();
    }

    private void run() {
        long backoff = 1000;
        while (!closed) {
            boolean gotSample = readOnce();
            if (closed) {
                break;
            }
            backoff = gotSample ? 1000 : Math.min(backoff * 2, MAX_BACKOFF_MS);
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    /** Runs nvidia-smi until it ends; true when it produced at least one sample. */
    private boolean readOnce() {
        boolean gotSample = false;
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--query-gpu=" + SmiCsv.GPU_QUERY,
                    "--format=csv,noheader,nounits", "-lms", Long.toString(periodMs)).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(host.childVars());
            synchronized (this) {
                if (closed) {
                    return false;
                }
                p = pb.start();
                process = p;
            }
            p.getOutputStream().close();
        } catch (IOException e) {
            problem = "could not be started (" + e.getMessage() + ")";
            return false;
        }
        String lastOther = "";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Optional<GpuSample> s = SmiCsv.gpuLine(line);
                if (s.isPresent()) {
                    synchronized (latest) {
                        latest.put(s.get().index(), new Timed(s.get(), System.nanoTime()));
                    }
                    gotSample = true;
                    problem = "";
                } else if (!line.isBlank()) {
                    lastOther = line.trim();
                }
            }
            int code = p.waitFor();
            if (!closed) {
                problem = lastOther.isEmpty() ? "exited with code " + code : lastOther;
            }
        } catch (IOException e) {
            problem = "output could not be read (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (p.isAlive()) {
                ProcessTree.terminate(p.toHandle(), Duration.ofSeconds(1));
            }
        }
        return gotSample;
    }
}
