package org.visomaster.launcher.steps.source;

import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.lib.Repository;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.infra.metrics.GpuFacts;
import org.visomaster.launcher.infra.metrics.GpuFactsProbe;
import org.visomaster.launcher.steps.stack.HistoryWalk;
import org.visomaster.launcher.steps.stack.InstallStack;
import org.visomaster.launcher.steps.stack.StackEntry;
import org.visomaster.launcher.steps.stack.StackTable;

/**
 * Which commit of a tracked branch this host gets (profile fusion): the newest whose stack runs on its driver and GPUs
 * ({@link HistoryWalk}). A tag or commit ref, or a profile with a fixed stack, is installed as asked.
 *
 * @param target   what to check out
 * @param sentence why it is not the branch's newest commit (null when it is)
 * @param facts    the host it was chosen for (null when nothing was chosen)
 */
record HostChoice(ResolvedRef target, String sentence, GpuFacts facts) {
    static HostChoice decide(StepContext ctx, Repository repo, ResolvedRef ref) throws StepFailedException, IOException {
        if (ref.kind() != ResolvedRef.Kind.BRANCH || !InstallStack.fromCheckout(ctx.config())) {
            return new HostChoice(ref, null, null);
        }
        GpuFacts facts = GpuFactsProbe.probe(ctx.host());
        long started = System.nanoTime();
        HistoryWalk.Pick pick = HistoryWalk.pick(repo, ref.commit(), StackTable.bundled(), facts);
        ctx.log("Chose the version for this host in " + (System.nanoTime() - started) / 1_000_000 + " ms ("
                + pick.examined() + " commits looked at, " + pick.stackChanges() + " stack changes read).");
        String tipVersion = pick.tipStack().version().value();
        String host = hostText(facts);
        if (!pick.tipStack().known()) {
            ctx.warn(pick.tipStack().problem());
            return new HostChoice(ref, null, facts);
        }
        StackEntry tipEntry = pick.tipStack().entry();
        if (pick.tipRuns()) {
            ctx.info("VisoMaster " + tipVersion + ", the newest on " + ref.name() + ", needs " + tipEntry.describe()
                    + ", which " + host + " runs.");
            return new HostChoice(ref, null, facts);
        }
        if (pick.chosen() == null) {
            throw new StepFailedException("No version of " + ctx.config().repoUrl() + " (branch " + ref.name()
                    + ") runs on " + host + ": " + tipVersion + " needs " + tipEntry.describe() + " (" + pick.tipFit().why()
                    + "), and no older version in its history has a stack this host runs. Use the upstream profile"
                    + " (--profile upstream or VISO_PROFILE=upstream): VisoMaster 0.1.6 with CUDA 12.4 wheels for"
                    + " sm_50…sm_90 on driver 525 or newer, or CUDA 12.8 wheels for Turing to Blackwell on driver 570"
                    + " or newer.", List.of());
        }
        String chosenVersion = pick.stack().version().value();
        String sentence = host + " cannot run VisoMaster " + tipVersion + ", the newest on " + ref.name() + ": it needs "
                + tipEntry.describe() + " (" + pick.tipFit().why() + "). Installed " + chosenVersion + " ("
                + pick.chosen().abbreviate(7).name() + "), the newest version whose stack runs here: "
                + pick.stack().entry().describe() + ".";
        ctx.warn(sentence);
        return new HostChoice(new ResolvedRef(ResolvedRef.Kind.COMMIT, pick.chosen().name(), pick.chosen().copy()),
                sentence, facts);
    }

    /** "driver 575.57.08 with NVIDIA GeForce RTX 5090 (sm_120)" */
    static String hostText(GpuFacts facts) {
        if (!facts.hasGpu()) {
            return "this host (no GPU visible)";
        }
        return "this host (" + facts.driverText() + ", " + String.join(", ", facts.gpus().stream()
                .map(g -> g.name() + (g.smName().isEmpty() ? "" : " " + g.smName())).toList()) + ")";
    }
}
