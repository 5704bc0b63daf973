package org.visomaster.launcher.steps.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.infra.metrics.GpuFacts;
import org.visomaster.launcher.infra.metrics.GpuFactsProbe;
import org.visomaster.launcher.steps.stack.HistoryWalk;
import org.visomaster.launcher.steps.stack.InstallStack;
import org.visomaster.launcher.steps.stack.StackTable;

/**
 * For the dry run: which version this host would get from what the clone already knows of the branch (no fetch; the
 * run fetches first, so a newer version may come in).
 */
final class PlanPreview {
    private PlanPreview() {
    }

    /** "; from what the clone knows of main (3.4.1, …), this host would get 2.1.2 (…) because …", or "". */
    static String known(StepContext ctx, Path src) {
        if (!InstallStack.fromCheckout(ctx.config())) {
            return "";
        }
        Optional<Git> opened;
        try {
            opened = GitOps.open(src);
        } catch (IOException e) {
            return "";
        }
        if (opened.isEmpty()) {
            return "";
        }
        try (Git git = opened.get()) {
            Optional<ResolvedRef> ref = ResolvedRef.resolve(git.getRepository(), ctx.config().ref());
            if (ref.isEmpty() || ref.get().kind() != ResolvedRef.Kind.BRANCH) {
                return "";
            }
            GpuFacts facts = GpuFactsProbe.probe(ctx.host());
            HistoryWalk.Pick pick = HistoryWalk.pick(git.getRepository(), ref.get().commit(), StackTable.bundled(),
                    facts);
            String host = HostChoice.hostText(facts);
            String tip = pick.tipStack().version().value() + " (" + ref.get().shortId() + ", "
                    + (pick.tipStack().known() ? pick.tipStack().entry().describe() : "unknown stack") + ")";
            String lead = "; the newest version of " + ref.get().name() + " the clone knows is " + tip + ": ";
            if (!pick.tipStack().known()) {
                return lead + pick.tipStack().problem();
            }
            if (pick.tipRuns()) {
                return lead + host + " runs it";
            }
            if (pick.chosen() == null) {
                return lead + host + " runs no version of it (" + pick.tipFit().why() + "); the upstream profile is"
                        + " the way out";
            }
            return lead + host + " cannot run it (" + pick.tipFit().why() + "), so it would get "
                    + pick.stack().version().value() + " (" + pick.chosen().abbreviate(7).name() + ", "
                    + pick.stack().entry().describe() + ")";
        } catch (IOException e) {
            return "; which version this host gets is decided after the fetch (" + e.getMessage() + ")";
        }
    }
}
