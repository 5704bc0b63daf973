package org.visomaster.launcher.infra.workspace;

import java.util.List;

/**
 * A set of wheels for a range of GPUs: the profile installs the variant chosen from the GPU's compute capability
 * (see {@code python.WheelVariants}), applying its overrides and extra index URLs on top of the profile's.
 *
 * @param minCapability    lowest compute capability served, "X.Y" (empty: no lower bound)
 * @param maxCapability    highest compute capability served, "X.Y" (empty: no upper bound)
 * @param minDriverCuda    the lowest CUDA version the host's driver must support ("12.0"; empty: no check)
 * @param minDriverVersion the driver release that is (for the sentence: "525", "570")
 * @param torch            the torch build this variant installs ("2.7.1+cu128"), named in the choice's sentence
 * @param sources          where the pins were checked (release notes, indexes, support tables)
 */
public record WheelVariant(String name, String description, String minCapability, String maxCapability,
                           String minDriverCuda, String minDriverVersion, String torch, List<PinOverride> overrides,
                           List<String> extraIndexUrls, List<String> sources) {
    public WheelVariant {
        description = description == null ? "" : description;
        minCapability = minCapability == null ? "" : minCapability;
        maxCapability = maxCapability == null ? "" : maxCapability;
        minDriverCuda = minDriverCuda == null ? "" : minDriverCuda;
        minDriverVersion = minDriverVersion == null ? "" : minDriverVersion;
        torch = torch == null ? "" : torch;
        overrides = List.copyOf(overrides);
        extraIndexUrls = List.copyOf(extraIndexUrls);
        sources = List.copyOf(sources);
    }

    /** "the cu128 wheels (torch 2.7.1+cu128)" */
    public String label() {
        return "the " + name + " wheels" + (torch.isEmpty() ? "" : " (torch " + torch + ")");
    }

    /** "compute capability 5.0 to 9.0", "compute capability 10.0 and newer" */
    public String rangeText() {
        if (minCapability.isEmpty() && maxCapability.isEmpty()) {
            return "every GPU";
        }
        if (maxCapability.isEmpty()) {
            return "compute capability " + minCapability + " and newer";
        }
        return "compute capability " + (minCapability.isEmpty() ? "up to " + maxCapability
                : minCapability + " to " + maxCapability);
    }
}
