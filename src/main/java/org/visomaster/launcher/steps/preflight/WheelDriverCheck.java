package org.visomaster.launcher.steps.preflight;

import java.util.Set;
import org.visomaster.launcher.infra.metrics.GpuFacts;
import org.visomaster.launcher.infra.metrics.GpuFactsProbe;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.steps.requirements.DriverCheck;
import org.visomaster.launcher.steps.requirements.RequirementsStep;
import org.visomaster.launcher.steps.requirements.VariantChoice;
import org.visomaster.launcher.steps.requirements.WheelVariants;

/**
 * The wheel variant this GPU gets, and whether the driver can run its CUDA. A driver too old for it stops the
 * packages (and so the self-test and finish) before any wheel is installed; the clone, the environment and the
 * models go on, since they are right whatever the driver.
 */
final class WheelDriverCheck implements PreflightCheck {
    @Override
    public void check(StepContext ctx, Set<StepId> done, PreflightCheck.Findings findings) {
        VariantChoice choice = WheelVariants.choose(ctx.config(), ctx.host());
        if (!choice.present()) {
            return;
        }
        GpuFacts facts = GpuFactsProbe.probe(ctx.host());
        if (!choice.fits()) {
            findings.warn(choice.reason());
        }
        DriverCheck.Result r = DriverCheck.check(ctx.config(), choice, facts);
        if (r.failure()) {
            findings.block(RequirementsStep.ID, r.sentence());
        } else if (!r.sentence().isEmpty()) {
            findings.warn(r.sentence());
        }
        findings.note("wheel variant " + choice.name() + (facts.hasGpu() ? " for " + facts.driverText() : ""));
    }
}
