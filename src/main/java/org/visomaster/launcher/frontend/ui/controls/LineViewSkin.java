package org.visomaster.launcher.frontend.ui.controls;

import java.util.List;
import javafx.geometry.Orientation;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SkinBase;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * Draws a {@link LineView}: the visible lines on a canvas, with a vertical and (for long lines) a horizontal scroll
 * bar. The drawing surface is a layout root (unmanaged), so a redraw marks only itself for the next pulse instead of
 * asking every ancestor to lay out again.
 */
class LineViewSkin<T> extends SkinBase<LineView<T>> {
    private static final double PAD = 6;

    private final Canvas canvas = new Canvas();
    private final ScrollBar vbar = new ScrollBar();
    private final ScrollBar hbar = new ScrollBar();
    private final Label placeholder = new Label();
    private final Surface surface = new Surface();
    private final BoundedLog.Listener<T> appended = lines -> redraw();
    private Font measuredFont;
    private double lineHeight = 18;
    private double charWidth = 7;
    private double baseline = 13;
    private int rows = 1;
    private int maxTop;
    private boolean syncing;
    private double wheelRest;

    public LineViewSkin(LineView<T> view) {
        super(view);
        vbar.setOrientation(Orientation.VERTICAL);
        hbar.setOrientation(Orientation.HORIZONTAL);
        placeholder.getStyleClass().add("placeholder");
        placeholder.textProperty().bind(view.placeholderProperty());
        placeholder.setMouseTransparent(true);
        surface.getChildren().addAll(canvas, placeholder, vbar, hbar);
        surface.setManaged(false);
        getChildren().add(surface);
        view.getItems().addListener(appended);
        for (javafx.beans.Observable o : view.drawingInputs()) {
            registerInvalidationListener(o, x -> redraw());
        }
        vbar.valueProperty().addListener(o -> userMovedTo((int) Math.round(vbar.getValue())));
        hbar.valueProperty().addListener(o -> redraw());
        view.addEventHandler(ScrollEvent.SCROLL, this::onScroll);
        view.addEventHandler(MouseEvent.MOUSE_PRESSED, this::onPressed);
        view.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::onDragged);
        view.addEventHandler(KeyEvent.KEY_PRESSED, this::onKey);
    }

    /** Draw again at the next pulse; only the surface is laid out (it is a layout root). */
    private void redraw() {
        if (!syncing) {
            surface.requestLayout();
        }
    }

    @Override
    public void dispose() {
        getSkinnable().getItems().removeListener(appended);
        super.dispose();
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        surface.resizeRelocate(x, y, w, h);
    }

    @Override
    protected double computePrefWidth(double height, double top, double right, double bottom, double left) {
        return 480 + left + right;
    }

    @Override
    protected double computePrefHeight(double width, double top, double right, double bottom, double left) {
        return 240 + top + bottom;
    }

    @Override
    protected double computeMinWidth(double height, double top, double right, double bottom, double left) {
        return 60 + left + right;
    }

    @Override
    protected double computeMinHeight(double width, double top, double right, double bottom, double left) {
        return 40 + top + bottom;
    }

    private final class Surface extends Pane {
        @Override
        protected void layoutChildren() {
            measure();
            double w = getWidth();
            double h = getHeight();
            double vw = vbar.prefWidth(-1);
            double cw = Math.max(0, w - vw);
            double contentWidth = getSkinnable().longestLine() * charWidth + 2 * PAD;
            boolean wide = contentWidth > cw;
            double ch = Math.max(0, h - (wide ? hbar.prefHeight(-1) : 0));
            vbar.resizeRelocate(cw, 0, vw, ch);
            hbar.setVisible(wide);
            if (wide) {
                hbar.resizeRelocate(0, ch, cw, h - ch);
            }
            canvas.setWidth(cw);
            canvas.setHeight(ch);
            placeholder.setVisible(getSkinnable().getItems().isEmpty());
            placeholder.resizeRelocate(PAD, 0, Math.max(0, cw - 2 * PAD), Math.min(ch, lineHeight * 2));
            rows = Math.max(1, (int) Math.floor(ch / lineHeight));
            syncing = true;
            try {
                syncScrollBars(cw, contentWidth, wide);
            } finally {
                syncing = false;
            }
            draw(cw, ch);
        }
    }

    private void measure() {
        Font font = getSkinnable().getFont();
        if (font == null || font.equals(measuredFont)) {
            return;
        }
        measuredFont = font;
        Text probe = new Text("MMMMMMMMMM");
        probe.setFont(font);
        charWidth = probe.getLayoutBounds().getWidth() / 10;
        double textHeight = probe.getLayoutBounds().getHeight();
        lineHeight = Math.ceil(textHeight + 3);
        baseline = Math.round((lineHeight - textHeight) / 2 + probe.getBaselineOffset());
    }

    private void syncScrollBars(double cw, double contentWidth, boolean wide) {
        LineView<T> view = getSkinnable();
        int n = view.getItems().size();
        maxTop = Math.max(0, n - rows);
        long first = view.getItems().firstNumber();
        int top = view.isFollow() ? maxTop : (int) Math.min(Math.max(0, view.topLineProperty().get() - first), maxTop);
        view.topLineProperty().set(first + top);
        vbar.setDisable(maxTop == 0);
        vbar.setMax(maxTop);
        vbar.setVisibleAmount(n == 0 ? 0 : (double) rows * maxTop / n);
        vbar.setUnitIncrement(1);
        vbar.setBlockIncrement(Math.max(1, rows - 1));
        vbar.setValue(top);
        double hmax = wide ? contentWidth - cw : 0;
        hbar.setMax(hmax);
        hbar.setVisibleAmount(wide ? cw * hmax / contentWidth : 0);
        hbar.setUnitIncrement(charWidth * 4);
        hbar.setBlockIncrement(Math.max(charWidth, cw - 4 * charWidth));
        hbar.setValue(Math.min(hbar.getValue(), hmax));
    }

    private void draw(double cw, double ch) {
        LineView<T> view = getSkinnable();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, cw, ch);
        List<T> items = view.getItems();
        int first = view.getTopIndex();
        int last = Math.min(items.size(), first + rows + 1);
        if (first >= last) {
            return;
        }
        g.setFont(measuredFont);
        double scrolled = hbar.isVisible() ? hbar.getValue() : 0;
        int firstColumn = (int) (scrolled / charWidth);
        double x = PAD - (scrolled - firstColumn * charWidth);
        int columns = (int) Math.ceil(cw / charWidth) + 2;
        int selStart = view.selectionStart();
        int selEnd = view.selectionEnd();
        Paint current = null;
        for (int i = first; i < last; i++) {
            double top = (i - first) * lineHeight;
            boolean selected = selStart >= 0 && i >= selStart && i <= selEnd;
            if (selected) {
                current = view.selectionFill();
                g.setFill(current);
                g.fillRect(0, top, cw, lineHeight);
            }
            T item = items.get(i);
            String text = view.textOf(item);
            if (text.length() <= firstColumn) {
                continue;
            }
            String part = text.substring(firstColumn, Math.min(text.length(), firstColumn + columns));
            if (part.indexOf('\t') >= 0) {
                part = part.replace('\t', ' ');
            }
            Paint paint = selected ? view.selectionTextFill() : view.fill(view.toneOf(item));
            if (paint != current) {
                g.setFill(paint);
                current = paint;
            }
            g.fillText(part, x, top + baseline);
        }
    }

    /** The user moved the vertical bar (or the wheel, keys): follow again only when that reached the end. */
    private void userMovedTo(int top) {
        if (syncing) {
            return;
        }
        LineView<T> view = getSkinnable();
        int clamped = Math.min(Math.max(0, top), maxTop);
        view.topLineProperty().set(view.getItems().firstNumber() + clamped);
        view.setFollow(clamped >= maxTop);
    }

    private void onScroll(ScrollEvent e) {
        double lines = switch (e.getTextDeltaYUnits()) {
            case LINES -> -e.getTextDeltaY();
            case PAGES -> -e.getTextDeltaY() * rows;
            default -> -e.getDeltaY() / lineHeight;
        };
        lines += wheelRest;
        int whole = (int) lines;
        wheelRest = lines - whole;
        if (whole != 0) {
            userMovedTo(getSkinnable().getTopIndex() + whole);
        }
        if (e.getDeltaX() != 0 && hbar.isVisible()) {
            hbar.setValue(Math.min(Math.max(0, hbar.getValue() - e.getDeltaX()), hbar.getMax()));
        }
        e.consume();
    }

    private int indexAt(double y) {
        int n = getSkinnable().getItems().size();
        if (n == 0) {
            return -1;
        }
        int i = getSkinnable().getTopIndex() + (int) Math.floor(y / lineHeight);
        return Math.min(Math.max(0, i), n - 1);
    }

    private void onPressed(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY || e.getTarget() instanceof javafx.scene.Node n && isInScrollBar(n)) {
            return;
        }
        getSkinnable().requestFocus();
        int i = indexAt(e.getY() - surface.getLayoutY());
        if (e.isShiftDown()) {
            getSkinnable().extendSelection(i);
        } else {
            getSkinnable().select(i);
        }
    }

    private void onDragged(MouseEvent e) {
        if (!e.isPrimaryButtonDown() || e.getTarget() instanceof javafx.scene.Node n && isInScrollBar(n)) {
            return;
        }
        double y = e.getY() - surface.getLayoutY();
        if (y < 0) {
            userMovedTo(getSkinnable().getTopIndex() - 1);
        } else if (y > canvas.getHeight()) {
            userMovedTo(getSkinnable().getTopIndex() + 1);
        }
        getSkinnable().extendSelection(indexAt(Math.min(Math.max(0, y), canvas.getHeight() - 1)));
    }

    private boolean isInScrollBar(javafx.scene.Node n) {
        for (javafx.scene.Node p = n; p != null && p != surface; p = p.getParent()) {
            if (p == vbar || p == hbar) {
                return true;
            }
        }
        return false;
    }

    private void onKey(KeyEvent e) {
        LineView<T> view = getSkinnable();
        int top = view.getTopIndex();
        int caret = view.getCaretIndex();
        KeyCode k = e.getCode();
        if (k == KeyCode.A && e.isShortcutDown()) {
            view.selectAll();
        } else if (k == KeyCode.UP || k == KeyCode.DOWN) {
            int to = caret < 0 ? (k == KeyCode.UP ? top + rows - 1 : top) : caret + (k == KeyCode.UP ? -1 : 1);
            to = Math.min(Math.max(0, to), view.getItems().size() - 1);
            if (e.isShiftDown()) {
                view.extendSelection(to);
            } else {
                view.select(to);
            }
            if (to < top) {
                userMovedTo(to);
            } else if (to >= top + rows) {
                userMovedTo(to - rows + 1);
            }
        } else if (k == KeyCode.PAGE_UP || k == KeyCode.PAGE_DOWN) {
            userMovedTo(top + (k == KeyCode.PAGE_UP ? -1 : 1) * Math.max(1, rows - 1));
        } else if (k == KeyCode.HOME) {
            userMovedTo(0);
        } else if (k == KeyCode.END) {
            view.setFollow(true);
        } else {
            return;
        }
        e.consume();
    }
}
