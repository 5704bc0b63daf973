package org.visomaster.launcher.frontend.ui.setup;

import java.util.Locale;
import javafx.css.PseudoClass;
import javafx.scene.shape.FillRule;
import javafx.scene.shape.SVGPath;
import org.visomaster.launcher.engine.StepStatus;

/**
 * A step's state as a shape (ring, play, check, warning triangle, cross, barred ring): the shape differs per state so
 * colour is never the only carrier; the colour comes from CSS through the state's pseudo-class (":done", ":failed" …).
 */
final class StatusIcon extends SVGPath {
    public static final String STYLE_CLASS = "status-icon";
    private static final String RING = "M1,8 A7,7 0 1,1 15,8 A7,7 0 1,1 1,8 Z M2.6,8 A5.4,5.4 0 1,1 13.4,8 "
            + "A5.4,5.4 0 1,1 2.6,8 Z";
    private static final String DISC = "M1,8 A7,7 0 1,1 15,8 A7,7 0 1,1 1,8 Z ";
    private static final String PLAY = RING + " M6.3,4.8 L11.2,8 L6.3,11.2 Z";
    private static final String CHECK = DISC + "M4.4,8.3 L5.6,7.1 L7.1,8.6 L10.4,5.3 L11.6,6.5 L7.1,11 Z";
    private static final String CROSS = DISC + "M5,6.2 L6.2,5 L8,6.8 L9.8,5 L11,6.2 L9.2,8 L11,9.8 L9.8,11 L8,9.2 "
            + "L6.2,11 L5,9.8 L6.8,8 Z";
    /** A ring with a bar across: waiting on a step that failed (a "no entry" sign). */
    private static final String BAR = RING + " M4.2,7.1 L11.8,7.1 L11.8,8.9 L4.2,8.9 Z";
    private static final String TRIANGLE = "M8,0.8 L15.6,14.6 L0.4,14.6 Z M7.2,5.2 L8.8,5.2 L8.8,10 L7.2,10 Z "
            + "M7.2,11.2 L8.8,11.2 L8.8,12.8 L7.2,12.8 Z";

    public StatusIcon() {
        getStyleClass().add(STYLE_CLASS);
        setFillRule(FillRule.EVEN_ODD);
        show(StepStatus.WAITING);
    }

    public void show(StepStatus status) {
        setContent(switch (status) {
            case WAITING -> RING;
            case RUNNING -> PLAY;
            case DONE, SKIPPED -> CHECK;
            case WARNING -> TRIANGLE;
            case FAILED -> CROSS;
            case BLOCKED -> BAR;
        });
        for (StepStatus s : StepStatus.values()) {
            pseudoClassStateChanged(pseudo(s), s == status);
        }
    }

    public static PseudoClass pseudo(StepStatus s) {
        return PseudoClass.getPseudoClass(s.name().toLowerCase(Locale.ROOT));
    }
}
