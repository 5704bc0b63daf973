package org.visomaster.launcher.infra.metrics;

/**
 * One GPU at one moment. Unknown values are NaN (doubles) or -1 (byte counts); a meter shows "—" for them.
 */
public record GpuSample(int index, String name, double utilizationPercent, long memoryUsedBytes,
                        long memoryTotalBytes, double temperatureC, double powerWatts, double powerLimitWatts) {
}
