package org.visomaster.launcher.guard;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.visomaster.launcher.infra.metrics.GpuSample;
import org.visomaster.launcher.infra.metrics.GpuSource;

/** Any GPU busier than the threshold, whatever process uses it (VisoMaster, a notebook, a job the user started). */
final class GpuWork implements ActivityProbe {
    static final double DEFAULT_THRESHOLD_PERCENT = 5;
    private final GpuSource gpus;
    private final double thresholdPercent;

    GpuWork(GpuSource gpus, double thresholdPercent) {
        this.gpus = gpus;
        this.thresholdPercent = thresholdPercent;
    }

    @Override
    public Optional<Activity> check(Instant now) {
        for (GpuSample s : gpus.sample()) {
            if (!Double.isNaN(s.utilizationPercent()) && s.utilizationPercent() > thresholdPercent) {
                return Optional.of(new Activity(Activity.Kind.GPU, String.format(Locale.ROOT,
                        "GPU %d is working (%.0f%% busy, above %.0f%%)", s.index(), s.utilizationPercent(),
                        thresholdPercent)));
            }
        }
        return Optional.empty();
    }
}
