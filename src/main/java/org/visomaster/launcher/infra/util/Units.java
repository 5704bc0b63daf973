package org.visomaster.launcher.infra.util;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes, speeds and durations, the same everywhere the user reads them. */
public final class Units {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Units() {
    }

    public static String bytes(long n) {
        if (n < 0) {
            return "?";
        }
        double v = n;
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }

    public static String speed(double bytesPerSecond) {
        if (bytesPerSecond <= 0 || Double.isNaN(bytesPerSecond)) {
            return "—";
        }
        return bytes((long) bytesPerSecond) + "/s";
    }

    public static String duration(Duration d) {
        if (d == null || d.isNegative()) {
            return "—";
        }
        long s = d.getSeconds();
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
