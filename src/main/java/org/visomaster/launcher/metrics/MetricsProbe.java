package org.visomaster.launcher.metrics;

/** Prints a few snapshots as text: a quick check of the GPU source on a real machine (also used by doctor). */
public final class MetricsProbe {
    private MetricsProbe() {
    }

    public static void main(String[] args) {
        // TODO
    }
}
