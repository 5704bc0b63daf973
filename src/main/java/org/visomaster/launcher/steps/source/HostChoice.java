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
    /**
     * A rollback's pin (see {@link GoodVersions}): the pinned commit, checked out without a fetch, when the clone has
     * it and the ref is a branch the host chooses on.
     */
    static java.util.Optional<HostChoice> pinned(StepContext ctx, Repository repo) throws IOException {
        GoodVersions.Good pin = GoodVersions.read(ctx.state()).pinned();
        if (pin == null || !InstallStack.fromCheckout(ctx.config())) {
            return java.util.Optional.empty();
        }
        org.eclipse.jgit.lib.ObjectId commit = repo.resolve(pin.commit() + "^{commit}");
        if (commit == null) {
            ctx.warn("The rollback's commit " + pin.commit() + " is no longer in the clone; following "
                    + ctx.config().ref() + " again.");
            return java.util.Optional.empty();
        }
        String sentence = "Rolled back to " + pin.version() + " (" + commit.abbreviate(7).name() + "), the last version"
                + " that passed the self-test on this GPU, without fetching; `visomaster-launcher provision --update`"
                + " returns to the newest version this host runs.";
        ctx.info(sentence);
        return java.util.Optional.of(new HostChoice(new ResolvedRef(ResolvedRef.Kind.COMMIT, commit.name(), commit),
                sentence, GpuFactsProbe.probe(ctx.host())));
    }

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
            String older = pick.olderText();
            throw new StepFailedException("No version of VisoMaster on branch " + ref.name() + " of "
                    + ctx.config().repoUrl() + " runs on " + host + ": " + tipVersion + " needs " + tipEntry.describe()
                    + " and " + pick.tipFit().why() + (older.isEmpty() ? "" : "; older versions: " + older)
                    + ". Use the upstream profile (--profile upstream or VISO_PROFILE=upstream): VisoMaster 0.1.6 with"
                    + " CUDA 12.4 wheels for sm_50…sm_90 on driver 525 or newer, or CUDA 12.8 wheels for Turing to"
                    + " Blackwell on driver 570 or newer.", List.of());
        }
        String chosenVersion = pick.stack().version().value();
        String sentence = cap(host) + " cannot run VisoMaster " + tipVersion + ", the newest on " + ref.name() + ": "
                + pick.tipFit().why() + ". Installed " + chosenVersion + " (" + pick.chosen().abbreviate(7).name()
                + ") instead, the newest version whose stack runs here (" + pick.stack().entry().describe() + "); "
                + tipVersion + " needs " + tipEntry.describe() + ".";
        ctx.warn(sentence);
        return new HostChoice(new ResolvedRef(ResolvedRef.Kind.COMMIT, pick.chosen().name(), pick.chosen().copy()),
                sentence, facts);
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** "this host (driver 575.57.08 (CUDA 12.9), NVIDIA GeForce RTX 5090 sm_120)" */
    static String hostText(GpuFacts facts) {
        if (!facts.hasGpu()) {
            return "this host (no GPU visible)";
        }
        return "this host (" + facts.driverText() + ", " + String.join(", ", facts.gpus().stream()
                .map(g -> g.name() + (g.smName().isEmpty() ? "" : " " + g.smName())).toList()) + ")";
    }
}
