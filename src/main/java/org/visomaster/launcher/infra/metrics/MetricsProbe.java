package org.visomaster.launcher.infra.metrics;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.util.Units;

/**
 * Prints a few snapshots as text: a quick check of the GPU source on a real machine, and the body of the doctor's
 * GPU section; {@code frontend.app.MetricsProbeMain} runs it from a terminal.
 */
public final class MetricsProbe {
    private MetricsProbe() {
    }

    /**
     * The probe's command line (see {@code frontend.app.MetricsProbeMain}): optional args[0] = path for the disk
     * figure (default "."), args[1] = count, args[2] = pid to watch as VisoMaster (default: this JVM), args[3] = "smi"
     * to skip NVML and read nvidia-smi.
     */
    public static void run(String[] args, PrintStream out) throws InterruptedException {
        Path disk = Path.of(args.length > 0 ? args[0] : ".");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long pid = args.length > 2 ? Long.parseLong(args[2]) : ProcessHandle.current().pid();
        HostEnvironment host = HostEnvironment.system();
        GpuSource gpu = args.length > 3 && args[3].equals("smi") ? GpuSources.detectWithoutNvml(host)
                : GpuSources.detect(host);
        run(gpu, disk, count, Duration.ofSeconds(1), pid, out);
    }

    /** Takes {@code count} snapshots, {@code period} apart, watching {@code pid} as if it were VisoMaster. */
    public static void run(HostEnvironment host, Path disk, int count, Duration period, long pid, PrintStream out)
            throws InterruptedException {
        run(GpuSources.detect(host), disk, count, period, pid, out);
    }

    static void run(GpuSource gpu, Path disk, int count, Duration period, long pid, PrintStream out)
            throws InterruptedException {
        try (MetricsService service = new MetricsService(gpu, disk, () -> pid)) {
            service.sampleNow(); // primes the CPU counters
            for (int i = 0; i < count; i++) {
                Thread.sleep(period.toMillis());
                out.print(format(service.sampleNow()));
            }
        }
    }

    public static String format(MetricsSnapshot s) {
        StringBuilder b = new StringBuilder();
        b.append(s.time()).append("  GPU source: ").append(s.gpuSource());
        if (!s.gpuNote().isEmpty()) {
            b.append(" (").append(s.gpuNote()).append(')');
        }
        b.append('\n');
        for (GpuSample g : s.gpus()) {
            b.append(String.format(Locale.ROOT, "  GPU %d %s: %s util, VRAM %s / %s, %s, %s of %s%n", g.index(),
                    g.name(), num(g.utilizationPercent(), "%.0f%%"), Units.bytes(g.memoryUsedBytes()),
                    Units.bytes(g.memoryTotalBytes()), num(g.temperatureC(), "%.0f °C"), num(g.powerWatts(), "%.1f W"),
                    num(g.powerLimitWatts(), "%.0f W")));
        }
        b.append(String.format(Locale.ROOT, "  CPU %s, RAM %s / %s, disk %s / %s%n", num(s.cpuPercent(), "%.1f%%"),
                Units.bytes(s.ramUsedBytes()), Units.bytes(s.ramTotalBytes()), Units.bytes(s.diskUsedBytes()),
                Units.bytes(s.diskTotalBytes())));
        ProcessSample p = s.visomaster();
        if (p != null) {
            b.append(String.format(Locale.ROOT, "  process %d: RSS %s, VRAM %s%n", p.pid(), Units.bytes(p.rssBytes()),
                    Units.bytes(p.gpuMemoryBytes())));
        }
        return b.toString();
    }

    private static String num(double v, String format) {
        return Double.isNaN(v) ? "?" : String.format(Locale.ROOT, format, v);
    }
}
