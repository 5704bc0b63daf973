package org.visomaster.launcher.frontend.ui.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The canvas line view on the headless toolkit: following, scrolling, selection across a bounded log, CSS. */
class LineViewTest {
    static final String CSS = "data:text/css,.line-view { -fx-font: 14px \"DejaVu Sans Mono\"; "
            + "-line-accent-fill: %23ff0000; -line-selection-fill: %2300ff00; -fx-background-color: black; "
            + "-fx-padding: 0; -fx-border-width: 0; }";

    BoundedLog<String> items = new BoundedLog<>(1050);
    LineView<String> view;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void open() throws Exception {
        Stage stage = FxToolkit.registerStage(Stage::new);
        view = fx(() -> {
            LineView<String> v = new LineView<>(items, s -> s,
                    s -> s.startsWith("!") ? LineView.Tone.ACCENT : LineView.Tone.NORMAL);
            Scene scene = new Scene(new StackPane(v), 400, 200);
            scene.getStylesheets().add(CSS);
            stage.setScene(scene);
            stage.show();
            return v;
        });
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    /** Runs on the FX thread after the next pulse (the view draws and scrolls in its layout pass). */
    static <T> T fx(Callable<T> c) throws Exception {
        java.util.concurrent.CompletableFuture<Void> pulse = new java.util.concurrent.CompletableFuture<>();
        javafx.application.Platform.runLater(() -> {
            javafx.application.Platform.requestNextPulse();
            new javafx.animation.AnimationTimer() {
                int frames;

                @Override
                public void handle(long now) {
                    if (++frames == 2) {
                        stop();
                        pulse.complete(null);
                    }
                }
            }.start();
        });
        pulse.get(30, TimeUnit.SECONDS);
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    static void fxRun(Runnable r) throws Exception {
        fx(() -> {
            r.run();
            return null;
        });
    }

    void add(int from, int to) throws Exception {
        fx(() -> {
            List<String> batch = new ArrayList<>();
            for (int i = from; i < to; i++) {
                batch.add("line " + i);
            }
            items.appendAll(batch);
            return null;
        });
    }

    void key(KeyCode code, boolean shift) throws Exception {
        fx(() -> {
            view.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, shift, false, false, false));
            return null;
        });
    }

    int rows() throws Exception {
        return fx(() -> (int) Math.floor(view.getHeight() / lineHeight()));
    }

    double lineHeight() {
        return Math.ceil(new javafx.scene.text.Text("M") {
            {
                setFont(view.getFont());
            }
        }.getLayoutBounds().getHeight() + 3);
    }

    @Test
    void cssStylesTheFontAndTheTones() throws Exception {
        assertEquals(14, fx(() -> view.getFont().getSize()));
        assertEquals(Color.RED, fx(() -> view.fill(LineView.Tone.ACCENT)));
        assertEquals(Color.LIME, fx(() -> view.selectionFill()));
    }

    @Test
    void followsTheEndUntilTheUserScrollsUpAndAgainAtTheEnd() throws Exception {
        add(0, 1000);
        int rows = rows();
        assertEquals(1000 - rows, fx(view::getTopIndex), "the last line is in view");
        key(KeyCode.PAGE_UP, false);
        assertFalse(fx(view::isFollow), "scrolling up stops following");
        int top = fx(view::getTopIndex);
        assertEquals(1000 - rows - (rows - 1), top);
        String read = fx(() -> items.get(top));
        add(1000, 1100);
        assertEquals(top - 50, fx(view::getTopIndex), "50 lines left the head");
        assertEquals(read, fx(() -> items.get(view.getTopIndex())), "new lines do not move what the user reads");
        key(KeyCode.END, false);
        assertTrue(fx(view::isFollow));
        assertEquals(1050 - rows, fx(view::getTopIndex));
    }

    @Test
    void selectionByMouseAndKeysSurvivesLinesLeavingTheHead() throws Exception {
        fxRun(() -> items.clear());
        add(0, 10);
        double lh = fx(this::lineHeight);
        fx(() -> {
            view.fireEvent(mouse(MouseEvent.MOUSE_PRESSED, 3.5 * lh, false));
            view.fireEvent(mouse(MouseEvent.MOUSE_PRESSED, 5.5 * lh, true));
            return null;
        });
        assertEquals(List.of("line 3", "line 4", "line 5"), fx(view::getSelectedItems));
        key(KeyCode.DOWN, true);
        assertEquals(List.of("line 3", "line 4", "line 5", "line 6"), fx(view::getSelectedItems));
        add(10, 1054);
        assertEquals(List.of("line 4", "line 5", "line 6"), fx(view::getSelectedItems),
                "the selection stays on the same lines; the one that left is no longer selected");
        assertEquals(0, fx(view::selectionStart));
        key(KeyCode.UP, false);
        assertEquals(List.of("line 5"), fx(view::getSelectedItems));
        fxRun(() -> items.clear());
        assertEquals(List.of(), fx(view::getSelectedItems));
        add(2000, 2002);
        fx(() -> {
            view.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.A, false, true, false, false));
            return null;
        });
        assertEquals(List.of("line 2000", "line 2001"), fx(view::getSelectedItems), "Ctrl+A selects every line");
    }

    @Test
    void drawsTheVisibleLinesWithTheSelectionAndTheirTone() throws Exception {
        fxRun(() -> items.appendAll(List.of("plain", "!accent", "selected")));
        fx(() -> {
            view.select(2);
            return null;
        });
        double lh = fx(this::lineHeight);
        WritableImage shot = fx(() -> view.snapshot(null, null));
        assertTrue(countPixels(shot, lh, lh, c -> c.getRed() > 0.8 && c.getGreen() < 0.3) > 10,
                "the accent line is drawn in its CSS colour");
        assertTrue(countPixels(shot, 2 * lh, lh, c -> c.getGreen() > 0.8 && c.getRed() < 0.3) > 100,
                "the selected line has the selection background");
        assertEquals(0, countPixels(shot, 4 * lh, lh, c -> c.getBrightness() > 0.3), "nothing below the lines");
    }

    static int countPixels(WritableImage img, double y0, double h, java.util.function.Predicate<Color> p) {
        int n = 0;
        for (int y = (int) y0 + 1; y < (int) (y0 + h) - 1; y++) {
            for (int x = 0; x < (int) img.getWidth() - 20; x++) {
                if (p.test(img.getPixelReader().getColor(x, y))) {
                    n++;
                }
            }
        }
        return n;
    }

    MouseEvent mouse(javafx.event.EventType<MouseEvent> type, double y, boolean shift) {
        return new MouseEvent(type, 20, y, 20, y, MouseButton.PRIMARY, 1, shift, false, false, false, true, false,
                false, false, false, false, null);
    }
}
