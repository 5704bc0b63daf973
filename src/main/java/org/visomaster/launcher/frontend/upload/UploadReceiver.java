package org.visomaster.launcher.frontend.upload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.util.AtomicFiles;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.util.Units;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.imports.ImportResult;

/**
 * {@code PUT /api/uploads/{name}}: streams the raw body to {@code uploads/.incoming/<random>.part} (through a
 * few fixed buffers, never the whole body in memory; see {@link ChunkWriter}), fsyncs it, renames it to {@code .incoming/<random>/<name>} and hands that to the import. Whatever goes
 * wrong, the temporary files are removed and nothing appears under a final name.
 */
final class UploadReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(UploadReceiver.class);

    // cache-sized: with 1 MiB buffers each pass over the data fell out of the CPU cache (measured 10-15% slower)
    static final int BUFFER = 128 << 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration STALE = Duration.ofMinutes(30);

    private final Workspace ws;
    private final FileImporter importer;
    private final UploadSettings settings;
    /** Bytes announced by uploads in flight, so that parallel uploads do not all count the same free space. */
    private final AtomicLong inFlight = new AtomicLong();
    private final ExecutorService writers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "upload-writer");
        t.setDaemon(true);
        return t;
    });
    private final Object importLock = new Object();

    UploadReceiver(Workspace ws, FileImporter importer, UploadSettings settings) {
        this.ws = ws;
        this.importer = importer;
        this.settings = settings;
    }

    Path incoming() {
        return ws.incoming();
    }

    /** Removes temporaries a killed launcher left behind (old enough that no live upload can own them). */
    void sweepLeftovers() {
        Path dir = incoming();
        if (!Files.isDirectory(dir)) {
            return;
        }
        Instant cutoff = Instant.now().minus(STALE);
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    deleteTemp(p);
                }
            }
        } catch (IOException e) {
            LOG.debug("old upload temporaries in {} could not be swept; a later start tries again", dir, e);
        }
    }

    void handle(Exchange ex, String rawName) throws IOException {
        UploadNames.Checked checked = UploadNames.check(rawName);
        if (!checked.ok()) {
            refuse(ex, 400, checked.error());
            return;
        }
        String name = checked.name();
        long length = announcedLength(ex);
        if (length == -2) {
            refuse(ex, 400, "The upload has an invalid Content-Length; try again with a regular browser or curl -T.");
            return;
        }
        if (length == 0) {
            refuse(ex, 400, "\"" + name + "\" is empty (0 bytes); nothing was saved.");
            return;
        }
        if (length > settings.maxBytes()) {
            refuse(ex, 413, tooLarge(name, length));
            return;
        }
        Files.createDirectories(incoming());
        long budget = settings.freeSpace().usableBytes(incoming()) - settings.reserveBytes() - inFlight.get();
        if (length > 0 && length > budget) {
            refuse(ex, 507, noSpace(name, length, budget));
            return;
        }
        long reserved = Math.max(length, 0);
        inFlight.addAndGet(reserved);
        try {
            receive(ex, name, length, budget);
        } finally {
            inFlight.addAndGet(-reserved);
        }
    }

    private void receive(Exchange ex, String name, long length, long budget) throws IOException {
        String id = randomId();
        Path part = incoming().resolve(id + ".part");
        Path stagingDir = incoming().resolve(id);
        long received;
        ImportResult result;
        boolean keptByImport = false;
        try {
            try {
                received = stream(ex.requestBody(), part, name, length, budget);
            } catch (Refusal r) {
                deleteTemp(part);
                refuse(ex, r.status, r.getMessage());
                return;
            }
            Files.createDirectories(stagingDir);
            Path staged = stagingDir.resolve(name);
            AtomicFiles.moveAtomically(part, staged);
            synchronized (importLock) {
                result = importer.importFile(staged, name);
            }
            keptByImport = result.destination() != null
                    && result.destination().toAbsolutePath().normalize().equals(staged);
        } finally {
            // before answering: a client that sees the answer must not see our temporaries any more; an import
            // that failed (even with an Error, such as running out of memory) leaves nothing in .incoming/<id>/
            deleteTemp(part);
            if (keptByImport) {
                try {
                    Files.deleteIfExists(stagingDir);
                } catch (IOException e) {
                    LOG.debug("{} stays: the import left the file there on purpose", stagingDir, e);
                }
            } else {
                deleteTemp(stagingDir);
            }
        }
        reply(ex, name, received, result);
    }

    /** Copies the body into {@code part}; returns its size or throws a Refusal with the sentence to send. */
    private long stream(InputStream in, Path part, String name, long length, long budget)
            throws Refusal, IOException {
        long count = 0;
        try (FileChannel ch = settings.partOpener().open(part); ChunkWriter writer = new ChunkWriter(ch, writers,
                BUFFER)) {
            while (true) {
                byte[] buf = writer.buffer();
                int n = fill(in, buf, name);
                if (n == 0) {
                    break;
                }
                count += n;
                if (count > settings.maxBytes()) {
                    throw new Refusal(413, tooLarge(name, count) + " (stopped after " + Units.bytes(count) + ")");
                }
                if (length < 0 && count > budget) {
                    throw new Refusal(507, noSpace(name, count, budget));
                }
                writer.write(buf, n);
                if (n < buf.length) {
                    break;
                }
            }
            writer.finish();
        } catch (IOException e) {
            throw writeFailure(name, e);
        }
        if (length >= 0 && count != length) {
            throw new Refusal(400, "The upload of \"" + name + "\" ended early (" + count + " of " + length
                    + " bytes); nothing was saved. Try again.");
        }
        if (count == 0) {
            throw new Refusal(400, "\"" + name + "\" is empty (0 bytes); nothing was saved.");
        }
        return count;
    }

    /** Reads until the buffer is full or the body ends (big writes are what makes the copy fast). */
    private static int fill(InputStream in, byte[] buf, String name) throws Refusal {
        int off = 0;
        try {
            while (off < buf.length) {
                int n = in.read(buf, off, buf.length - off);
                if (n < 0) {
                    break;
                }
                off += n;
            }
        } catch (IOException e) {
            // a dropped connection, or one that sent nothing for the idle timeout (a stalled upload)
            LOG.info("the connection was lost or stalled while receiving {}; nothing was saved", name, e);
            throw new Refusal(400, "The connection was lost or stalled while receiving \"" + name + "\"; nothing "
                    + "was saved. Try again.");
        }
        return off;
    }

    private Refusal writeFailure(String name, IOException e) {
        if (DiskFull.is(e)) {
            return new Refusal(507, "The disk filled up while saving \"" + name + "\"; nothing was saved. Free "
                    + "some space in " + ws.root() + " and try again.");
        }
        return new Refusal(500, "Saving \"" + name + "\" failed (" + e.getMessage() + "); nothing was saved. "
                + "Check that " + incoming() + " is writable and try again.");
    }

    /** -1 for a chunked body, -2 for a broken header. No header and no chunking means an empty body. */
    private static long announcedLength(Exchange ex) {
        String te = ex.header("Transfer-Encoding");
        if (te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            return -1;
        }
        String cl = ex.header("Content-Length");
        if (cl == null) {
            return 0;
        }
        try {
            long v = Long.parseLong(cl.trim());
            return v < 0 ? -2 : v;
        } catch (NumberFormatException e) {
            return -2;
        }
    }

    private String tooLarge(String name, long size) {
        return "\"" + name + "\" is " + Units.bytes(size) + ", more than the upload limit of "
                + Units.bytes(settings.maxBytes()) + " (uploadMaxBytes in launcher.json); nothing was saved.";
    }

    private String noSpace(String name, long size, long budget) {
        return "Not enough free disk space for \"" + name + "\" (" + Units.bytes(size) + "; "
                + Units.bytes(Math.max(0, budget)) + " usable after keeping " + Units.bytes(settings.reserveBytes())
                + " free); nothing was saved. Free some space in " + ws.root() + " and try again.";
    }

    private void reply(Exchange ex, String name, long size, ImportResult r) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("name", name);
        n.put("size", size);
        n.put("accepted", r.accepted());
        n.put("kind", r.kind() == null ? null : r.kind().name());
        n.put("destination", relative(r.destination()));
        n.put("message", r.message());
        n.set("affectedSteps", Json.MAPPER.valueToTree(r.affectedSteps()));
        HttpReplies.json(ex, r.accepted() ? 201 : 422, n);
    }

    private String relative(Path p) {
        if (p == null) {
            return null;
        }
        Path abs = p.toAbsolutePath().normalize();
        if (!abs.startsWith(ws.root())) {
            return abs.toString();
        }
        StringBuilder b = new StringBuilder();
        for (Path part : ws.root().relativize(abs)) {
            b.append(b.length() == 0 ? "" : "/").append(part);
        }
        return b.toString();
    }

    private static void refuse(Exchange ex, int status, String sentence) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("accepted", false);
        n.put("error", sentence);
        n.put("message", sentence);
        try {
            HttpReplies.json(ex, status, n);
        } catch (IOException e) {
            LOG.debug("the client left before hearing \"{}\"; nothing was kept, which is all that matters", sentence,
                    e);
        }
    }

    private static void deleteTemp(Path p) {
        try {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    for (Path c : (Iterable<Path>) s::iterator) {
                        Files.deleteIfExists(c);
                    }
                }
            }
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("{} stays until the next start sweeps it", p, e);
        }
    }

    private static String randomId() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static final class Refusal extends Exception {
        final int status;

        Refusal(int status, String sentence) {
            super(sentence);
            this.status = status;
        }
    }
}
