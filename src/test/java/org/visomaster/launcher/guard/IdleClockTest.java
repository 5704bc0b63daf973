package org.visomaster.launcher.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.visomaster.launcher.guard.IdleClock.Phase;

/** The countdown over compressed time: a 60-minute limit warns at minute 55; a shorter one warns at once. */
class IdleClockTest {
    private static final Instant T0 = Instant.parse("2026-12-06T02:00:00Z");
    private static final List<Activity> NONE = List.of();
    private static final List<Activity> DESKTOP = List.of(new Activity(Activity.Kind.DESKTOP, "someone is there"));

    private static Instant at(double minutes) {
        return T0.plusMillis(Math.round(minutes * 60_000));
    }

    @Test
    void sixtyMinutesWarnFiveBeforeAndStopAtTheLimit() {
        IdleClock c = new IdleClock(Duration.ofMinutes(60));
        assertEquals(Phase.IDLE, c.tick(at(0), NONE).phase());
        assertEquals(Phase.IDLE, c.tick(at(54.9), NONE).phase());
        IdleClock.Decision d = c.tick(at(55), NONE);
        assertEquals(Phase.COUNTDOWN_STARTED, d.phase());
        assertEquals(at(60), d.stopAt());
        assertEquals(Duration.ofMinutes(5), d.left(at(55)));
        assertEquals(Phase.COUNTING, c.tick(at(59.9), NONE).phase());
        assertEquals(Phase.STOP, c.tick(at(60), NONE).phase());
    }

    @Test
    void activityCancelsTheCountdownAndIdleTimeStartsAgain() {
        IdleClock c = new IdleClock(Duration.ofMinutes(60));
        c.tick(at(0), NONE);
        assertEquals(Phase.COUNTDOWN_STARTED, c.tick(at(56), NONE).phase());
        assertEquals(Phase.CANCELLED, c.tick(at(57), DESKTOP).phase());
        assertEquals(Phase.AWAKE, c.tick(at(58), DESKTOP).phase());
        assertEquals(Phase.IDLE, c.tick(at(59), NONE).phase(), "idle from minute 59 on");
        assertEquals(Phase.IDLE, c.tick(at(113.9), NONE).phase());
        assertEquals(Phase.COUNTDOWN_STARTED, c.tick(at(114), NONE).phase());
        assertEquals(Phase.STOP, c.tick(at(119), NONE).phase());
    }

    @Test
    void aLimitShorterThanFiveMinutesWarnsAtOnce() {
        IdleClock c = new IdleClock(Duration.ofMillis(Math.round(0.5 * 60_000)));
        IdleClock.Decision d = c.tick(at(0), NONE);
        assertEquals(Phase.COUNTDOWN_STARTED, d.phase());
        assertEquals(Duration.ofSeconds(30), d.left(at(0)));
        assertEquals(Phase.COUNTING, c.tick(at(0.4), NONE).phase());
        assertEquals(Phase.STOP, c.tick(at(0.5), NONE).phase());
    }

    @Test
    void activityBeforeTheCountdownIsNoCancel() {
        IdleClock c = new IdleClock(Duration.ofMinutes(60));
        c.tick(at(0), NONE);
        assertEquals(Phase.AWAKE, c.tick(at(10), DESKTOP).phase());
    }

    @Test
    void durationsReadWell() {
        assertEquals("5 minutes", Durations.of(Duration.ofMinutes(5)));
        assertEquals("1 minute", Durations.minutes(1));
        assertEquals("60 minutes", Durations.minutes(60));
        assertEquals("30 seconds", Durations.minutes(0.5));
        assertEquals("2 min 30 s", Durations.of(Duration.ofSeconds(150)));
        assertEquals("1 second", Durations.minutes(0.01));
    }
}
