package org.visomaster.launcher.steps.stack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.visomaster.launcher.infra.metrics.GpuFacts;

/**
 * Finds the newest commit of a branch whose stack runs on this host. The stack changes only where the set of
 * {@code requirements*.txt} at the root changes, so the walk (newest first, through merged branches too: Fusion's
 * last CUDA 12.9 version, 2.1.2, lies on the side of the merge that brought 3.0.0) keeps only the commits whose set
 * differs from a parent's. It reads two root trees per commit and a checkout's few files per stack change, never a
 * work tree. The parent behind each change is the newest commit of the stack it held: the newest of those that runs
 * here wins. A stack the table does not know (or a checkout with several requirements files, as Fusion had before
 * 2025-10) is a floor: nothing older is offered.
 */
public final class HistoryWalk {
    private static final Pattern REQUIREMENTS = Pattern.compile("requirements.*\\.txt");

    /**
     * @param tip       the branch's newest commit and its stack
     * @param tipFit    whether the tip's stack runs here (null when its stack is unknown)
     * @param chosen    the commit to install (the tip when it runs here), or null when no version of the branch does
     * @param stack     the chosen commit's stack (null with {@code chosen})
     * @param examined  how many commits the walk looked at (for the log and the benchmark)
     * @param stackChanges how many commits behind a stack change it read
     * @param rejected  the newest commit of each older known stack that does not run here either, newest first
     */
    public record Pick(RevCommit tip, CheckoutStack tipStack, HostFit tipFit, RevCommit chosen, CheckoutStack stack,
                       int examined, int stackChanges, List<CheckoutStack> rejected) {
        public Pick {
            rejected = List.copyOf(rejected);
        }

        /** Older known stacks that do not run here either: "2.1.2 needs CUDA 12.9 (driver ≥ 575, …)". */
        public String olderText() {
            return String.join("; ", rejected.stream().map(s -> s.version().value() + " needs "
                    + s.entry().describe()).toList());
        }

        public boolean tipRuns() {
            return chosen != null && chosen.equals(tip);
        }
    }

    private HistoryWalk() {
    }

    public static Pick pick(Repository repo, ObjectId tipId, StackTable table, GpuFacts facts) throws IOException {
        GitVersions versions = GitVersions.of(repo);
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit tip = walk.parseCommit(tipId);
            CheckoutStack tipStack = read(repo, tip, table, versions);
            if (!tipStack.known()) {
                return new Pick(tip, tipStack, null, null, null, 1, 0, List.of());
            }
            HostFit tipFit = HostFit.check(tipStack.entry(), facts);
            if (tipFit.fits()) {
                return new Pick(tip, tipStack, tipFit, tip, tipStack, 1, 0, List.of());
            }
            RequirementsChanged filter = new RequirementsChanged(repo);
            walk.sort(RevSort.COMMIT_TIME_DESC);
            walk.setRevFilter(filter);
            walk.markStart(tip);
            RevCommit best = null;
            CheckoutStack bestStack = null;
            long floor = Long.MIN_VALUE;
            Set<ObjectId> seen = new HashSet<>();
            int changes = 0;
            Map<String, RevCommit> rejected = new java.util.LinkedHashMap<>();
            Map<String, CheckoutStack> rejectedStacks = new HashMap<>();
            for (RevCommit changed : walk) {
                long time = changed.getCommitTime();
                if (time < floor || best != null && time <= best.getCommitTime()) {
                    break;
                }
                for (RevCommit before : filter.changedParents(changed)) {
                    if (!seen.add(before.copy()) || before.getCommitTime() < floor
                            || best != null && before.getCommitTime() <= best.getCommitTime()) {
                        continue;
                    }
                    changes++;
                    CheckoutStack stack = read(repo, before, table, versions);
                    if (!stack.known()) {
                        floor = Math.max(floor, before.getCommitTime());
                    } else if (HostFit.check(stack.entry(), facts).fits()) {
                        best = before;
                        bestStack = stack;
                    } else if (!stack.key().equals(tipStack.key()) && (rejected.get(stack.key()) == null
                            || rejected.get(stack.key()).getCommitTime() < before.getCommitTime())) {
                        rejected.put(stack.key(), before);
                        rejectedStacks.put(stack.key(), stack);
                    }
                }
            }
            return new Pick(tip, tipStack, tipFit, best, bestStack, filter.examined, changes,
                    rejected.keySet().stream().map(rejectedStacks::get).toList());
        }
    }

    static CheckoutStack read(Repository repo, RevCommit commit, StackTable table, GitVersions versions)
            throws IOException {
        return CheckoutStack.read(CheckoutFiles.of(repo, commit), table, versions.of(commit));
    }

    /** Keeps the commits whose set of root {@code requirements*.txt} names differs from a parent's. */
    private static final class RequirementsChanged extends RevFilter {
        private final Repository repo;
        private final Map<ObjectId, Set<String>> names = new HashMap<>();
        int examined;

        RequirementsChanged(Repository repo) {
            this.repo = repo;
        }

        @Override
        public boolean include(RevWalk walker, RevCommit c) throws IOException {
            examined++;
            if (c.getParentCount() == 0) {
                return true;
            }
            return !changedParents(c).isEmpty();
        }

        /** The parents whose set of requirements files differs from the commit's (a missing one is skipped). */
        List<RevCommit> changedParents(RevCommit c) throws IOException {
            List<RevCommit> out = new ArrayList<>();
            Set<String> mine = requirementsOf(c);
            for (RevCommit parent : c.getParents()) {
                try (RevWalk plain = new RevWalk(repo)) {
                    RevCommit p = plain.parseCommit(parent);
                    if (!requirementsOf(p).equals(mine)) {
                        out.add(p);
                    }
                } catch (MissingObjectException shallow) {
                    // a shallow clone's boundary: nothing behind it to offer
                }
            }
            return out;
        }

        private Set<String> requirementsOf(RevCommit c) throws IOException {
            Set<String> known = names.get(c);
            if (known != null) {
                return known;
            }
            Set<String> found = new TreeSet<>();
            try (TreeWalk tw = new TreeWalk(repo)) {
                tw.addTree(c.getTree());
                tw.setRecursive(false);
                while (tw.next()) {
                    if (!tw.isSubtree() && REQUIREMENTS.matcher(tw.getNameString()).matches()) {
                        found.add(tw.getNameString());
                    }
                }
            }
            names.put(c.copy(), found);
            return found;
        }

        @Override
        public RevFilter clone() {
            return new RequirementsChanged(repo);
        }

        @Override
        public boolean requiresCommitBody() {
            return false;
        }
    }
}
