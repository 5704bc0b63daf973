package org.visomaster.launcher.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The idle countdown as a pure state machine over (time, activities): idle time starts at the first check that finds
 * nothing, the countdown starts {@link #WARNING} before the limit (at once when the limit is shorter), any activity
 * resets both, and at the limit it says STOP. Time comes in from outside, so tests compress it.
 */
final class IdleClock {
    static final Duration WARNING = Duration.ofMinutes(5);

    enum Phase { AWAKE, IDLE, COUNTDOWN_STARTED, COUNTING, CANCELLED, STOP }

    record Decision(Phase phase, Instant idleSince, Instant stopAt) {
        Duration left(Instant now) {
            return stopAt == null ? null : Duration.between(now, stopAt).isNegative() ? Duration.ZERO
                    : Duration.between(now, stopAt);
        }
    }

    private final Duration limit;
    private Instant idleSince;
    private boolean counting;

    IdleClock(Duration limit) {
        this.limit = limit;
    }

    Duration limit() {
        return limit;
    }

    Decision tick(Instant now, List<Activity> activities) {
        if (!activities.isEmpty()) {
            boolean wasCounting = counting;
            idleSince = null;
            counting = false;
            return new Decision(wasCounting ? Phase.CANCELLED : Phase.AWAKE, null, null);
        }
        if (idleSince == null) {
            idleSince = now;
        }
        Instant stopAt = idleSince.plus(limit);
        Duration idle = Duration.between(idleSince, now);
        if (idle.compareTo(limit) >= 0) {
            counting = true;
            return new Decision(Phase.STOP, idleSince, stopAt);
        }
        Duration lead = limit.compareTo(WARNING) > 0 ? limit.minus(WARNING) : Duration.ZERO;
        if (idle.compareTo(lead) >= 0) {
            boolean started = !counting;
            counting = true;
            return new Decision(started ? Phase.COUNTDOWN_STARTED : Phase.COUNTING, idleSince, stopAt);
        }
        return new Decision(Phase.IDLE, idleSince, stopAt);
    }
}
