package org.visomaster.launcher.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepIds;
import org.visomaster.launcher.infra.util.Units;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.imports.ImportResult.Kind;

/**
 * Imports files the user dropped onto the window or the browser drop page into the workspace. Shared by the CLI
 * {@code import} command, the window and the upload page. Safe to call from several threads at once.
 */
public final class ImportService {
    private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);

    private final Workspace ws;
    private final FreeSpace freeSpace;
    private final Placement placement;
    private final ArchiveExtractor extractor;

    public ImportService(Workspace ws) {
        this(ws, FreeSpace.system());
    }

    /** With a substitute for the free-space probe (tests simulate a nearly-full disk). */
    public ImportService(Workspace ws, FreeSpace freeSpace) {
        this.ws = ws;
        this.freeSpace = freeSpace;
        this.placement = new Placement(ws);
        this.extractor = new ArchiveExtractor(ws, freeSpace);
    }



    /**
     * Where the upload page stages incoming files (same file system as the workspace). Files imported from here
     * are moved, not copied.
     */
    public static Path incomingDir(Workspace ws) {
        return ws.incoming();
    }

    /**
     * Where models dropped before VisoMaster's source exists wait; the finish step moves them into
     * {@code VisoMaster/model_assets/} (a model placed there early would make the source step move the folder
     * aside instead of cloning into it).
     */
    public static Path pendingModels(Workspace ws) {
        return ws.pendingModels();
    }

    /** Imports one file the user dropped; never throws for a user-caused problem (returns a refused result). */
    public ImportResult importFile(Path file, String originalName) {
        ImportResult r = importOne(file, originalName);
        LOG.info("import {}: {}", r.accepted() ? "accepted" : "refused", r.message());
        return r;
    }

    private ImportResult importOne(Path file, String originalName) {
        String shown = originalName != null ? originalName : String.valueOf(file.getFileName());
        String name = SafeNames.baseName(shown);
        Kind kind = ImportClassifier.classify(name);
        try {
            long size = checkSource(file, shown);
            boolean move = file.toAbsolutePath().normalize().startsWith(incomingDir(ws));
            return switch (kind) {
                case REQUIREMENTS -> importRequirements(file, shown, size, move);
                case DEPENDENCY_ARCHIVE -> importArchive(file, shown, name, size, move);
                case MODEL -> importModel(file, shown, name, size, move, kind, "");
                case DFM_MODEL -> importModel(file, shown, name, size, move, kind, "dfm_models");
                case OTHER -> accepted(shown, kind, place(file, shown, size, move, ws.uploads(), name), Set.of());
            };
        } catch (RefusedException e) {
            if (e.getCause() != null) {
                LOG.info("{} was refused because of", shown, e.getCause());
            }
            return ImportResult.refused(shown, kind, e.getMessage());
        } catch (IOException | RuntimeException | LinkageError e) { // LinkageError: a library part missing
            LOG.warn("importing {} failed", shown, e);
            return ImportResult.refused(shown, kind, shown + " could not be imported (" + describe(e)
                    + "); check that the workspace disk is writable and has space, then drop it again.");
        }
    }

    public List<ImportResult> importAll(List<Path> files) {
        List<ImportResult> out = new ArrayList<>();
        for (Path f : files) {
            Path name = f.getFileName();
            out.add(importFile(f, name == null ? f.toString() : name.toString()));
        }
        return out;
    }

    /**
     * Moves models that waited in {@link #pendingModels} into {@code VisoMaster/model_assets/} (and its
     * {@code dfm_models/}); returns one result per file. Does nothing while the source folder is missing.
     */
    public List<ImportResult> adoptPendingModels() throws IOException {
        List<ImportResult> out = new ArrayList<>();
        Path pending = pendingModels(ws);
        if (!Files.isDirectory(ws.source()) || !Files.isDirectory(pending)) {
            return out;
        }
        List<Path> files;
        try (var s = Files.walk(pending, 2)) {
            files = s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            Kind kind = ImportClassifier.classify(name);
            Path dir = ws.modelAssets().resolve(pending.relativize(f.getParent()));
            try {
                out.add(accepted(name, kind, place(f, name, Files.size(f), true, dir, name), Set.of()));
            } catch (RefusedException e) {
                out.add(ImportResult.refused(name, kind, e.getMessage()));
            }
        }
        return out;
    }

    private long checkSource(Path file, String shown) throws IOException, RefusedException {
        if (!Files.exists(file)) {
            throw new RefusedException(shown + " is no longer there; drop it again.");
        }
        if (Files.isDirectory(file)) {
            throw new RefusedException(shown + " is a folder; drop the files inside it, or a zip or tar of it.");
        }
        if (!Files.isRegularFile(file)) {
            throw new RefusedException(shown + " is a device, pipe or other special file, not a regular file;"
                    + " only regular files can be imported.");
        }
        if (!Files.isReadable(file)) {
            throw new RefusedException(shown + " cannot be read (permission denied); make it readable and drop it again.");
        }
        long size = Files.size(file);
        if (size == 0) {
            throw new RefusedException(shown + " is empty; check that it was copied completely and drop it again.");
        }
        return size;
    }

    private ImportResult importRequirements(Path file, String shown, long size, boolean move)
            throws IOException, RefusedException {
        checkText(file, shown);
        Placed p = place(file, shown, size, move, ws.root(), ws.userRequirements().getFileName().toString());
        if (p.outcome().result() == Placement.Result.UNCHANGED) {
            return accepted(shown, Kind.REQUIREMENTS, p, Set.of());
        }
        String kept = p.outcome().backup() == null ? ""
                : "; the previous one was kept as " + p.outcome().backup().getFileName();
        return new ImportResult(shown, Kind.REQUIREMENTS, true, p.target(), shown
                + " is now the workspace's requirements file (" + p.target() + ")" + kept
                + "; run the requirements step to install it.", Set.of(StepIds.REQUIREMENTS));
    }

    private ImportResult importModel(Path file, String shown, String name, long size, boolean move, Kind kind,
                                     String subfolder) throws IOException, RefusedException {
        if (Files.isDirectory(ws.source())) {
            Path dir = subfolder.isEmpty() ? ws.modelAssets() : ws.modelAssets().resolve(subfolder);
            return accepted(shown, kind, place(file, shown, size, move, dir, name), Set.of());
        }
        Path pending = subfolder.isEmpty() ? pendingModels(ws) : pendingModels(ws).resolve(subfolder);
        Placed p = place(file, shown, size, move, pending, name);
        return new ImportResult(shown, kind, true, p.target(), shown + " was saved in " + p.target().getParent()
                + " because VisoMaster is not installed yet; the finish step moves it into model_assets/.",
                Set.of(StepIds.FINISH));
    }

    private ImportResult importArchive(Path file, String shown, String name, long size, boolean move)
            throws IOException, RefusedException {
        ArchiveExtractor.Extraction x = extractor.extract(file, name, ws.dependencies());
        StringBuilder msg = new StringBuilder("Extracted " + x.files() + (x.files() == 1 ? " file" : " files")
                + " (" + Units.bytes(x.bytes()) + ") from " + shown + " into " + ws.dependencies());
        if (x.unchanged() > 0) {
            msg.append("; ").append(x.unchanged()).append(" were already there unchanged");
        }
        if (!x.backups().isEmpty()) {
            msg.append("; ").append(x.backups().size()).append(" existing files that differed were kept as .bak-")
                    .append("<time> copies");
        }
        if (move) {
            Placed kept = place(file, shown, size, true, ws.uploads(), name);
            msg.append("; the archive itself is kept as ").append(kept.target());
        }
        return new ImportResult(shown, Kind.DEPENDENCY_ARCHIVE, true, ws.dependencies(), msg.append('.').toString(),
                Set.of(StepIds.FINISH));
    }

    private record Placed(Path target, Placement.Outcome outcome, boolean moved, boolean renamed) {
    }

    /** Copies (or, from the upload staging folder, moves) {@code file} to {@code dir/name} via a temporary name. */
    private Placed place(Path file, String shown, long size, boolean move, Path dir, String name)
            throws IOException, RefusedException {
        Files.createDirectories(dir);
        String finalName = SafeNames.creatable(dir, name);
        Path target = dir.resolve(finalName);
        Path tmp = Files.createTempFile(dir, ".import-", ".part");
        boolean moved = false;
        try {
            if (move) {
                try {
                    Files.move(file, tmp, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    moved = true;
                } catch (AtomicMoveNotSupportedException e) {
                    LOG.debug("{} is on another file system after all: copied, not moved", file, e);
                }
            }
            if (!moved) {
                long free = freeSpace.budget(dir);
                if (size > free) {
                    long reserve = freeSpace.reserveBytes();
                    throw new RefusedException(shown + " is " + Units.bytes(size) + " but only " + Units.bytes(free)
                            + " is free on the disk holding " + dir + (reserve > 0 ? " beyond the " + Units.bytes(reserve)
                            + " the launcher keeps for its state and logs" : "") + "; free some space and drop it again.");
                }
                Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            Placement.Outcome outcome;
            try (AutoCloseable lock = placement.lock()) {
                outcome = placement.place(tmp, target);
            }
            return new Placed(target, outcome, moved, !finalName.equals(name));
        } catch (IOException | RefusedException | RuntimeException e) {
            if (moved && Files.exists(tmp)) {
                Files.move(tmp, file); // give the upload back rather than lose it
            }
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static ImportResult accepted(String shown, Kind kind, Placed p, Set<StepId> steps) {
        String verb = p.moved() ? "moved" : "copied";
        String msg = switch (p.outcome().result()) {
            case UNCHANGED -> shown + " is already in " + p.target().getParent()
                    + " with the same content; nothing changed";
            case PLACED -> shown + " was " + verb + " to " + p.target();
            case REPLACED -> shown + " was " + verb + " to " + p.target() + "; the previous file of that name was kept as "
                    + p.outcome().backup().getFileName();
        };
        if (p.renamed()) {
            msg += " (saved as " + p.target().getFileName() + " because the launcher's file-name encoding cannot"
                    + " store the original name; start it with LANG=C.UTF-8)";
        }
        return new ImportResult(shown, kind, true, p.target(), msg + ".", steps);
    }

    /** Refuses anything that is not UTF-8 text without NUL bytes; streams, so a huge file costs no memory. */
    private static void checkText(Path file, String shown) throws IOException, RefusedException {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        try (InputStream s = Files.newInputStream(file)) {
            boolean eof = false;
            while (!eof) {
                int n = s.read(in.array(), in.position(), in.remaining());
                eof = n < 0;
                if (n > 0) {
                    for (int i = in.position(); i < in.position() + n; i++) {
                        if (in.array()[i] == 0) {
                            throw notText(shown);
                        }
                    }
                    in.position(in.position() + n);
                }
                in.flip();
                if (dec.decode(in, out, eof).isError()) {
                    throw notText(shown);
                }
                in.compact();
                out.clear();
            }
            if (dec.flush(out).isError()) {
                throw notText(shown);
            }
        } catch (CharacterCodingException e) {
            throw notText(shown);
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return "permission denied on " + a.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return (f.getReason() == null ? "file system error" : f.getReason()) + " at " + f.getFile();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static RefusedException notText(String shown) {
        return new RefusedException(shown + " is not a text file (it has NUL bytes or is not UTF-8); save it as"
                + " plain UTF-8 text with one requirement per line and drop it again.");
    }
}
