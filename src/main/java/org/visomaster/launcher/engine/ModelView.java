package org.visomaster.launcher.engine;

import java.util.Locale;
import org.visomaster.launcher.engine.ProvisionEvent.ModelProgress;
import org.visomaster.launcher.engine.ProvisionEvent.ModelState;

/**
 * One model file as the front ends show it, whether a run reported it ({@link ModelProgress}) or the disk did (the
 * façade's listings). {@code url} and {@code expectedSha} are empty when only a run's events told about it.
 *
 * @param size the expected size (during a run), or the file's or partial download's size on disk; -1 unknown
 */
public record ModelView(ModelId id, String name, String url, String expectedSha, long done, long size, double speed,
                        ModelState state, String detail) {
    public ModelView {
        url = url == null ? "" : url;
        expectedSha = expectedSha == null ? "" : expectedSha;
        detail = detail == null ? "" : detail;
    }

    static ModelView of(ModelProgress m, ModelView before) {
        return new ModelView(new ModelId(m.relativePath()), m.name(), before == null ? "" : before.url(),
                before == null ? "" : before.expectedSha(), m.done(), m.total(), m.speed(), m.state(), m.detail());
    }

    /** 0..1 of the file, or -1 while a transfer cannot tell; a file not being fetched shows 0 unless verified. */
    public double fraction() {
        return switch (state) {
            case VERIFIED -> 1.0;
            case VERIFYING, DOWNLOADING, RETRYING, FAILED -> size > 0 ? Math.min(1.0, (double) done / size) : -1;
            default -> 0.0;
        };
    }

    /** "verified: sha256 ok", "downloading", or the detail alone when it already starts with the state. */
    public String stateText() {
        String label = state.name().toLowerCase(Locale.ROOT);
        if (detail.isBlank()) {
            return label;
        }
        return detail.startsWith(label) ? detail : label + ": " + detail;
    }
}
