package org.visomaster.launcher.guard;

import java.time.Duration;
import java.util.Locale;

/** Readable lengths of time for the guard's sentences: "60 minutes", "1 minute", "30 seconds". */
final class Durations {
    private Durations() {
    }

    static String minutes(double minutes) {
        return of(Duration.ofMillis(Math.round(minutes * 60_000)));
    }

    static String of(Duration d) {
        long seconds = Math.max(0, (d.toMillis() + 999) / 1000);
        if (seconds < 60 || seconds % 60 != 0 && seconds < 600) {
            if (seconds >= 60) {
                return String.format(Locale.ROOT, "%d min %d s", seconds / 60, seconds % 60);
            }
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long m = (seconds + 30) / 60;
        return m + (m == 1 ? " minute" : " minutes");
    }
}
