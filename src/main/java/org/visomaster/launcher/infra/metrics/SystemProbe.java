package org.visomaster.launcher.infra.metrics;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/** CPU, RAM and process memory through OSHI; disk through the FileStore of a path. Not thread-safe: one caller. */
final class SystemProbe {
    private static final Logger LOG = LoggerFactory.getLogger(SystemProbe.class);
    private final CentralProcessor cpu;
    private final GlobalMemory memory;
    private final OperatingSystem os;
    private long[] previousTicks;

    SystemProbe() {
        SystemInfo si = new SystemInfo();
        cpu = si.getHardware().getProcessor();
        memory = si.getHardware().getMemory();
        os = si.getOperatingSystem();
        previousTicks = cpu.getSystemCpuLoadTicks();
    }

    /** Busy share of all cores since the previous call, in percent; NaN when no time has passed. */
    double cpuPercent() {
        long[] now = cpu.getSystemCpuLoadTicks();
        long elapsed = 0;
        for (int i = 0; i < now.length; i++) {
            elapsed += now[i] - previousTicks[i];
        }
        double load = elapsed <= 0 ? Double.NaN : cpu.getSystemCpuLoadBetweenTicks(previousTicks) * 100.0;
        previousTicks = now;
        return load;
    }

    long ramTotal() {
        return memory.getTotal();
    }

    long ramUsed() {
        return memory.getTotal() - memory.getAvailable();
    }

    /** {used, total} of the file system holding {@code path} (or its nearest existing parent); -1s on trouble. */
    static long[] disk(Path path) {
        Path p = path == null ? null : path.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return new long[] {-1, -1};
        }
        try {
            FileStore store = Files.getFileStore(p);
            long total = store.getTotalSpace();
            return new long[] {total - store.getUnallocatedSpace(), total};
        } catch (IOException | SecurityException e) {
            LOG.debug("the disk of {} cannot be measured", p, e);
            return new long[] {-1, -1};
        }
    }

    /** The pid and its descendants that are alive now (VisoMaster's exports run ffmpeg as a child). */
    static List<Long> tree(long pid) {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(h -> {
            pids.add(h.pid());
            h.descendants().forEach(d -> pids.add(d.pid()));
        });
        return pids;
    }

    /** Resident memory of the pids, summed; -1 when none could be read. */
    long rss(List<Long> pids) {
        long sum = -1;
        for (long pid : pids) {
            OSProcess p = os.getProcess((int) pid);
            if (p != null && p.getState() != OSProcess.State.INVALID) {
                sum = Math.max(sum, 0) + p.getResidentMemory();
            }
        }
        return sum;
    }
}
