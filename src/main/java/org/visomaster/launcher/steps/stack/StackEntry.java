package org.visomaster.launcher.steps.stack;

import java.util.List;
import org.visomaster.launcher.infra.workspace.PinOverride;

/**
 * One row of the stack table: what a checkout holding {@code requirementsFile} needs.
 *
 * @param name          "CUDA 13.0", for sentences
 * @param cuda          the CUDA version its wheels are built for ("13.0"): the driver must support it
 * @param minDriver     the driver release that supports it ("580")
 * @param minCapability lowest compute capability its torch has kernels for ("7.5")
 * @param maxCapability highest ("12.0")
 * @param python        the Python X.Y used when the checkout does not say
 * @param overrides     our known-bad fixes for this stack's pins (the profile's and launcher.json's win)
 */
public record StackEntry(String requirementsFile, String name, String cuda, String minDriver, String minCapability,
                         String maxCapability, String python, String torch, List<PinOverride> overrides,
                         List<String> sources) {
    public StackEntry {
        overrides = List.copyOf(overrides);
        sources = List.copyOf(sources);
    }

    /** "sm_75…sm_120" */
    public String archRange() {
        return "sm_" + minCapability.replace(".", "") + "…sm_" + maxCapability.replace(".", "");
    }

    /** "CUDA 13.0 (driver ≥ 580, sm_75…sm_120, torch 2.11.0+cu130)" */
    public String describe() {
        return name + " (driver ≥ " + minDriver + ", " + archRange() + (torch.isEmpty() ? "" : ", torch " + torch)
                + ")";
    }
}
