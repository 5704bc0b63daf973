package org.visomaster.launcher.guard;

import java.time.Instant;
import java.util.Optional;

/** One part of the idle rule: says whether its kind of activity keeps the box awake at {@code now}. */
interface ActivityProbe {
    Optional<Activity> check(Instant now);
}
