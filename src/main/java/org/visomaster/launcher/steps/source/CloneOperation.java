package org.visomaster.launcher.steps.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.CreateBranchCommand.SetupUpstreamMode;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FileUtils;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.infra.util.AtomicFiles;
import org.visomaster.launcher.infra.util.MoveAside;

/**
 * A fresh clone that is never half-visible: it is made in {@code .VisoMaster.cloning-<stamp>} beside the final folder
 * (init, fetch, check out) and renamed into place only when complete. A temporary folder left by a killed run is
 * reused when it belongs to the same remote (the fetch simply runs again), else moved aside.
 */
final class CloneOperation {
    static final String TEMP_PREFIX = ".VisoMaster.cloning-";

    private CloneOperation() {
    }

    /** Marks a clone the launcher made (git config visomaster-launcher.managed): only those are ever updated. */
    static final String MARK_SECTION = "visomaster-launcher";
    static final String MARK_KEY = "managed";

    static HostChoice cloneInto(StepContext ctx, Path finalDir)
            throws StepFailedException, Cancellation.CancelledException, IOException {
        String url = ctx.config().repoUrl();
        String ref = ctx.config().ref();
        Path tmp = reuseOrCreateTemp(ctx, finalDir.getParent(), url);
        boolean fresh = !Files.exists(tmp);
        HostChoice target;
        try (Git git = openOrInit(tmp, url)) {
            try {
                GitOps.fetch(git, ctx, url);
            } catch (StepFailedException e) {
                if (fresh && !ctx.cancellation().isCancelled()) {
                    // the empty repository this run just made holds nothing; do not leave it behind
                    git.close();
                    FileUtils.delete(tmp.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
                }
                throw e;
            }
            target = HostChoice.decide(ctx, git.getRepository(), GitOps.resolveOrFail(git, ref, url));
            checkOut(git, target.target());
        } catch (GitAPIException e) {
            ctx.cancellation().throwIfCancelled();
            throw new StepFailedException("Checking out " + ref + " failed: " + GitFailures.reason(url, e)
                    + ". Run again; if it persists, move " + tmp + " away.", List.of(), e);
        }
        ctx.cancellation().throwIfCancelled();
        AtomicFiles.moveAtomically(tmp, finalDir);
        return target;
    }

    private static Path reuseOrCreateTemp(StepContext ctx, Path root, String url) throws IOException {
        Files.createDirectories(root);
        Path reuse = null;
        for (Path stale : staleTemps(root)) {
            Optional<Git> git = GitOps.open(stale);
            boolean same = false;
            if (git.isPresent()) {
                try (Git g = git.get()) {
                    same = RemoteUrls.same(GitOps.originUrl(g), url);
                }
            }
            if (same && reuse == null) {
                ctx.log("Resuming the unfinished clone in " + stale.getFileName());
                reuse = stale;
            } else {
                Path moved = MoveAside.move(stale, "moved", "VisoMaster");
                ctx.warn("An unfinished clone from an earlier run (" + stale.getFileName()
                        + ") was moved to " + moved + "; nothing in it is used.");
            }
        }
        return reuse != null ? reuse : root.resolve(TEMP_PREFIX + MoveAside.stamp());
    }

    private static List<Path> staleTemps(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).sorted().toList());
        }
    }

    private static Git openOrInit(Path dir, String url) throws IOException, GitAPIException {
        Optional<Git> existing = GitOps.open(dir);
        if (existing.isPresent()) {
            return existing.get();
        }
        Git git = Git.init().setDirectory(dir.toFile()).call();
        try {
            StoredConfig config = git.getRepository().getConfig();
            RemoteConfig origin = new RemoteConfig(config, "origin");
            origin.addURI(GitOps.withoutCredentials(new URIish(url))); // they stay in launcher.json only
            origin.addFetchRefSpec(new RefSpec("+refs/heads/*:refs/remotes/origin/*"));
            origin.update(config);
            config.setBoolean(MARK_SECTION, null, MARK_KEY, true);
            config.save();
        } catch (java.net.URISyntaxException e) {
            git.close();
            throw new IOException("\"" + url + "\" is not a git URL", e);
        }
        return git;
    }

    /** Detached at the target first (works from an unborn or half checked-out HEAD), then onto the branch. */
    private static void checkOut(Git git, ResolvedRef target) throws GitAPIException {
        git.checkout().setName(target.commit().name()).setForced(true).call();
        if (target.kind() == ResolvedRef.Kind.BRANCH) {
            git.branchCreate().setName(target.name()).setForce(true)
                    .setStartPoint("refs/remotes/origin/" + target.name())
                    .setUpstreamMode(SetupUpstreamMode.TRACK).call();
            git.checkout().setName(target.name()).call();
        }
    }
}
