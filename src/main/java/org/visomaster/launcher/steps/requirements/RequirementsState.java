package org.visomaster.launcher.steps.requirements;

import java.util.List;

/**
 * State section "requirements": the last successful install.
 *
 * @param stamp            sha256 of the derived text, the interpreter path, its version and the environment folder's
 *                         identity; a rerun skips the install while it matches
 * @param derivedFile      the file pip/uv installed from
 * @param sourceFile       the requirements file it was derived from
 * @param overridesApplied every pin override that changed a line
 * @param installer        "uv" or "pip"
 * @param variant          the wheel variant installed (null when the profile has none)
 * @param variantReason    the sentence saying why that variant was chosen
 */
public record RequirementsState(String stamp, String derivedFile, String sourceFile, List<Override> overridesApplied,
                                String installer, String variant, String variantReason) {
    public static final String SECTION = "requirements";

    /** One applied override: {@code from} and {@code to} are requirement texts. */
    public record Override(String name, String from, String to, String reason) {
    }
}
