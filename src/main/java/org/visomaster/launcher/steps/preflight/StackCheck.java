package org.visomaster.launcher.steps.preflight;

import java.util.Set;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.infra.metrics.GpuFacts;
import org.visomaster.launcher.infra.metrics.GpuFactsProbe;
import org.visomaster.launcher.steps.requirements.RequirementsStep;
import org.visomaster.launcher.steps.stack.HostFit;
import org.visomaster.launcher.steps.stack.InstallStack;

/**
 * For a stack read from the checkout (profile fusion): is it known, and does it run on this host's driver and GPUs?
 * A checkout that is not there yet is chosen by the host when the source step fetches it. A stack that cannot run
 * here (a pinned ref, a folder you provided) stops the packages before any wheel is installed.
 */
final class StackCheck implements PreflightCheck {
    @Override
    public void check(StepContext ctx, Set<StepId> done, PreflightCheck.Findings findings) {
        InstallStack stack = InstallStack.resolve(ctx.config(), ctx.workspace().source());
        if (!stack.fromCheckout() || done.contains(RequirementsStep.ID)) {
            return;
        }
        if (stack.version() == null) {
            findings.note("the stack is chosen by this host from the branch's history when the source is fetched");
            return;
        }
        if (stack.problem() != null) {
            findings.block(RequirementsStep.ID, stack.problem());
            return;
        }
        if (stack.entry() == null) {
            return;
        }
        GpuFacts facts = GpuFactsProbe.probe(ctx.host());
        HostFit fit = HostFit.check(stack.entry(), facts);
        if (!fit.fits()) {
            findings.block(RequirementsStep.ID, "VisoMaster " + stack.version().value() + " in "
                    + ctx.workspace().source() + " needs " + stack.entry().describe() + ", but " + fit.why()
                    + ": rent a host that runs it, or let the launcher choose the version (the fusion profile on"
                    + " branch main installs the newest one this host runs).");
            return;
        }
        findings.note("stack " + stack.entry().name() + " runs on " + (facts.hasGpu() ? facts.driverText()
                : "this host (no GPU visible)"));
    }
}
