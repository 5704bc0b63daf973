package org.visomaster.launcher.steps.stack;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/** The version a commit is known by when it has no version.json: a tag on it, else its short id. */
final class GitVersions {
    private final Map<ObjectId, String> tags = new HashMap<>();

    private GitVersions(Repository repo) throws IOException {
        for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
            Ref peeled = repo.getRefDatabase().peel(ref);
            ObjectId commit = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : ref.getObjectId();
            if (commit != null) {
                tags.putIfAbsent(commit, ref.getName().substring(Constants.R_TAGS.length()));
            }
        }
    }

    public static GitVersions of(Repository repo) throws IOException {
        return new GitVersions(repo);
    }

    public Sourced of(ObjectId commit) {
        String tag = tags.get(commit);
        return tag != null ? new Sourced(tag, "the tag on commit " + commit.abbreviate(7).name())
                : new Sourced(commit.abbreviate(7).name(), "the short commit id (no version.json, no tag)");
    }
}
