package org.visomaster.launcher.steps.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.CreateBranchCommand.SetupUpstreamMode;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand.FastForwardMode;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.errors.CheckoutConflictException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.infra.util.MoveAside;

/**
 * Brings an existing clone of the configured remote to the ref: fetch, then fast-forward a branch or check out a
 * tag/commit. Local modifications of tracked files are stashed first (untracked files such as downloaded models
 * are left where they are); a branch that cannot be fast-forwarded is left untouched.
 */
final class UpdateOperation {
    /** What happened, for the step's outcome and state. {@code warning} is null when all went as asked. */
    record Result(ResolvedRef target, ObjectId head, String note, String warning, HostChoice choice) {
        Result(ResolvedRef target, ObjectId head, String note, String warning) {
            this(target, head, note, warning, null);
        }
    }

    private UpdateOperation() {
    }

    static Result update(StepContext ctx, Git git, Path dir)
            throws StepFailedException, Cancellation.CancelledException, IOException {
        String url = ctx.config().repoUrl();
        Repository repo = git.getRepository();
        Optional<HostChoice> pinned = HostChoice.pinned(ctx, repo);
        if (pinned.isEmpty()) {
            GitOps.fetch(git, ctx, url);
        }
        HostChoice choice = pinned.isPresent() ? pinned.get()
                : HostChoice.decide(ctx, repo, GitOps.resolveOrFail(git, ctx.config().ref(), url));
        ResolvedRef target = choice.target();
        ObjectId head = repo.resolve(Constants.HEAD);
        try {
            if (target.kind() == ResolvedRef.Kind.BRANCH) {
                Result r = updateBranch(ctx, git, dir, target, head);
                return new Result(r.target(), r.head(), r.note(), r.warning(), choice);
            }
            if (target.commit().equals(head)) {
                return new Result(target, head, "already at " + describe(target), null, choice);
            }
            String stash = stashIfDirty(ctx, git, dir, target);
            git.checkout().setName(target.commit().name()).call();
            return new Result(target, repo.resolve(Constants.HEAD), "checked out " + describe(target), stash, choice);
        } catch (CheckoutConflictException e) {
            throw new StepFailedException("Could not move " + dir + " to " + ctx.config().ref()
                    + ": files in the way would be overwritten (" + String.join(", ", e.getConflictingPaths())
                    + "); move them out of the folder and run again.", List.of(), e);
        } catch (GitAPIException e) {
            throw new StepFailedException("Could not move " + dir + " to " + ctx.config().ref() + ": "
                    + GitFailures.reason(url, e) + ". The folder was left as it is; run again or use Repair.",
                    List.of(), e);
        }
    }

    private static Result updateBranch(StepContext ctx, Git git, Path dir, ResolvedRef target, ObjectId head)
            throws IOException, GitAPIException {
        Repository repo = git.getRepository();
        String branch = target.name();
        String localName = Constants.R_HEADS + branch;
        Ref local = repo.exactRef(localName);
        boolean onBranch = localName.equals(repo.getFullBranch());
        ObjectId localTip = local == null ? null : local.getObjectId();
        if (onBranch && target.commit().equals(head)) {
            return new Result(target, head, "already at the tip of " + branch + " (" + target.shortId() + ")", null);
        }
        if (localTip != null && !isAncestor(repo, localTip, target.commit())) {
            String why = isAncestor(repo, target.commit(), localTip)
                    ? "it has local commits that are not on origin"
                    : "it has diverged from origin/" + branch;
            String warning = "The branch " + branch + " in " + dir + " was not updated because " + why
                    + "; the folder was left untouched (merge or reset it yourself, or point VISO_REF elsewhere).";
            ctx.warn(warning);
            return new Result(target, head, "left " + branch + " as it is", warning);
        }
        String stash = stashIfDirty(ctx, git, dir, target);
        if (local == null) {
            git.checkout().setCreateBranch(true).setName(branch).setStartPoint(Constants.R_REMOTES + "origin/" + branch)
                    .setUpstreamMode(SetupUpstreamMode.TRACK).call();
        } else {
            if (!onBranch) {
                git.checkout().setName(branch).call();
            }
            MergeResult merged = git.merge().include(target.commit()).setFastForward(FastForwardMode.FF_ONLY)
                    .setCommit(true).call();
            if (!merged.getMergeStatus().isSuccessful()) {
                throw new IOException("the fast-forward was refused (" + merged.getMergeStatus() + ")");
            }
        }
        return new Result(target, repo.resolve(Constants.HEAD), "fast-forwarded " + branch + " to "
                + target.shortId(), stash);
    }

    /** Stashes modified tracked files; returns the sentence telling the user, or null when the tree was clean. */
    private static String stashIfDirty(StepContext ctx, Git git, Path dir, ResolvedRef target)
            throws GitAPIException {
        if (!git.status().call().hasUncommittedChanges()) {
            return null;
        }
        String message = "visomaster-launcher: local changes saved before moving to " + target.name() + " ("
                + MoveAside.stamp() + " UTC)";
        PersonIdent who = new PersonIdent("VisoMaster Launcher", "launcher@localhost");
        RevCommit stash = git.stashCreate().setPerson(who).setIncludeUntracked(false)
                .setWorkingDirectoryMessage(message).setIndexMessage(message).call();
        if (stash == null) {
            return null;
        }
        String warning = "Your local changes in " + dir + " were saved as git stash stash@{0} (\"" + message
                + "\", " + stash.abbreviate(7).name() + ") before moving to " + target.name()
                + "; get them back with: git -C " + dir + " stash pop";
        ctx.warn(warning);
        return warning;
    }

    static boolean isAncestor(Repository repo, ObjectId ancestor, ObjectId descendant) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(descendant));
        }
    }

    static String describe(ResolvedRef r) {
        if (r.kind() == ResolvedRef.Kind.COMMIT && r.name().length() == 40) {
            return "commit " + r.shortId();
        }
        return r.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + r.name() + " (" + r.shortId() + ")";
    }
}
