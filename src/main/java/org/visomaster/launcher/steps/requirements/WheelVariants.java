package org.visomaster.launcher.steps.requirements;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.visomaster.launcher.infra.metrics.Capability;
import org.visomaster.launcher.infra.metrics.GpuFacts;
import org.visomaster.launcher.infra.metrics.GpuInfo;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.PinOverride;
import org.visomaster.launcher.infra.workspace.WheelVariant;

/**
 * Chooses the profile's wheel variant from the GPU facts: a forced one wins; without a GPU (or with one whose
 * capability is unknown) the profile's default; otherwise the first variant, in profile order, whose capability
 * range holds every GPU and whose minimum driver CUDA this driver meets (else the first whose range fits; the
 * preflight driver check then stops with a sentence).
 */
public final class WheelVariants {
    private WheelVariants() {
    }

    /** The choice for this host's GPUs (facts read through {@link org.visomaster.launcher.infra.metrics.GpuFactsProbe}). */
    public static VariantChoice choose(LauncherConfig config, HostEnvironment host) {
        if (config.variants().isEmpty()) {
            return VariantChoice.NONE;
        }
        return choose(config, org.visomaster.launcher.infra.metrics.GpuFactsProbe.probe(host));
    }

    public static VariantChoice choose(LauncherConfig config, GpuFacts facts) {
        if (config.variants().isEmpty()) {
            return VariantChoice.NONE;
        }
        WheelVariant dflt = config.variant(config.defaultVariant());
        GpuInfo newest = facts.gpus().stream().max(Comparator.comparingInt(GpuInfo::capabilityNumber)).orElse(null);
        if (config.wheelVariant() != null) {
            WheelVariant forced = config.variant(config.wheelVariant());
            boolean fits = newest == null || newest.capabilityNumber() < 0 || serves(forced, newest);
            String sentence = cap(forced.label()) + " are forced by " + config.wheelVariantSource() + "."
                    + (fits ? "" : " Note: " + newest.name() + " is " + newest.smName() + ", outside what they serve ("
                    + forced.rangeText() + ").");
            return new VariantChoice(forced, sentence, true, fits);
        }
        if (newest == null) {
            return new VariantChoice(dflt, "No NVIDIA GPU is visible: installing the profile's default, "
                    + dflt.label() + ".", false, true);
        }
        if (facts.gpus().stream().anyMatch(g -> g.capabilityNumber() < 0)) {
            GpuInfo unknown = facts.gpus().stream().filter(g -> g.capabilityNumber() < 0).findFirst().orElseThrow();
            return new VariantChoice(dflt, "The compute capability of " + unknown.name() + " is unknown ("
                    + facts.driverText() + "): installing the profile's default, " + dflt.label() + ".", false, true);
        }
        List<WheelVariant> serving = config.variants().stream()
                .filter(v -> facts.gpus().stream().allMatch(g -> serves(v, g))).toList();
        if (serving.isEmpty()) {
            serving = config.variants().stream().filter(v -> serves(v, newest)).toList();
        }
        if (serving.isEmpty()) {
            String ranges = config.variants().stream().map(v -> v.name() + ": " + v.rangeText())
                    .collect(Collectors.joining("; "));
            String another = config.variants().size() > 1 ? "; set VISO_WHEEL_VARIANT to try another" : "";
            return new VariantChoice(dflt, newest.name() + " is " + newest.smName() + ", which no wheel variant of"
                    + " this profile serves (" + ranges + "): installing the default, " + dflt.label()
                    + ", anyway" + another + ".", false, false);
        }
        WheelVariant chosen = serving.stream().filter(v -> driverMeets(v, facts)).findFirst().orElse(serving.get(0));
        String sentence;
        if (chosen == dflt) {
            sentence = newest.name() + " is " + newest.smName() + ", which the default " + dflt.label().substring(4)
                    + " serve: keeping them.";
        } else if (!dflt.torch().isEmpty() && !chosen.torch().isEmpty()) {
            sentence = newest.name() + " is " + newest.smName() + ", which torch " + dflt.torch()
                    + " cannot run: installing torch " + chosen.torch() + " instead (the " + chosen.name()
                    + " variant).";
        } else {
            sentence = newest.name() + " is " + newest.smName() + ", which the default " + dflt.name()
                    + " wheels do not serve: installing " + chosen.label() + " instead.";
        }
        return new VariantChoice(chosen, sentence, false, true);
    }

    static boolean serves(WheelVariant v, GpuInfo gpu) {
        int c = gpu.capabilityNumber();
        int lo = v.minCapability().isEmpty() ? Integer.MIN_VALUE : Capability.number(v.minCapability());
        int hi = v.maxCapability().isEmpty() ? Integer.MAX_VALUE : Capability.number(v.maxCapability());
        return c >= lo && c <= hi;
    }

    /** True when the variant has no driver minimum, the driver's CUDA is unknown, or it is high enough. */
    static boolean driverMeets(WheelVariant v, GpuFacts facts) {
        return v.minDriverCuda().isEmpty() || facts.cudaVersion().isEmpty()
                || Capability.compareVersions(facts.cudaVersion(), v.minDriverCuda()) >= 0;
    }

    /**
     * The overrides to apply: the configuration's (the profile's, or launcher.json's), then the variant's for
     * packages the configuration does not pin itself, so a pin of your own always wins.
     */
    public static List<PinOverride> overrides(LauncherConfig config, VariantChoice choice) {
        List<PinOverride> out = new ArrayList<>(config.overrides());
        if (choice.present()) {
            Set<String> pinned = new LinkedHashSet<>();
            config.overrides().forEach(o -> pinned.add(RequirementsRewriter.normaliseName(o.name())));
            choice.variant().overrides().stream()
                    .filter(o -> !pinned.contains(RequirementsRewriter.normaliseName(o.name()))).forEach(out::add);
        }
        return out;
    }

    /** The configuration's extra index URLs, then the variant's. */
    public static List<String> extraIndexUrls(LauncherConfig config, VariantChoice choice) {
        List<String> out = new ArrayList<>(config.extraIndexUrls());
        if (choice.present()) {
            out.addAll(choice.variant().extraIndexUrls());
        }
        return out;
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
