package org.visomaster.launcher.steps.source;

import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the configured ref names in a local clone (after a fetch, or without network for isDone): a branch of
 * origin, a tag, or a (possibly abbreviated) commit id; branches win over tags like in {@code git checkout}.
 */
record ResolvedRef(Kind kind, String name, ObjectId commit) {
    private static final Logger LOG = LoggerFactory.getLogger(ResolvedRef.class);

    enum Kind { BRANCH, TAG, COMMIT }

    static Optional<ResolvedRef> resolve(Repository repo, String ref) throws IOException {
        String name = ref.trim();
        boolean onlyTag = name.startsWith("refs/tags/");
        boolean onlyBranch = name.startsWith("refs/heads/");
        name = name.replaceFirst("^refs/(heads|tags)/", "");
        if (!onlyTag) {
            Ref branch = repo.exactRef("refs/remotes/origin/" + name);
            if (branch != null && branch.getObjectId() != null) {
                return Optional.of(new ResolvedRef(Kind.BRANCH, name, branch.getObjectId()));
            }
        }
        if (!onlyBranch) {
            Ref tag = repo.exactRef("refs/tags/" + name);
            if (tag != null) {
                ObjectId commit = repo.resolve("refs/tags/" + name + "^{commit}");
                if (commit != null) {
                    return Optional.of(new ResolvedRef(Kind.TAG, name, commit));
                }
            }
        }
        if (!onlyTag && !onlyBranch && name.matches("[0-9a-fA-F]{4,40}")) {
            try {
                ObjectId commit = repo.resolve(name + "^{commit}");
                if (commit != null) {
                    return Optional.of(new ResolvedRef(Kind.COMMIT, name, commit));
                }
            } catch (AmbiguousObjectException e) {
                throw new IOException("the abbreviated commit " + name + " matches several objects; use more digits", e);
            } catch (MissingObjectException | IncorrectObjectTypeException | RevisionSyntaxException e) {
                LOG.debug("{} is not a commit of this repository", name, e);
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    String shortId() {
        return commit.abbreviate(7).name();
    }
}
