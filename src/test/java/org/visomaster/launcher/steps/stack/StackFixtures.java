package org.visomaster.launcher.steps.stack;

import java.util.List;
import org.visomaster.launcher.infra.metrics.GpuFacts;
import org.visomaster.launcher.infra.metrics.GpuInfo;
import org.visomaster.launcher.infra.metrics.GpuSourceKind;

/** Stand-in hosts: one GPU of a capability on a driver, as GpuFacts. */
final class StackFixtures {
    private StackFixtures() {
    }

    static GpuFacts host(String name, String capability, String driver, String cuda) {
        return new GpuFacts(List.of(new GpuInfo(0, name, capability, 24L << 30)), driver, cuda,
                GpuSourceKind.NVIDIA_SMI, "");
    }

    static final String D550 = "550.54.15";
    static final String D575 = "575.57.08";
    static final String D580 = "580.65.06";

    static String cuda(String driver) {
        return switch (driver) {
            case D550 -> "12.4";
            case D575 -> "12.9";
            default -> "13.0";
        };
    }

    static GpuFacts sm(String capability, String driver) {
        String name = switch (capability) {
            case "6.1" -> "NVIDIA GeForce GTX 1080";
            case "8.6" -> "NVIDIA GeForce RTX 3090";
            case "9.0" -> "NVIDIA H100 80GB HBM3";
            default -> "NVIDIA GeForce RTX 5090";
        };
        return host(name, capability, driver, cuda(driver));
    }
}
