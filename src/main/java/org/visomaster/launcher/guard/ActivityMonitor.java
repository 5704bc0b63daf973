package org.visomaster.launcher.guard;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.metrics.GpuSource;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * The idle rule: the box is idle when none of its probes finds activity: GPU work, CPU work, a setup, an upload, a
 * desktop connection, an SSH or Jupyter terminal, a Keep running press. Each probe is asked every time (so that
 * {@code status} can list all that keep the box awake); one that fails counts as no activity.
 */
public final class ActivityMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(ActivityMonitor.class);
    public static final String GPU_THRESHOLD_VARIABLE = "VISO_IDLE_GPU_PERCENT";
    public static final String CPU_THRESHOLD_VARIABLE = "VISO_IDLE_CPU_PERCENT";

    private final List<ActivityProbe> probes;

    ActivityMonitor(List<ActivityProbe> probes) {
        this.probes = List.copyOf(probes);
    }

    /** The standard rule on this box: /proc, the workspace's files, this GPU source. */
    public static ActivityMonitor standard(Workspace ws, Map<String, String> env, GpuSource gpus) {
        return standard(ws, env, gpus, ProcFs.DEFAULT);
    }

    /** The standard rule reading processes, locks and connections from {@code procRoot} instead of /proc. */
    public static ActivityMonitor standard(Workspace ws, Map<String, String> env, GpuSource gpus, Path procRoot) {
        ProcFs proc = new ProcFs(procRoot);
        return new ActivityMonitor(List.of(
                new GpuWork(gpus, percent(env, GPU_THRESHOLD_VARIABLE, GpuWork.DEFAULT_THRESHOLD_PERCENT)),
                new CpuWork(percent(env, CPU_THRESHOLD_VARIABLE, CpuWork.DEFAULT_THRESHOLD_PERCENT)),
                new SetupRunning(ws.lockFile(), proc),
                new UploadRunning(ws.uploads().resolve(".incoming")),
                new DesktopConnected(DesktopConnected.portFrom(env.get("PORTAL_CONFIG")), proc),
                new TerminalOpen(proc, TerminalOpen.DEV_PTS),
                new KeepRunning(KeepRunning.file(ws))));
    }

    /** Everything that keeps the box awake now; empty when it is idle. */
    public List<Activity> check(Instant now) {
        List<Activity> found = new ArrayList<>();
        for (ActivityProbe p : probes) {
            try {
                p.check(now).ifPresent(found::add);
            } catch (RuntimeException e) {
                LOG.debug("{} failed; counted as no activity", p.getClass().getSimpleName(), e);
            }
        }
        return found;
    }

    private static double percent(Map<String, String> env, String name, double fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            return d >= 0 && d <= 100 ? d : fallback;
        } catch (NumberFormatException e) {
            LOG.warn("{}={} is not a percentage; using {}", name, v, fallback);
            return fallback;
        }
    }
}
