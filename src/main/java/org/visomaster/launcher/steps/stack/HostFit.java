package org.visomaster.launcher.steps.stack;

import java.util.ArrayList;
import java.util.List;
import org.visomaster.launcher.infra.metrics.Capability;
import org.visomaster.launcher.infra.metrics.GpuFacts;
import org.visomaster.launcher.infra.metrics.GpuInfo;

/**
 * Can a stack run on this host? Its driver must be at least the stack's (by release number, else by the CUDA version
 * the driver supports) and every GPU's compute capability inside the stack's range. What is unknown (no GPU visible,
 * a capability the driver does not report) is not held against it.
 *
 * @param fits    true when nothing known stands in the way
 * @param reasons what stands in the way, each a clause ("driver 575.57.08 is older than the 580 CUDA 13.0 needs")
 */
public record HostFit(boolean fits, List<String> reasons) {
    public HostFit {
        reasons = List.copyOf(reasons);
    }

    public static HostFit check(StackEntry stack, GpuFacts facts) {
        List<String> reasons = new ArrayList<>();
        if (!facts.hasGpu()) {
            return new HostFit(true, reasons);
        }
        int driver = driverRelease(facts.driverVersion());
        int need = parse(stack.minDriver());
        if (driver > 0 && need > 0) {
            if (driver < need) {
                reasons.add("driver " + facts.driverVersion() + " is older than the " + need + " that "
                        + stack.name() + " needs");
            }
        } else if (!facts.cudaVersion().isEmpty() && Capability.compareVersions(facts.cudaVersion(), stack.cuda()) < 0) {
            reasons.add("the driver supports CUDA up to " + facts.cudaVersion() + ", below the " + stack.cuda()
                    + " that " + stack.name() + " needs");
        }
        int lo = Capability.number(stack.minCapability());
        int hi = Capability.number(stack.maxCapability());
        for (GpuInfo g : facts.gpus()) {
            int c = g.capabilityNumber();
            if (c >= 0 && (lo >= 0 && c < lo || hi >= 0 && c > hi)) {
                reasons.add(g.name() + " is " + g.smName() + ", outside the " + stack.archRange() + " that "
                        + stack.name() + "'s torch " + stack.torch() + " has kernels for");
            }
        }
        return new HostFit(reasons.isEmpty(), reasons);
    }

    /** "575.57.08" → 575; -1 when unknown. */
    static int driverRelease(String driverVersion) {
        return parse(driverVersion == null ? "" : driverVersion.split("\\.")[0]);
    }

    private static int parse(String s) {
        return s != null && s.strip().matches("\\d{1,5}") ? Integer.parseInt(s.strip()) : -1;
    }

    /** "driver 575.57.08 is older than …; NVIDIA … is sm_61, outside …" */
    public String why() {
        return String.join("; ", reasons);
    }
}
