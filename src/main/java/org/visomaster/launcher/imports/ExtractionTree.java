package org.visomaster.launcher.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.imports.ArchiveEntry.Type;

/**
 * The staging folder an archive is unpacked into, with the path rules every entry must pass. Nothing written here
 * can end up outside the staging root: names are checked before use, parents are never links, and symlinks are
 * checked twice (lexically when created, physically once the whole archive is in).
 */
final class ExtractionTree {
    private static final Logger LOG = LoggerFactory.getLogger(ExtractionTree.class);
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Path root;
    private final String archiveName;
    private final Set<Path> created = new LinkedHashSet<>();
    private final List<Path> symlinks = new ArrayList<>();
    private int files;
    private int directories;
    private int links;
    private long bytes;

    ExtractionTree(Path root, String archiveName) {
        this.root = root;
        this.archiveName = archiveName;
    }

    void add(ArchiveEntry e, InputStream content) throws IOException, RefusedException {
        if (e.type() == Type.SPECIAL) {
            throw refuse("contains " + e.name() + ", a device, fifo or other special file");
        }
        String rel = relative(e.name());
        if (rel == null) {
            return; // the archive's own root folder ("./")
        }
        Path dest = resolve(rel);
        makeParents(dest.getParent(), e.name());
        if (e.type() == Type.DIRECTORY) {
            if (Files.exists(dest, NOFOLLOW) && !Files.isDirectory(dest, NOFOLLOW)) {
                forget(dest);
                Files.delete(dest); // an earlier entry of ours with the same name: the later one wins, as in tar
            }
            if (!Files.exists(dest, NOFOLLOW)) {
                Files.createDirectory(dest);
                directories++;
            }
            Files.setPosixFilePermissions(dest, permissions(e.mode(), true));
            created.add(root.relativize(dest));
            return;
        }
        clearEarlier(dest, e.name());
        switch (e.type()) {
            case FILE -> {
                bytes += Files.copy(content, dest);
                Files.setPosixFilePermissions(dest, permissions(e.mode(), false));
                files++;
            }
            case SYMLINK -> {
                checkLinkTarget(rel, e.linkTarget(), e.name());
                Files.createSymbolicLink(dest, Path.of(e.linkTarget()));
                symlinks.add(dest);
                links++;
            }
            case HARDLINK -> {
                Path source = regularFileInside(e.linkTarget(), e.name());
                Files.copy(source, dest);
                bytes += Files.size(dest);
                Files.setPosixFilePermissions(dest, Files.getPosixFilePermissions(source));
                files++;
            }
            default -> throw new IllegalStateException();
        }
        created.add(root.relativize(dest));
    }

    /** Size of a hardlink's source, for the free-space budget; 0 when it is not (yet) there. */
    long sizeOf(String archivePath) {
        try {
            String rel = relative(archivePath);
            Path p = rel == null ? null : resolve(rel);
            return p != null && Files.isRegularFile(p, NOFOLLOW) ? Files.size(p) : 0;
        } catch (IOException | RefusedException e) {
            LOG.debug("no size for hard-link source {} (the entry itself will say why)", archivePath, e);
            return 0;
        }
    }

    /** Every symlink, resolved on disk through all the others, must land inside the staging root. */
    void checkLinksStayInside() throws IOException, RefusedException {
        Path realRoot = root.toRealPath();
        for (Path link : symlinks) {
            Path target = link.getParent().resolve(Files.readSymbolicLink(link));
            Path existing = target;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            Path physical;
            try {
                physical = existing == null ? target : existing.toRealPath().resolve(existing.relativize(target));
            } catch (IOException e) {
                LOG.debug("resolving {} failed", link, e);
                throw refuse("has a symlink loop at " + root.relativize(link));
            }
            if (!physical.normalize().startsWith(realRoot)) {
                throw refuse("has a symlink " + root.relativize(link) + " that leads outside the folder it is extracted into");
            }
        }
    }

    /** The archive's symlinks, relative to the staging root. */
    List<Path> stagedLinks() {
        return symlinks.stream().map(root::relativize).toList();
    }

    List<Path> createdInOrder() {
        return new ArrayList<>(created);
    }

    int files() {
        return files;
    }

    int directories() {
        return directories;
    }

    int links() {
        return links;
    }

