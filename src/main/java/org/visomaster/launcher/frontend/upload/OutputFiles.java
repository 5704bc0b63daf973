package org.visomaster.launcher.frontend.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files under {@code output/} that the page offers for download. Nothing outside output/ is ever listed or
 * served: names are resolved, normalised, checked to stay inside, and the real path (symlinks followed) must be
 * inside output/ as well.
 */
final class OutputFiles {
    private static final Logger LOG = LoggerFactory.getLogger(OutputFiles.class);
    static final int MAX_DEPTH = 6;
    static final int MAX_ENTRIES = 5000;

    /** {@code path} is relative to output/ with '/' separators. */
    record Entry(String path, long size, Instant mtime) {
    }

    /** Why a download request gets nothing. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String sentence) {
            super(sentence);
            this.status = status;
        }
    }

    private final Path root;

    OutputFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Regular files, newest first; hidden files and anything whose real path leaves output/ are left out. */
    List<Entry> list() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        Path realRoot = root.toRealPath();
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, MAX_DEPTH)) {
            walk.filter(p -> !p.equals(root)).filter(p -> !hidden(root.relativize(p)))
                    .limit(MAX_ENTRIES * 4L)
                    .forEach(p -> {
                        try {
                            if (out.size() < MAX_ENTRIES && p.toRealPath().startsWith(realRoot)) {
                                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                                if (a.isRegularFile()) {
                                    out.add(new Entry(slashed(root.relativize(p)), a.size(),
                                            a.lastModifiedTime().toInstant()));
                                }
                            }
                        } catch (IOException e) {
                            LOG.debug("{} vanished or is unreadable while listing: left out", p, e);
                        }
                    });
        } catch (java.io.UncheckedIOException e) {
            LOG.debug("a folder of {} vanished mid-walk; what was collected is still right", root, e);
        }
        out.sort(Comparator.comparing(Entry::mtime).reversed().thenComparing(Entry::path));
        return out;
    }

    /** The file that a raw (still percent-encoded) path under /api/outputs/ names. */
    Path resolve(String rawPath) throws Refused {
        if (rawPath.isEmpty()) {
            throw new Refused(404, "Name a file in output/.");
        }
        Path p = root;
        for (String raw : rawPath.split("/", -1)) {
            String seg;
            try {
                seg = UploadNames.percentDecode(raw);
            } catch (IllegalArgumentException e) {
                throw new Refused(400, "The file name is not valid percent-encoded UTF-8.");
            }
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..") || seg.indexOf('/') >= 0
                    || seg.indexOf('\\') >= 0 || seg.indexOf('\0') >= 0) {
                throw new Refused(403, "Only files inside output/ can be downloaded.");
            }
            p = p.resolve(seg);
        }
        p = p.normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new Refused(403, "Only files inside output/ can be downloaded.");
        }
        Path real;
        try {
            real = p.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                throw new Refused(403, "Only files inside output/ can be downloaded.");
            }
        } catch (NoSuchFileException e) {
            throw new Refused(404, "There is no such file in output/; refresh the list.");
        } catch (IOException e) {
            throw new Refused(404, "That file cannot be read: " + e.getMessage());
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused(404, "Only files can be downloaded, not folders.");
        }
        return real;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String slashed(Path relative) {
        StringBuilder b = new StringBuilder();
        for (Path part : relative) {
            b.append(b.length() == 0 ? "" : "/").append(part);
        }
        return b.toString();
    }

    /** {@code attachment; filename="ascii"; filename*=UTF-8''percent-encoded} (RFC 6266 / RFC 5987). */
    static String contentDisposition(String fileName) {
        StringBuilder ascii = new StringBuilder();
        for (char c : fileName.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + UploadNames.percentEncode(fileName);
    }
}
