package org.visomaster.launcher.guard;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;

/**
 * The CPUs busier than the threshold (share of all cores) since the last check. The first check has nothing to
 * compare with, so it measures over a short moment.
 */
final class CpuWork implements ActivityProbe {
    static final double DEFAULT_THRESHOLD_PERCENT = 25;
    private static final long FIRST_MEASURE_MILLIS = 300;
    private final CentralProcessor cpu;
    private final double thresholdPercent;
    private long[] previous;

    CpuWork(double thresholdPercent) {
        this.cpu = new SystemInfo().getHardware().getProcessor();
        this.thresholdPercent = thresholdPercent;
    }

    @Override
    public synchronized Optional<Activity> check(Instant now) {
        if (previous == null) {
            previous = cpu.getSystemCpuLoadTicks();
            try {
                Thread.sleep(FIRST_MEASURE_MILLIS); // a measurement window, not a wait for something to happen
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        double load = cpu.getSystemCpuLoadBetweenTicks(previous) * 100.0;
        previous = cpu.getSystemCpuLoadTicks();
        if (load > thresholdPercent) {
            return Optional.of(new Activity(Activity.Kind.CPU, String.format(Locale.ROOT,
                    "the CPUs are working (%.0f%% of %d cores busy, above %.0f%%)", load,
                    cpu.getLogicalProcessorCount(), thresholdPercent)));
        }
        return Optional.empty();
    }
}