    long bytes() {
        return bytes;
    }

    /** The entry's path with "." segments removed, or null for the root; refuses absolute paths and "..". */
    private String relative(String name) throws RefusedException {
        if (name == null || name.indexOf('\0') >= 0) {
            throw refuse("has an entry with an invalid name");
        }
        if (name.startsWith("/")) {
            throw refuse("has an entry with an absolute path (" + name + ")");
        }
        List<String> parts = new ArrayList<>();
        for (String s : name.split("/")) {
            if (s.equals("..")) {
                throw refuse("has an entry that climbs out with \"..\" (" + name + ")");
            }
            if (!s.isEmpty() && !s.equals(".")) {
                parts.add(s);
            }
        }
        if (!parts.isEmpty() && parts.get(0).startsWith(ArchiveExtractor.STAGING_PREFIX)) {
            // the name of our staging folders, which the link check across imports does not look into
            throw refuse("has an entry " + name + " named like the launcher's own staging folders ("
                    + ArchiveExtractor.STAGING_PREFIX + "…)");
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }

    private Path resolve(String rel) {
        try {
            return root.resolve(rel);
        } catch (InvalidPathException e) {
            return root.resolve(SafeNames.creatable(root, rel)); // JVM without a UTF-8 file-name encoding
        }
    }

    /** Creates missing parent folders; an existing parent that is a link or a file is refused. */
    private void makeParents(Path dir, String name) throws IOException, RefusedException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw refuse("writes " + name + " through a link");
            }
            if (Files.exists(p, NOFOLLOW)) {
                if (!Files.isDirectory(p, NOFOLLOW)) {
                    throw refuse("has " + name + " inside something that is a file");
                }
                break;
            }
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            Files.setPosixFilePermissions(p, permissions(0, true));
            created.add(root.relativize(p));
            directories++;
        }
    }

    /** A later entry of the same name replaces the earlier one, as tar does; both are ours, in staging. */
    private void clearEarlier(Path dest, String name) throws IOException, RefusedException {
        if (Files.isDirectory(dest, NOFOLLOW)) {
            throw refuse("has a file " + name + " where it also has a folder");
        }
        forget(dest);
        Files.deleteIfExists(dest);
    }

    /** An earlier entry at {@code dest} is replaced: if it was a symlink, it is no longer one to check. */
    private void forget(Path dest) {
        if (Files.isSymbolicLink(dest) && symlinks.remove(dest)) {
            links--;
        }
    }

    private void checkLinkTarget(String rel, String target, String name) throws RefusedException {
        if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
            throw refuse("has a symlink " + name + " with an invalid target");
        }
        if (target.startsWith("/")) {
            throw refuse("has a symlink " + name + " pointing to an absolute path (" + target + ")");
        }
        Path parent = Path.of(rel).getParent();
        Path resolved = (parent == null ? Path.of(target) : parent.resolve(target)).normalize();
        if (resolved.startsWith("..")) {
            throw refuse("has a symlink " + name + " pointing outside the folder it is extracted into (" + target + ")");
        }
    }

    private Path regularFileInside(String archivePath, String name) throws IOException, RefusedException {
        String rel = archivePath == null ? null : relative(archivePath);
        Path source = rel == null ? null : resolve(rel);
        if (source == null || !Files.isRegularFile(source, NOFOLLOW)) {
            throw refuse("has a hard link " + name + " to " + archivePath + ", which is not a file earlier in the archive");
        }
        makeParents(source.getParent(), name); // refuses sources reached through links
        return source;
    }

    /**
     * 0755 for folders and for files with any executable bit, else 0644: nothing the archive says can make a file
     * setuid, setgid, sticky, or writable by others, nor unreadable or unreplaceable by the owner.
     */
    static Set<PosixFilePermission> permissions(int mode, boolean dir) {
        return PosixFilePermissions.fromString(dir || (mode & 0111) != 0 ? "rwxr-xr-x" : "rw-r--r--");
    }

    private RefusedException refuse(String what) {
        return new RefusedException(archiveName + " was not extracted because it " + what
                + "; nothing was written. Use an archive built from a plain folder.");
    }

    /** Deletes the staging folder we created; links inside are removed, never followed. */
    static void deleteOwnTree(Path dir) throws IOException {
        if (!Files.exists(dir, NOFOLLOW)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
