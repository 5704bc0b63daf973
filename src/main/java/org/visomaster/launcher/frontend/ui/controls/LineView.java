package org.visomaster.launcher.frontend.ui.controls;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.css.CssMetaData;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.css.Styleable;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;

/**
 * A read-only view of many text lines (a console): only the visible lines are drawn, on a canvas, so a pulse costs
 * the same for 40 lines as for 20,000 and a flood of changes to the list costs no cell layout or CSS at all. Lines are
 * selected whole (click, shift+click, drag, arrows, Ctrl+A); the view can follow the end of the list as lines arrive
 * ({@link #followProperty()}); scrolling up stops following, scrolling back to the end resumes it.
 *
 * <p>Lines leaving the head of the {@link BoundedLog} keep the selection and, while not following, the visible text
 * in place (both are held as the log's absolute line numbers). Each line has a {@link Tone} that picks its colour from CSS ({@code -line-text-fill},
 * {@code -line-strong-fill}, {@code -line-accent-fill}; selection: {@code -line-selection-fill},
 * {@code -line-selection-text-fill}; font: {@code -fx-font}).
 */
public class LineView<T> extends Control {
    public static final String STYLE_CLASS = "line-view";

    /** How a line is coloured. */
    public enum Tone { NORMAL, STRONG, ACCENT }

    private static final StyleablePropertyFactory<LineView<?>> CSS =
            new StyleablePropertyFactory<>(Control.getClassCssMetaData());

    private final BoundedLog<T> items;
    private final Function<T, String> textOf;
    private final Function<T, Tone> toneOf;
    private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
    /** The absolute number of the first visible line (the skin keeps it within the log). */
    private final LongProperty topLine = new SimpleLongProperty(this, "topLine", 0);
    private final StringProperty placeholder = new SimpleStringProperty(this, "placeholder", "");
    private final ReadOnlyLongWrapper anchor = new ReadOnlyLongWrapper(this, "anchor", -1);
    private final ReadOnlyLongWrapper caret = new ReadOnlyLongWrapper(this, "caret", -1);
    private int longest;

    private final StyleableObjectProperty<Font> font = (StyleableObjectProperty<Font>) CSS.createStyleableFontProperty(this, "font", "-fx-font",
            v -> v.font, Font.font("Monospaced", 12), true);
    private final StyleableObjectProperty<Paint> textFill = (StyleableObjectProperty<Paint>) CSS.createStyleablePaintProperty(this, "textFill",
            "-line-text-fill", v -> v.textFill, Color.LIGHTGRAY);
    private final StyleableObjectProperty<Paint> strongFill = (StyleableObjectProperty<Paint>) CSS.createStyleablePaintProperty(this, "strongFill",
            "-line-strong-fill", v -> v.strongFill, Color.WHITE);
    private final StyleableObjectProperty<Paint> accentFill = (StyleableObjectProperty<Paint>) CSS.createStyleablePaintProperty(this, "accentFill",
            "-line-accent-fill", v -> v.accentFill, Color.CORNFLOWERBLUE);
    private final StyleableObjectProperty<Paint> selectionFill = (StyleableObjectProperty<Paint>) CSS.createStyleablePaintProperty(this,
            "selectionFill", "-line-selection-fill", v -> v.selectionFill, Color.web("#1f6feb66"));
    private final StyleableObjectProperty<Paint> selectionTextFill = (StyleableObjectProperty<Paint>) CSS.createStyleablePaintProperty(this,
            "selectionTextFill", "-line-selection-text-fill", v -> v.selectionTextFill, Color.WHITE);

    public LineView(BoundedLog<T> items, Function<T, String> textOf, Function<T, Tone> toneOf) {
        this.items = items;
        this.textOf = textOf;
        this.toneOf = toneOf;
        getStyleClass().add(STYLE_CLASS);
        setFocusTraversable(true);
        items.addListener(this::onAppended);
        onAppended(items);
    }

    private void onAppended(List<? extends T> appended) {
        if (items.isEmpty()) {
            longest = 0;
        }
        for (T t : appended) {
            longest = Math.max(longest, textOf.apply(t).length());
        }
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new LineViewSkin<>(this);
    }

