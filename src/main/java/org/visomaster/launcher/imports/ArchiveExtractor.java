package org.visomaster.launcher.imports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.visomaster.launcher.infra.util.Units;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.imports.ArchiveEntry.Type;

/**
 * Extracts zip and tar archives safely: everything is first unpacked into a hidden staging folder inside the
 * target and checked (no "..", no absolute paths, no writes through links, no devices or fifos, at most
 * {@link DecompressionLimits#MAX_ENTRIES} entries, the total fitting the free space less its reserve); then, under the
 * workspace's placement lock, every link of the target as it will be after the merge, earlier imports' links
 * included, must still lead inside it ({@link MergedLinks}); only then are the entries moved into place. A refused
 * archive leaves nothing behind. Files that differ from ones already there replace them, and the old ones are
 * kept as {@code .bak-<timestamp>}. Modes are normalised: folders and files with an executable bit get 0755, other
 * files 0644 (no setuid, setgid, sticky or group/world-writable bit survives). The archives themselves are read
 * by commons-compress ({@link ZipEntries}, {@link TarEntries}), xz and bzip2 included.
 */
public final class ArchiveExtractor {
    /** The staging folders' name prefix; they live inside the target and are never part of the merged tree. */
    static final String STAGING_PREFIX = ".extract-";
    private final FreeSpace freeSpace;
    private final Placement placement;

    /** What an extraction did. */
    public record Extraction(int files, int directories, int links, long bytes, int unchanged, List<Path> backups) {
        public Extraction {
            backups = List.copyOf(backups);
        }
    }

    public ArchiveExtractor(Workspace ws, FreeSpace freeSpace) {
        this.freeSpace = freeSpace;
        this.placement = new Placement(ws);
    }


    /**
     * Extracts {@code archive} into {@code targetDir}. {@code displayName} is the name the user knows it by (its
     * suffix decides the format). A refusal leaves {@code targetDir} as it was.
     */
    public Extraction extract(Path archive, String displayName, Path targetDir) throws RefusedException, IOException {
        ArchiveFormat format = ArchiveFormat.of(displayName);
        if (format == null) {
            throw new RefusedException(displayName + " is not a zip, tar, tar.gz, tar.xz or tar.bz2 archive.");
        }
        Files.createDirectories(targetDir);
        Path staging = Files.createTempDirectory(targetDir, STAGING_PREFIX);
        try {
            long budget = freeSpace.budget(targetDir);
            ExtractionTree tree = new ExtractionTree(staging, displayName);
            try (ArchiveReader reader = open(format, archive, displayName)) {
                long declared = reader.declaredTotalSize();
                if (declared > budget) {
                    throw tooBig(displayName, declared, budget);
                }
                if (reader.declaredEntries() > DecompressionLimits.MAX_ENTRIES) {
                    throw tooMany(displayName); // a zip says so up front: refused before anything is unpacked
                }
                long written = 0;
                int entries = 0;
                for (ArchiveEntry e = reader.next(); e != null; e = reader.next()) {
                    if (++entries > DecompressionLimits.MAX_ENTRIES) {
                        throw tooMany(displayName);
                    }
                    long bytes = switch (e.type()) {
                        case FILE -> e.size();
                        case HARDLINK -> tree.sizeOf(e.linkTarget());
                        case SYMLINK -> e.linkTarget() == null ? 0
                                : e.linkTarget().getBytes(StandardCharsets.UTF_8).length;
                        case DIRECTORY, SPECIAL -> 0;
                    };
                    written += bytes;
                    if (written > budget) {
                        throw tooBig(displayName, written, budget);
                    }
                    tree.add(e, e.type() == Type.FILE ? reader.content() : null);
                }
            } catch (InvalidPathException e) {
                throw new RefusedException(displayName + " has a name this system cannot store (" + e.getInput()
                        + "); start the launcher with LANG=C.UTF-8 or rename the entries.");
            } catch (IOException e) {
                throw new RefusedException(displayName + " could not be extracted (" + DecompressionLimits.reason(e)
                        + "); check that the archive is complete and the disk has space, then drop it again.", e);
            }
            if (tree.files() + tree.links() + tree.directories() == 0) {
                throw new RefusedException(displayName + " has nothing in it; check that you dropped the right archive.");
            }
            tree.checkLinksStayInside();
            try (AutoCloseable lock = placement.lock()) {
                new MergedLinks(targetDir, staging, displayName).check(tree.stagedLinks());
                return merge(staging, targetDir, tree);
            } catch (IOException | RefusedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        } finally {
            ExtractionTree.deleteOwnTree(staging);
        }
    }

    private static ArchiveReader open(ArchiveFormat format, Path archive, String name)
            throws IOException, RefusedException {
        return format == ArchiveFormat.ZIP ? ZipEntries.open(archive, name) : TarEntries.open(archive, format, name);
    }

    private RefusedException tooBig(String name, long needed, long free) {
        long reserve = freeSpace.reserveBytes();
        return new RefusedException(name + " unpacks to at least " + Units.bytes(needed) + " but only "
                + Units.bytes(free) + " is free on the workspace disk" + (reserve > 0 ? " beyond the "
                + Units.bytes(reserve) + " the launcher keeps for its state and logs" : "")
                + "; free some space and drop it again.");
    }

    private static RefusedException tooMany(String name) {
        return new RefusedException(name + " was not extracted because it has more than "
                + String.format(java.util.Locale.ROOT, "%,d", DecompressionLimits.MAX_ENTRIES) + " entries, the most"
                + " the launcher extracts from one archive; nothing was written. Split it into several archives.");
    }

    /** Moves the checked staging tree into the target, keeping differing existing files as backups. */
    private Extraction merge(Path staging, Path target, ExtractionTree tree) throws IOException {
        int unchanged = 0;
        List<Path> backups = new ArrayList<>();
        for (Path rel : tree.createdInOrder()) {
            Path from = staging.resolve(rel);
            Path to = target.resolve(rel);
            if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.exists(to, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
                    backups.add(Placement.keepAside(to));
                }
                if (!Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(to);
                    Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
                }
                continue;
            }
            if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
                continue; // replaced by a later entry of the same name, already moved
            }
            Placement.Outcome o = placement.place(from, to);
            if (o.result() == Placement.Result.UNCHANGED) {
                unchanged++;
            } else if (o.backup() != null) {
                backups.add(o.backup());
            }
        }
        return new Extraction(tree.files(), tree.directories(), tree.links(), tree.bytes(), unchanged, backups);
    }
}
