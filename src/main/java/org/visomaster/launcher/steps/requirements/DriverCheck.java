package org.visomaster.launcher.steps.requirements;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.visomaster.launcher.infra.metrics.Capability;
import org.visomaster.launcher.infra.metrics.GpuFacts;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.WheelVariant;

/**
 * Is the host's NVIDIA driver new enough for the chosen wheels' CUDA? Compared is the highest CUDA version the
 * driver supports (NVML, or nvidia-smi's "CUDA Version") against the variant's {@code minDriverCuda}. Preflight
 * asks it before any package is installed ({@code preflight.WheelDriverCheck}).
 */
public final class DriverCheck {
    /** {@code failure}: the wheels cannot run here; else {@code sentence} is a warning or empty. */
    public record Result(boolean failure, String sentence) {
        static final Result OK = new Result(false, "");
    }

    private DriverCheck() {
    }

    public static Result check(LauncherConfig config, VariantChoice choice, GpuFacts facts) {
        if (!choice.present() || !facts.hasGpu() || choice.variant().minDriverCuda().isEmpty()) {
            return Result.OK;
        }
        WheelVariant v = choice.variant();
        String need = "CUDA " + v.minDriverCuda() + " or newer"
                + (v.minDriverVersion().isEmpty() ? "" : " (driver " + v.minDriverVersion() + " or later)");
        if (facts.cudaVersion().isEmpty()) {
            return new Result(false, "The NVIDIA driver's CUDA version is unknown (" + facts.driverText() + "); "
                    + v.label() + " need " + need + ": if the GPU self-test fails, check the driver with nvidia-smi.");
        }
        if (Capability.compareVersions(facts.cudaVersion(), v.minDriverCuda()) >= 0) {
            return Result.OK;
        }
        List<WheelVariant> runnable = config.variants().stream().filter(o -> o != v)
                .filter(o -> WheelVariants.driverMeets(o, facts))
                .filter(o -> facts.gpus().stream().allMatch(g -> g.capabilityNumber() < 0 || WheelVariants.serves(o, g)))
                .toList();
        Optional<String> other = runnable.isEmpty() ? Optional.empty() : Optional.of(runnable.stream()
                .map(o -> "VISO_WHEEL_VARIANT=" + o.name() + " (" + o.rangeText() + ")")
                .collect(Collectors.joining(" or ")));
        return new Result(true, "The NVIDIA driver " + (facts.driverVersion().isEmpty() ? "" : facts.driverVersion()
                + " ") + "supports CUDA up to " + facts.cudaVersion() + ", but " + v.label() + " need " + need
                + ": rent a host whose driver supports CUDA " + v.minDriverCuda() + " or newer"
                + other.map(o -> ", or force a variant this driver can run with " + o).orElse("") + ".");
    }
}
