package org.visomaster.launcher.infra.metrics;

import java.util.Locale;
import java.util.Optional;

/**
 * Parses nvidia-smi's {@code --format=csv,noheader,nounits} lines. Fields that nvidia-smi cannot fill read
 * {@code [N/A]}, {@code [Not Supported]}, {@code [Unknown Error]} or are empty; they become unknown (NaN / -1).
 */
final class SmiCsv {
    static final String GPU_QUERY =
            "index,name,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw,power.limit";
    private static final long MIB = 1024L * 1024L;
    private static final int NUMBERS_AFTER_NAME = 6;

    private SmiCsv() {
    }

    /** One line of the {@link #GPU_QUERY} output, or empty when the line is not one (e.g. an error message). */
    static Optional<GpuSample> gpuLine(String line) {
        String[] f = line.split(",", -1);
        if (f.length < 2 + NUMBERS_AFTER_NAME) {
            return Optional.empty();
        }
        int index;
        try {
            index = Integer.parseInt(f[0].trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        int n = f.length;
        // a name with commas in it: everything between the index and the six numbers
        String name = String.join(",", java.util.Arrays.copyOfRange(f, 1, n - NUMBERS_AFTER_NAME)).trim();
        return Optional.of(new GpuSample(index, name,
                number(f[n - 6]), mib(f[n - 5]), mib(f[n - 4]), number(f[n - 3]), number(f[n - 2]), number(f[n - 1])));
    }

    /** A number, or NaN for the placeholders nvidia-smi prints instead. */
    static double number(String field) {
        String s = field.trim();
        if (s.isEmpty() || s.startsWith("[") || s.toUpperCase(Locale.ROOT).startsWith("N/A")) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** MiB to bytes, or -1 when unknown. */
    static long mib(String field) {
        double v = number(field);
        return Double.isNaN(v) || v < 0 ? -1 : Math.round(v * MIB);
    }
}
