package org.visomaster.launcher.frontend.ui;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.stage.Stage;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.visomaster.launcher.frontend.ui.services.FxBackgroundExecutor;

/** Opens a real {@link LauncherWindow} on the Monocle toolkit and waits on what it shows. */
public final class WindowHarness implements AutoCloseable {
    public final LauncherWindow window;
    public final Recorders.Opener opener = new Recorders.Opener();
    public final Recorders.Clipboard clipboard = new Recorders.Clipboard();
    public final Recorders.Notes notes = new Recorders.Notes();
    private final CountDownLatch closed = new CountDownLatch(1);

    private WindowHarness(GuiServices services) throws Exception {
        Stage stage = FxToolkit.registerStage(Stage::new);
        window = fx(() -> {
            LauncherWindow w = new LauncherWindow(stage, services,
                    new UiServices(new FxBackgroundExecutor(), opener, clipboard, notes));
            w.setOnClosed(closed::countDown);
            w.show();
            return w;
        });
        await("the window's views", 30, () -> window.readyProperty().get());
    }

    public static WindowHarness open(GuiServices services) throws Exception {
        return new WindowHarness(services);
    }

    /** Runs on the FX thread and returns its result. */
    public static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    public static void fxRun(Runnable r) throws Exception {
        fx(() -> {
            r.run();
            return null;
        });
    }

    /** Polls {@code condition} on the FX thread until it holds. */
    public static void await(String what, int seconds, BooleanSupplier condition) {
        org.awaitility.Awaitility.await().alias(what).atMost(Duration.ofSeconds(seconds))
                .until(() -> fx(condition::getAsBoolean));
    }

    /** Shuts the window down the way closing it does (stops VisoMaster, setup, meters) and waits for that. */
    @Override
    public void close() throws Exception {
        fxRun(window::shutdown);
        if (!closed.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the window did not finish shutting down");
        }
    }
}
