package org.visomaster.launcher.steps.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The few files of a checkout the stack is read from: a folder on disk, or a commit's tree read straight from the git
 * objects (the history walk reads old commits without checking them out).
 */
interface CheckoutFiles {
    /** Files larger than this are not read (a README is a few tens of KiB). */
    long MAX_BYTES = 1 << 20;

    /** The text of the file at this path relative to the root, or empty. */
    Optional<String> read(String path) throws IOException;

    /** The names of the plain files at the root. */
    List<String> rootFiles() throws IOException;

    /** The names of the plain files in a folder below the root (empty when absent). */
    List<String> files(String folder) throws IOException;

    static CheckoutFiles of(Path dir) {
        return new CheckoutFiles() {
            @Override
            public Optional<String> read(String path) throws IOException {
                Path f = dir.resolve(path);
                if (!Files.isRegularFile(f) || Files.size(f) > MAX_BYTES) {
                    return Optional.empty();
                }
                return Optional.of(Files.readString(f, StandardCharsets.UTF_8));
            }

            @Override
            public List<String> rootFiles() throws IOException {
                return files("");
            }

            @Override
            public List<String> files(String folder) throws IOException {
                Path d = folder.isEmpty() ? dir : dir.resolve(folder);
                if (!Files.isDirectory(d)) {
                    return List.of();
                }
                try (Stream<Path> s = Files.list(d)) {
                    return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
                }
            }
        };
    }

    static CheckoutFiles of(Repository repo, RevCommit commit) {
        return new CheckoutFiles() {
            @Override
            public Optional<String> read(String path) throws IOException {
                try (TreeWalk walk = TreeWalk.forPath(repo, path, commit.getTree())) {
                    if (walk == null || walk.isSubtree()) {
                        return Optional.empty();
                    }
                    ObjectLoader loader = repo.open(walk.getObjectId(0));
                    if (loader.getSize() > MAX_BYTES) {
                        return Optional.empty();
                    }
                    return Optional.of(new String(loader.getBytes(), StandardCharsets.UTF_8));
                }
            }

            @Override
            public List<String> rootFiles() throws IOException {
                return list(commit.getTree());
            }

            @Override
            public List<String> files(String folder) throws IOException {
                try (TreeWalk walk = TreeWalk.forPath(repo, folder, commit.getTree())) {
                    return walk == null || !walk.isSubtree() ? List.of() : list(walk.getObjectId(0));
                }
            }

            private List<String> list(ObjectId tree) throws IOException {
                List<String> out = new ArrayList<>();
                try (TreeWalk walk = new TreeWalk(repo)) {
                    walk.addTree(tree);
                    walk.setRecursive(false);
                    while (walk.next()) {
                        if (!walk.isSubtree()) {
                            out.add(walk.getNameString());
                        }
                    }
                }
                return out;
            }
        };
    }
}
