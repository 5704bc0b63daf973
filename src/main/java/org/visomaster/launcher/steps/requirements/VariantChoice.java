package org.visomaster.launcher.steps.requirements;

import org.visomaster.launcher.infra.workspace.WheelVariant;

/**
 * Which wheel variant a profile installs on this machine and why, in one sentence ("NVIDIA GeForce RTX 5090 is
 * sm_120, which torch 2.4.1+cu124 cannot run: installing torch 2.7.1+cu128 instead (the cu128 variant).").
 *
 * @param variant  null when the profile has no variants
 * @param forced   set by launcher.json's "wheelVariant" or VISO_WHEEL_VARIANT
 * @param fits     false when the variant is known not to serve the GPU (forced, or no variant serves it)
 */
public record VariantChoice(WheelVariant variant, String reason, boolean forced, boolean fits) {
    public static final VariantChoice NONE = new VariantChoice(null, "", false, true);

    public boolean present() {
        return variant != null;
    }

    public String name() {
        return variant == null ? "" : variant.name();
    }
}
