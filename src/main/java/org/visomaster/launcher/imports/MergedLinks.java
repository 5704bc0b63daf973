package org.visomaster.launcher.imports;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Checks the symlinks of {@code dependencies/} as they will be once a staged archive is merged in: the new links, and
 * the links earlier imports left there, each resolved the way the kernel would, through the merged tree. Checking an
 * archive on its own is not enough: {@code s -> .} in one archive and {@code t -> s/..} in the next are each harmless
 * alone, together {@code t} is the folder above. A link leaves the tree when a {@code ..} climbs above its root or a
 * link it passes through is absolute. An existing link that already led outside (one the user made) is left alone;
 * one that only the new archive would make leave is refused. Call with the placement lock held.
 */
final class MergedLinks {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    /** Linux gives up a lookup after 40 links (ELOOP); such a link leads nowhere. */
    private static final int MAX_HOPS = 40;

    private final Path target;
    private final Path staging;
    private final String archiveName;

    MergedLinks(Path target, Path staging, String archiveName) {
        this.target = target;
        this.staging = staging;
        this.archiveName = archiveName;
    }

    /** {@code stagedLinks}: the archive's symlinks, relative to the staging root. */
    void check(List<Path> stagedLinks) throws IOException, RefusedException {
        for (Path rel : stagedLinks) {
            if (leaves(rel, true)) {
                throw refuse("has a symlink " + rel + " that would lead outside " + target.getFileName()
                        + "/ through links already there");
            }
        }
        for (Path rel : existingLinks()) {
            if (!shadowed(rel) && leaves(rel, true) && !leaves(rel, false)) {
                throw refuse("would make the link " + rel + " that is already in " + target.getFileName()
                        + "/ lead outside it");
            }
        }
    }

    /** Whether the link at {@code rel} resolves outside the root, in the merged tree or in the target alone. */
    boolean leaves(Path rel, boolean merged) throws IOException {
        Path link = merged && Files.exists(staging.resolve(rel), NOFOLLOW) ? staging.resolve(rel) : target.resolve(rel);
        List<String> dir = names(rel.getParent());
        Deque<String> todo = new ArrayDeque<>();
        if (push(todo, Files.readSymbolicLink(link))) {
            return true;
        }
        int hops = 1;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (dir.isEmpty()) {
                    return true;
                }
                dir.remove(dir.size() - 1);
                continue;
            }
            Path node = lookup(dir, c, merged);
            if (node == null || !(Files.isSymbolicLink(node) || Files.isDirectory(node, NOFOLLOW))) {
                return false; // missing, or a file with more to come: the lookup ends here, inside
            }
            if (Files.isDirectory(node, NOFOLLOW)) {
                dir.add(c);
            } else if (++hops > MAX_HOPS || push(todo, Files.readSymbolicLink(node))) {
                return hops <= MAX_HOPS;
            }
        }
        return false;
    }

    /** Puts a link's target in front of what is left to resolve; true when it is absolute (it leaves the tree). */
    private static boolean push(Deque<String> todo, Path linkTarget) {
        if (linkTarget.isAbsolute()) {
            return true;
        }
        List<String> parts = names(linkTarget);
        for (int i = parts.size() - 1; i >= 0; i--) {
            todo.addFirst(parts.get(i));
        }
        return false;
    }

    /** The entry called {@code name} in the folder {@code dir} (a real folder in the merged view), or null. */
    private Path lookup(List<String> dir, String name, boolean merged) {
        List<String> child = new ArrayList<>(dir);
        child.add(name);
        if (merged) {
            Path s = resolve(staging, child);
            if (Files.exists(s, NOFOLLOW)) {
                return s; // a staged entry replaces whatever the target has there
            }
        }
        if (!targetHoldsFolder(dir, merged)) {
            return null;
        }
        Path t = resolve(target, child);
        return Files.exists(t, NOFOLLOW) ? t : null;
    }

    /** Whether the target's own folder {@code dir} is part of the merged tree (no staged file or link replaces it). */
    private boolean targetHoldsFolder(List<String> dir, boolean merged) {
        for (int i = 1; i <= dir.size(); i++) {
            List<String> prefix = dir.subList(0, i);
            if (merged) {
                Path s = resolve(staging, prefix);
                if (Files.exists(s, NOFOLLOW) && !Files.isDirectory(s, NOFOLLOW)) {
                    return false;
                }
            }
            if (!Files.isDirectory(resolve(target, prefix), NOFOLLOW)) {
                return false;
            }
        }
        return true;
    }

    /** An existing link the merge replaces (the archive has an entry of that name) is not checked. */
    private boolean shadowed(Path rel) {
        List<String> parts = names(rel);
        for (int i = 1; i <= parts.size(); i++) {
            Path s = resolve(staging, parts.subList(0, i));
            if (Files.exists(s, NOFOLLOW) && (i == parts.size() || !Files.isDirectory(s, NOFOLLOW))) {
                return true;
            }
        }
        return false;
    }

    /** The symlinks in the target, relative to it; staging folders of extractions under way are not part of it. */
    private List<Path> existingLinks() throws IOException {
        List<Path> links = new ArrayList<>();
        if (!Files.isDirectory(target, NOFOLLOW)) {
            return links;
        }
        Files.walkFileTree(target, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                String name = String.valueOf(d.getFileName());
                return !d.equals(target) && name.startsWith(ArchiveExtractor.STAGING_PREFIX)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                if (attrs.isSymbolicLink()) {
                    links.add(target.relativize(f));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE; // unreadable: nothing of ours can pass through it either
            }
        });
        return links;
    }

    private static Path resolve(Path root, List<String> names) {
        return names.isEmpty() ? root : root.resolve(String.join("/", names));
    }

    private static List<String> names(Path p) {
        List<String> out = new ArrayList<>();
        if (p != null) {
            p.forEach(n -> out.add(n.toString()));
        }
        return out;
    }

    private RefusedException refuse(String what) {
        return new RefusedException(archiveName + " was not extracted because it " + what
                + "; nothing was written. Use an archive built from a plain folder.");
    }
}
