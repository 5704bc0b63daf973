package org.visomaster.launcher.infra.metrics;

/** Compute capabilities and CUDA versions written "X.Y", compared as numbers (12.0 is above 9.0). */
public final class Capability {
    private Capability() {
    }

    /** "9.0" → 90, "12.0" → 120, "12" → 120; -1 when empty or not of that form. */
    public static int number(String version) {
        if (version == null || !version.strip().matches("\\d{1,3}(\\.\\d)?")) {
            return -1;
        }
        String[] p = version.strip().split("\\.");
        return Integer.parseInt(p[0]) * 10 + (p.length > 1 ? Integer.parseInt(p[1]) : 0);
    }

    /** Compares two "X.Y" CUDA versions (12.10 is above 12.9); unknown ones sort first. */
    public static int compareVersions(String a, String b) {
        int[] x = parts(a);
        int[] y = parts(b);
        return x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]);
    }

    private static int[] parts(String v) {
        if (v == null || !v.strip().matches("\\d+(\\.\\d+)?")) {
            return new int[] {-1, -1};
        }
        String[] p = v.strip().split("\\.");
        return new int[] {Integer.parseInt(p[0]), p.length > 1 ? Integer.parseInt(p[1]) : 0};
    }

    /** NVML's integer CUDA version (12080) as "12.8". */
    static String fromNvml(int version) {
        return version <= 0 ? "" : (version / 1000) + "." + (version % 1000) / 10;
    }
}
