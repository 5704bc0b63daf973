package org.visomaster.launcher.guard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * The guard's loop: every tick it asks the {@link ActivityMonitor}, advances the {@link IdleClock}, announces and
 * cancels the countdown, stops the instance at the limit, passes the end of each setup on to the {@link Notifier},
 * and writes {@code .launcher/guard.json}. Sentences for the user go to {@code say} (the portal log) and the log.
 */
public final class GuardService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GuardService.class);
    static final Duration LONGEST_TICK = Duration.ofSeconds(15);
    static final Duration SHORTEST_TICK = Duration.ofMillis(200);
    static final Duration STOP_RETRY = Duration.ofMinutes(1);
    static final Duration STOP_AGAIN = Duration.ofMinutes(5);

    private final Workspace ws;
    private final GuardSettings settings;
    private final ActivityMonitor monitor;
    private final Notifier notifier;
    private final VastApi api;
    private final CostTracker cost;
    private final Clock clock;
    private final Duration tick;
    private final Consumer<String> say;
    private final SetupWatcher setups;
    private final IdleClock idle;
    private List<Activity.Kind> lastKinds;
    private Instant stopRequestedAt;
    private Instant nextStopTry;
    private String stopProblem;

    GuardService(Workspace ws, GuardSettings settings, ActivityMonitor monitor, Notifier notifier, VastApi api,
                 CostTracker cost, Clock clock, Consumer<String> say) {
        this.ws = ws;
        this.settings = settings;
        this.monitor = monitor;
        this.notifier = notifier;
        this.api = api;
        this.cost = cost;
        this.clock = clock;
        this.say = say;
        this.setups = new SetupWatcher(ws.logs().resolve("provision.jsonl"), ws.root().toString());
        this.idle = settings.stopsWhenIdle()
                ? new IdleClock(Duration.ofMillis(Math.round(settings.idleStopMinutes() * 60_000))) : null;
        this.tick = tickFor(idle == null ? null : idle.limit());
    }

    /** The guard for this box: the standard idle rule, the user's notification URL, Vast's API when on Vast. */
    public static GuardService standard(Workspace ws, GuardSettings settings, ActivityMonitor monitor, Clock clock,
                                        Consumer<String> say) {
        return new GuardService(ws, settings, monitor, Notifier.of(settings),
                settings.onVast() ? VastApi.of(settings) : null, new CostTracker(ws, settings, clock), clock, say);
    }

    /** A tenth of the limit, between {@link #SHORTEST_TICK} and {@link #LONGEST_TICK}: compressed time stays exact. */
    static Duration tickFor(Duration limit) {
        if (limit == null) {
            return LONGEST_TICK;
        }
        Duration t = limit.dividedBy(10);
        return t.compareTo(SHORTEST_TICK) < 0 ? SHORTEST_TICK : t.compareTo(LONGEST_TICK) > 0 ? LONGEST_TICK : t;
    }

    public Duration tick() {
        return tick;
    }

    /** Vast accepted a stop request for this instance (the box goes down within moments). */
    public boolean stopRequested() {
        return stopRequestedAt != null;
    }

    /** Says what the guard does here (the portal log's first lines). */
    public void announce() {
        say.accept(settings.describe() + (notifier.enabled() ? " Notifications go to the " + notifier.describe()
                + "." : " No notifications (VISO_NOTIFY_URL is not set)."));
        if (settings.stopsWhenIdle()) {
            say.accept("A stopped box keeps its disk (and its storage charge); start it again from the Instances"
                    + " page of the Vast console, and everything installed is still there.");
        }
    }

    /** One check: activity, countdown, stop, setup notifications, guard.json. */
    public void checkOnce() {
        Instant now = clock.instant();
        setups.poll().forEach(notifier::send);
        List<Activity> awake = monitor.check(now);
        logChanges(awake);
        IdleClock.Decision d = idle == null ? null : idle.tick(now, awake);
        if (d != null) {
            act(d, awake, now);
        }
        writeStatus(now, awake, d);
    }

    private void act(IdleClock.Decision d, List<Activity> awake, Instant now) {
        switch (d.phase()) {
            case COUNTDOWN_STARTED -> {
                String in = Durations.of(d.left(now));
                say.accept("Nothing has used this box since " + d.idleSince().truncatedTo(ChronoUnit.SECONDS) + "; it stops itself in " + in
                        + " unless something happens or someone presses Keep running.");
                notifier.send(Notification.idleStopSoon(in, ws.root().toString()));
            }
            case CANCELLED -> {
                say.accept("Idle stop cancelled: " + awake.get(0).sentence() + ".");
                stopRequestedAt = null;
                nextStopTry = null;
            }
            case STOP -> stop(now);
            default -> {
            }
        }
    }

    private void stop(Instant now) {
        if (nextStopTry != null && now.isBefore(nextStopTry)) {
            return;
        }
        String why = "Nothing used the box for " + Durations.of(idle.limit()) + ", so the launcher stopped it.";
        try {
            api.stop();
            stopRequestedAt = now;
            stopProblem = null;
            nextStopTry = now.plus(STOP_AGAIN);
            say.accept("Stopping this instance through Vast's API: " + why + " A stopped box keeps its disk (and"
                    + " its storage charge); start it again from the Instances page of the Vast console.");
            notifier.send(Notification.boxStopped(why, ws.root().toString()));
        } catch (VastApi.VastApiException e) {
            nextStopTry = now.plus(STOP_RETRY);
            if (!e.getMessage().equals(stopProblem)) {
                say.accept(e.getMessage());
            }
            stopProblem = e.getMessage();
        }
    }

    private void logChanges(List<Activity> awake) {
        List<Activity.Kind> kinds = awake.stream().map(Activity::kind).toList();
        if (!kinds.equals(lastKinds)) {
            LOG.info(awake.isEmpty() ? "the box is idle" : "kept awake by: {}",
                    String.join("; ", awake.stream().map(Activity::sentence).toList()));
            lastKinds = kinds;
        }
    }

    private void writeStatus(Instant now, List<Activity> awake, IdleClock.Decision d) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("updatedAt", now.toString());
        s.put("staleAt", now.plus(tick.multipliedBy(3)).plusSeconds(5).toString());
        s.put("pid", ProcessHandle.current().pid());
        s.put("stopsWhenIdle", settings.stopsWhenIdle());
        s.put("idleStopMinutes", settings.idleStopMinutes());
        s.put("onVast", settings.onVast());
        s.put("rule", settings.describe());
        s.put("notify", notifier.describe());
        ArrayNode a = s.putArray("awake");
        for (Activity act : awake) {
            a.addObject().put("kind", act.kind().name()).put("sentence", act.sentence());
        }
        if (d != null && d.idleSince() != null) {
            s.put("idleSince", d.idleSince().toString());
            boolean counting = d.phase() == IdleClock.Phase.COUNTDOWN_STARTED
                    || d.phase() == IdleClock.Phase.COUNTING || d.phase() == IdleClock.Phase.STOP;
            if (counting && stopRequestedAt == null) { // once stopping, there is nothing left to count down
                s.putObject("countdown").put("stopAt", d.stopAt().toString());
            }
        }
        if (stopRequestedAt != null) {
            s.put("stopRequestedAt", stopRequestedAt.toString());
        }
        if (stopProblem != null) {
            s.put("stopProblem", stopProblem);
        }
        Optional<CostTracker.Cost> c = cost.current();
        c.ifPresent(x -> {
            ObjectNode n = s.putObject("cost").put("dollarsPerHour", x.dollarsPerHour()).put("text", x.describe());
            if (!Double.isNaN(x.sinceStart())) {
                n.put("sinceStart", x.sinceStart());
            }
        });
        try {
            GuardStatusFile.write(ws, s);
        } catch (IOException e) {
            LOG.debug("guard.json cannot be written", e);
        }
    }

    @Override
    public void close() {
        notifier.close();
    }
}
