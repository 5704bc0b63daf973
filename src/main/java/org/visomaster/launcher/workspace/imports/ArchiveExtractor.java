package org.visomaster.launcher.workspace.imports;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.visomaster.launcher.util.ProgramLookup;
import org.visomaster.launcher.util.Units;
import org.visomaster.launcher.workspace.Workspace;
import org.visomaster.launcher.workspace.imports.ArchiveEntry.Type;

/**
 * Extracts zip and tar archives safely: everything is first unpacked into a hidden staging folder inside the
 * target and checked (no "..", no absolute paths, no links leaving the target, no writes through links, no
 * devices or fifos, the total fitting the free space); only then are the entries moved into place. A refused
 * archive leaves nothing behind. Files that differ from ones already there replace them, and the old ones are
 * kept as {@code .bak-<timestamp>}. Executable bits from tar modes and zip unix attributes are kept.
 */
public final class ArchiveExtractor {
    private final ProgramLookup host;
    private final FreeSpace freeSpace;
    private final Placement placement;

    /** What an extraction did. */
    public record Extraction(int files, int directories, int links, long bytes, int unchanged, List<Path> backups) {
        public Extraction {
            backups = List.copyOf(backups);
        }
    }

    public ArchiveExtractor(Workspace ws, ProgramLookup host, FreeSpace freeSpace) {
        this.host = host;
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
        Path staging = Files.createTempDirectory(targetDir, ".extract-");
        try {
            long budget = freeSpace.usableBytes(targetDir);
            ExtractionTree tree = new ExtractionTree(staging, displayName);
            try (ArchiveReader reader = open(format, archive, displayName)) {
                long declared = reader.declaredTotalSize();
                if (declared > budget) {
                    throw tooBig(displayName, declared, budget);
                }
                long written = 0;
                for (ArchiveEntry e = reader.next(); e != null; e = reader.next()) {
                    if (e.type() == Type.FILE || e.type() == Type.HARDLINK) {
                        written += e.type() == Type.FILE ? e.size() : tree.sizeOf(e.linkTarget());
                        if (written > budget) {
                            throw tooBig(displayName, written, budget);
                        }
                    }
                    tree.add(e, e.type() == Type.FILE ? reader.content() : null);
                }
            } catch (InvalidPathException e) {
                throw new RefusedException(displayName + " has a name this system cannot store (" + e.getInput()
                        + "); start the launcher with LANG=C.UTF-8 or rename the entries.");
            } catch (IOException e) {
                throw new RefusedException(displayName + " could not be extracted (" + e.getMessage()
                        + "); check that the archive is complete and the disk has space, then drop it again.");
            }
            if (tree.files() + tree.links() + tree.directories() == 0) {
                throw new RefusedException(displayName + " has nothing in it; check that you dropped the right archive.");
            }
            tree.checkLinksStayInside();
            try (AutoCloseable lock = placement.lock()) {
                return merge(staging, targetDir, tree);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        } finally {
            ExtractionTree.deleteOwnTree(staging);
        }
    }

    private ArchiveReader open(ArchiveFormat format, Path archive, String name) throws IOException, RefusedException {
        return switch (format) {
            case ZIP -> new ZipReader(archive, name);
            case TAR -> new TarReader(new BufferedInputStream(Files.newInputStream(archive), 1 << 16), name);
            case TAR_GZ -> new TarReader(new GZIPInputStream(Files.newInputStream(archive), 1 << 16), name);
            case TAR_XZ, TAR_BZ2 -> {
                Path tool = host.which(format.decompressor()).orElseThrow(() -> new RefusedException(
                        name + " cannot be extracted because the " + format.decompressor()
                                + " program is not installed; install it (apt-get install "
                                + (format == ArchiveFormat.TAR_XZ ? "xz-utils" : "bzip2")
                                + ") or repack the archive as .tar.gz or .zip."));
                yield new TarReader(new BufferedInputStream(new ExternalDecompressor(tool, archive), 1 << 16), name);
            }
        };
    }

    private static RefusedException tooBig(String name, long needed, long free) {
        return new RefusedException(name + " unpacks to at least " + Units.bytes(needed) + " but only "
                + Units.bytes(free) + " is free on the workspace disk; free some space and drop it again.");
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

    /** Runs {@code xz -dc} or {@code bzip2 -dc}, feeding the archive on stdin so odd file names never matter. */
    private static final class ExternalDecompressor extends InputStream {
        private final Process process;
        private final InputStream out;
        private final Thread feeder;

        ExternalDecompressor(Path tool, Path archive) throws IOException {
            process = new ProcessBuilder(tool.toString(), "-dc")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            out = process.getInputStream();
            InputStream source = Files.newInputStream(archive);
            feeder = new Thread(() -> {
                try (source; var stdin = process.getOutputStream()) {
                    source.transferTo(stdin);
                } catch (IOException ignored) {
                    // the reader stopped early (refusal) and the process is gone: nothing to do
                }
            }, "decompress-feeder");
            feeder.setDaemon(true);
            feeder.start();
        }

        @Override
        public int read() throws IOException {
            return out.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = out.read(b, off, len);
            if (n < 0) {
                try {
                    if (process.waitFor() != 0) {
                        throw new IOException("the archive's compressed data is damaged");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            process.destroyForcibly();
            out.close();
            try {
                feeder.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
