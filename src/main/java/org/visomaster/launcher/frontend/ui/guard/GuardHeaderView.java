package org.visomaster.launcher.frontend.ui.guard;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.Optional;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.util.Duration;
import org.visomaster.launcher.frontend.ui.services.BackgroundExecutor;
import org.visomaster.launcher.frontend.ui.services.Notifier;
import org.visomaster.launcher.guard.CostTracker;
import org.visomaster.launcher.guard.GuardSettings;
import org.visomaster.launcher.guard.GuardStatusFile;
import org.visomaster.launcher.guard.KeepRunning;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * The header's part of the idle guard: what the box costs (on Vast only), the countdown with Keep running while the
 * guard is about to stop the box, and a link to the idle-stop setting. Reads the guard's report every few seconds
 * off the UI thread.
 */
public final class GuardHeaderView extends HBox {
    static final Duration POLL = Duration.seconds(3);

    /** What one poll found: the guard's report (if any), the settings, the cost. */
    record Seen(Optional<JsonNode> report, GuardSettings settings, Optional<CostTracker.Cost> cost) {
    }

    private final Workspace ws;
    private final HostEnvironment host;
    private final BackgroundExecutor executor;
    private final Notifier notifier;
    private final Label cost = new Label();
    private final Label countdown = new Label();
    private final Button keep = new Button("Keep running");
    private final Hyperlink setting = new Hyperlink("Idle stop…");
    private final Timeline poll;
    private GuardSettings settings;
    private boolean polling;
    private boolean counting;

    public GuardHeaderView(Workspace ws, HostEnvironment host, BackgroundExecutor executor, Notifier notifier) {
        super(10);
        this.ws = ws;
        this.host = host;
        this.executor = executor;
        this.notifier = notifier;
        setId("guard-header");
        setAlignment(Pos.BASELINE_RIGHT);
        cost.setId("header-cost");
        cost.getStyleClass().add("app-subtitle");
        countdown.setId("guard-countdown");
        countdown.getStyleClass().add("guard-countdown");
        countdown.setStyle("-fx-text-fill: #e0a43a;");
        keep.setId("keep-running");
        keep.setOnAction(e -> keepRunning());
        setting.setId("idle-stop-setting");
        setting.setOnAction(e -> IdleStopDialog.show(getScene() == null ? null : getScene().getWindow(), ws,
                settings, notifier, this::refresh));
        show(countdown, false);
        show(keep, false);
        show(cost, false);
        getChildren().addAll(countdown, keep, cost, setting);
        poll = new Timeline(new KeyFrame(POLL, e -> refresh()));
        poll.setCycleCount(Timeline.INDEFINITE);
        poll.play();
        refresh();
    }

    /** Reads the guard's report and the cost now (off the UI thread) and shows them. */
    public void refresh() {
        if (polling) {
            return;
        }
        polling = true;
        executor.run(() -> {
            Clock clock = Clock.systemUTC();
            GuardSettings s = GuardSettings.load(ws, host.all());
            Optional<JsonNode> report = GuardStatusFile.read(ws, clock.instant()).map(n -> (JsonNode) n);
            return new Seen(report, s, new CostTracker(ws, s, clock).current());
        }, this::apply, err -> polling = false);
    }

    void apply(Seen seen) {
        polling = false;
        settings = seen.settings();
        seen.cost().ifPresent(c -> cost.setText(c.describe()));
        show(cost, seen.cost().isPresent());
        JsonNode cd = seen.report().map(r -> r.get("countdown")).orElse(null);
        if (cd != null && cd.has("secondsLeft")) {
            long s = cd.get("secondsLeft").asLong();
            countdown.setText(String.format("Idle: this box stops in %d:%02d", s / 60, s % 60));
            show(countdown, true);
            show(keep, true);
            if (!counting) {
                notifier.info("Idle stop", "Nothing has used this box for a while: it stops itself in " + s / 60
                        + " min " + s % 60 + " s. Press Keep running in the header, or use the box, to keep it"
                        + " running. A stopped box keeps its disk.");
            }
            counting = true;
        } else {
            counting = false;
            show(countdown, false);
            show(keep, false);
        }
        setting.setText(seen.settings().stopsWhenIdle() ? "Idle stop: "
                + trim(seen.settings().idleStopMinutes()) + " min" : "Idle stop: off");
    }

    private void keepRunning() {
        executor.run(() -> {
            KeepRunning.press(ws, Clock.systemUTC());
            return null;
        }, ignored -> {
            countdown.setText("Keep running: the idle time starts again.");
            show(keep, false);
        }, err -> notifier.error("Keep running", "Keep running could not be recorded (" + err.getMessage()
                + "); use the box to keep it awake."));
    }

    /** Stops polling (the window closes). */
    public void stop() {
        if (javafx.application.Platform.isFxApplicationThread()) {
            poll.stop();
        } else {
            try {
                javafx.application.Platform.runLater(poll::stop);
            } catch (IllegalStateException e) {
                // the toolkit is gone, and its animations with it
            }
        }
    }

    private static void show(javafx.scene.Node n, boolean visible) {
        n.setVisible(visible);
        n.setManaged(visible);
    }

    static String trim(double minutes) {
        return minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes);
    }
}
