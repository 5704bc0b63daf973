package org.visomaster.launcher.frontend.app;

import org.visomaster.launcher.infra.metrics.MetricsProbe;

/**
 * A quick check of the GPU source on a real machine: prints a few metrics snapshots. Arguments: [diskPath [count
 * [pid [smi]]]] (see {@link MetricsProbe#run(String[], java.io.PrintStream)}).
 */
public final class MetricsProbeMain {
    private MetricsProbeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        MetricsProbe.run(args, System.out);
    }
}
