package org.visomaster.launcher.frontend.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.visomaster.launcher.frontend.app.StepCatalog;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.frontend.ui.console.ConsoleLine;
import org.visomaster.launcher.infra.workspace.ConfigLoader;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * The process {@link UiBenchmark} starts for P6 (and for the "hello" reference of P5): {@code hello} is a bare JavaFX
 * window, {@code launcher} the real launcher window on a workspace. Prints {@code FIRST_FRAME <epoch ms>} on the first
 * pulse; with a feed count it then pushes that many console lines from a background thread as fast as it can and
 * prints {@code FEED ...} with the longest gap between pulses and the worst runLater latency seen meanwhile
 * ({@code -Drounds=N} repeats the feed: the first round runs on cold, not yet compiled code).
 */
public final class UiBenchApp extends Application {
    private final AtomicLong maxPulseGapNanos = new AtomicLong();
    private final AtomicLong maxPingNanos = new AtomicLong();
    private volatile boolean measuring;
    private volatile long sink;
    private final java.util.concurrent.atomic.AtomicInteger rounds = new java.util.concurrent.atomic.AtomicInteger(
            Integer.getInteger("rounds", 1));
    // with -Drounds=N the feed repeats N times in the same JVM: the first round runs on cold (interpreted) code

    /** The entry point (the class named on the java command line must not be an Application on a class path). */
    public static final class Main {
        public static void main(String[] args) {
            Application.launch(UiBenchApp.class, args);
        }
    }

    @Override
    public void start(Stage stage) throws Exception {
        List<String> args = getParameters().getRaw();
        String mode = args.get(0);
        int feed = Integer.parseInt(args.get(2));
        Consumer<String> target;
        LauncherWindow window = null;
        if ("launcher".equals(mode)) {
            Workspace ws = new Workspace(Path.of(args.get(1)));
            HostEnvironment host = HostEnvironment.system();
            GuiServices services = GuiServices.standard(new ProvisionService(ws,
                    ConfigLoader.load(ws, null, host.childVars()), host, StepCatalog.standard(), StepCatalog.facts()));
            window = new LauncherWindow(stage, services, UiServices.standard(stage, host, getHostServices()));
            window.selectTab("console-tab");
            LauncherWindow w = window;
            target = line -> w.console().append(ConsoleLine.Source.PROVISION, line);
        } else {
            stage.setScene(new Scene(new StackPane(new Label("Hello")), 1280, 720));
            stage.setTitle("hello");
            target = line -> sink += line.length();
        }
        new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (last == 0) {
                    System.out.println("FIRST_FRAME " + System.currentTimeMillis());
                    System.out.flush();
                } else if (measuring) {
                    maxPulseGapNanos.accumulateAndGet(now - last, Math::max);
                }
                last = now;
            }
        }.start();
        if (window != null) {
            window.show();
        } else {
            stage.show();
        }
        if (feed > 0) {
            LauncherWindow w = window;
            PauseTransition settle = new PauseTransition(Duration.seconds(3));
            settle.setOnFinished(e -> startFeed(feed, target, w));
            settle.play();
        }
    }

    private void startFeed(int feed, Consumer<String> target, LauncherWindow window) {
        measuring = true;
        CountDownLatch shownAll = new CountDownLatch(window == null ? 0 : 1);
        if (window != null) {
            long target0 = window.console().receivedProperty().get() + feed;
            window.console().receivedProperty().addListener((o, was, now) -> {
                if (now.longValue() >= target0) {
                    shownAll.countDown();
                }
            });
        }
        Thread ping = new Thread(() -> {
            while (measuring) {
                long sent = System.nanoTime();
                Platform.runLater(() -> maxPingNanos.accumulateAndGet(System.nanoTime() - sent, Math::max));
                sleep(10);
            }
        }, "bench-ping");
        ping.setDaemon(true);
        ping.start();
        Thread producer = new Thread(() -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < feed; i++) {
                target.accept("  Collecting package-" + i + "==1.0." + (i % 97)
                        + " (from -r requirements.derived.txt (line " + i + "))");
            }
            long produced = System.nanoTime() - t0;
            // wait until the window shows every line (the console counts what reached its list)
            try {
                shownAll.await();
            } catch (InterruptedException e) {
                return;
            }
            long shown = System.nanoTime() - t0;
            sleep(1000);
            measuring = false;
            sleep(50);
            System.out.printf("FEED lines=%d produceMs=%d shownMs=%d maxPulseGapMs=%.1f maxPingMs=%.1f%n", feed,
                    TimeUnit.NANOSECONDS.toMillis(produced), TimeUnit.NANOSECONDS.toMillis(shown),
                    maxPulseGapNanos.get() / 1e6, maxPingNanos.get() / 1e6);
            System.out.flush();
            if (rounds.decrementAndGet() > 0) {
                maxPulseGapNanos.set(0);
                maxPingNanos.set(0);
                Platform.runLater(() -> startFeed(feed, target, window));
                return;
            }
            Platform.runLater(() -> {
                if (window != null) {
                    window.setOnClosed(Platform::exit);
                    window.shutdown();
                } else {
                    Platform.exit();
                }
            });
        }, "bench-producer");
        producer.setDaemon(true);
        producer.start();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
