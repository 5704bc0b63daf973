package org.visomaster.launcher.steps.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;

/** Small JGit operations shared by the clone and the update paths. */
final class GitOps {
    static {
        SystemGitConfig.pin(); // before JGit reads any config: no git child sees the launcher's secrets
    }

    private static final Logger LOG = LoggerFactory.getLogger(GitOps.class);
    static final int NETWORK_TIMEOUT_SECONDS = 120;

    private GitOps() {
    }

    /** Opens {@code dir} as a work tree with its own {@code .git}; empty when it is not one (never looks upward). */
    static Optional<Git> open(Path dir) throws IOException {
        if (!Files.exists(dir.resolve(".git"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Git.open(dir.toFile()));
        } catch (RepositoryNotFoundException e) {
            LOG.debug("{} has a .git but no repository", dir, e);
            return Optional.empty();
        }
    }

    /**
     * The URL as the clone's .git/config keeps it: without user info, which holds a password or, alone, often a
     * token ({@code https://ghp_…@github.com}).
     */
    static URIish withoutCredentials(URIish url) {
        return url.getUser() == null ? url : url.setUser(null).setPass(null);
    }

    /** The user info of the configured URL, for the fetch: .git/config does not keep it. */
    static CredentialsProvider credentials(String url) {
        try {
            URIish u = new URIish(url);
            return u.getUser() == null ? null
                    : new UsernamePasswordCredentialsProvider(u.getUser(), u.getPass() == null ? "" : u.getPass());
        } catch (java.net.URISyntaxException e) {
            return null; // not a URL JGit reads; the fetch says so
        }
    }

    static String originUrl(Git git) {
        return git.getRepository().getConfig().getString("remote", "origin", "url");
    }

    /** Fetches all branches and tags of origin. A transport problem becomes the "could not reach" sentence. */
    static void fetch(Git git, StepContext ctx, String url)
            throws StepFailedException, Cancellation.CancelledException {
        ctx.log("Fetching " + url + " …");
        try {
            git.fetch().setRemote("origin").setCredentialsProvider(credentials(url))
                    .setTagOpt(TagOpt.FETCH_TAGS).setRemoveDeletedRefs(true)
                    .setProgressMonitor(new GitProgress(ctx)).setTimeout(NETWORK_TIMEOUT_SECONDS).call();
        } catch (GitAPIException | JGitInternalException e) {
            ctx.cancellation().throwIfCancelled();
            throw new StepFailedException(GitFailures.unreachable(url, e), List.of(), e);
        }
        ctx.cancellation().throwIfCancelled();
    }

    static ResolvedRef resolveOrFail(Git git, String ref, String url) throws StepFailedException, IOException {
        Optional<ResolvedRef> r;
        try {
            r = ResolvedRef.resolve(git.getRepository(), ref);
        } catch (IOException e) {
            throw new StepFailedException("The ref \"" + ref + "\" cannot be used: " + e.getMessage()
                    + ". Set VISO_REF (or \"ref\" in launcher.json) to a branch, tag or full commit id.");
        }
        return r.orElseThrow(() -> new StepFailedException("The ref \"" + ref + "\" is not a branch, tag or commit of "
                + url + ". Set VISO_REF (or \"ref\" in launcher.json) to one that exists."));
    }
}