    @Override
    public String getUserAgentStylesheet() {
        return LineView.class.getResource("line-view.css").toExternalForm();
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS.getCssMetaData();
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getControlCssMetaData() {
        return getClassCssMetaData();
    }

    public BoundedLog<T> getItems() {
        return items;
    }

    String textOf(T item) {
        return textOf.apply(item);
    }

    Tone toneOf(T item) {
        return toneOf.apply(item);
    }

    /** Characters in the longest line seen since the list was last empty (for horizontal scrolling). */
    int longestLine() {
        return longest;
    }

    /** Whether the view keeps the last line in view as lines arrive. */
    public BooleanProperty followProperty() {
        return follow;
    }

    public boolean isFollow() {
        return follow.get();
    }

    public void setFollow(boolean v) {
        follow.set(v);
    }

    /** The index of the first visible line. */
    public int getTopIndex() {
        return (int) Math.max(0, Math.min(topLine.get() - items.firstNumber(), items.size()));
    }

    LongProperty topLineProperty() {
        return topLine;
    }

    /** Shown while there are no lines. */
    public StringProperty placeholderProperty() {
        return placeholder;
    }

    /** Shows the line at {@code index} near the top and stops following. */
    public void scrollTo(int index) {
        setFollow(false);
        topLine.set(items.firstNumber() + Math.max(0, index));
    }

    public void select(int index) {
        if (index < 0 || index >= items.size()) {
            clearSelection();
            return;
        }
        anchor.set(items.firstNumber() + index);
        caret.set(items.firstNumber() + index);
    }

    /** Extends the selection from its anchor to {@code index} (selects it alone when nothing is selected). */
    public void extendSelection(int index) {
        if (index < 0 || index >= items.size()) {
            return;
        }
        if (selectionStart() < 0) {
            anchor.set(items.firstNumber() + index);
        }
        caret.set(items.firstNumber() + index);
    }

    public void selectAll() {
        if (items.isEmpty()) {
            clearSelection();
            return;
        }
        anchor.set(items.firstNumber());
        caret.set(items.firstNumber() + items.size() - 1);
    }

    public void clearSelection() {
        anchor.set(-1);
        caret.set(-1);
    }

    /** The first selected index still in the list, or -1. */
    public int selectionStart() {
        if (anchor.get() < 0) {
            return -1;
        }
        long first = items.firstNumber();
        long lo = Math.max(Math.min(anchor.get(), caret.get()), first);
        long hi = Math.min(Math.max(anchor.get(), caret.get()), first + items.size() - 1);
        return lo <= hi ? (int) (lo - first) : -1;
    }

    /** The last selected index still in the list, or -1. */
    public int selectionEnd() {
        int start = selectionStart();
        long first = items.firstNumber();
        return start < 0 ? -1 : (int) (Math.min(Math.max(anchor.get(), caret.get()), first + items.size() - 1) - first);
    }

    /** Where the selection was last extended to (the line arrow keys move from), or -1. */
    public int getCaretIndex() {
        long i = caret.get() - items.firstNumber();
        return caret.get() < 0 || i < 0 || i >= items.size() ? -1 : (int) i;
    }

    public boolean isSelected(int index) {
        int start = selectionStart();
        return start >= 0 && index >= start && index <= selectionEnd();
    }

    /** A copy of the selected lines, oldest first (empty when nothing is selected). */
    public List<T> getSelectedItems() {
        int start = selectionStart();
        return start < 0 ? List.of() : new ArrayList<>(items.subList(start, selectionEnd() + 1));
    }

    /** Changes whenever the selection does (absolute line numbers: not changed by lines leaving the head). */
    public ReadOnlyLongProperty anchorProperty() {
        return anchor.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty caretProperty() {
        return caret.getReadOnlyProperty();
    }

    public StyleableObjectProperty<Font> fontProperty() {
        return font;
    }

    public Font getFont() {
        return font.get();
    }

    Paint fill(Tone tone) {
        return switch (tone) {
            case NORMAL -> textFill.get();
            case STRONG -> strongFill.get();
            case ACCENT -> accentFill.get();
        };
    }

    Paint selectionFill() {
        return selectionFill.get();
    }

    Paint selectionTextFill() {
        return selectionTextFill.get();
    }

    /** Properties whose change means the lines must be drawn again (besides the log). */
    javafx.beans.Observable[] drawingInputs() {
        return new javafx.beans.Observable[] {follow, topLine, anchor, caret, font, textFill, strongFill,
            accentFill, selectionFill, selectionTextFill};
    }
}
