package org.visomaster.launcher.infra.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.util.MoveAside;
import org.visomaster.launcher.infra.util.Units;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * The bug report {@code doctor --bundle} writes: one archive (.tar.gz, or .zip when so named) holding the launcher's
 * log and its rotations, the provisioning logs, the last VisoMaster runs' logs, state.json, the derived requirements,
 * launch.json (the GPU picked, what the TensorRT engines were built for), launcher.json, the environment that
 * matters (secrets named, never shown) and what the caller adds (the doctor report). Each file keeps at most its last few MiB; every one passes through {@link SecretMask}. The archive is
 * written under a temporary name beside the target and renamed; an existing file is never replaced.
 */
public final class ReportBundle {
    static final long LOG_LIMIT = 8L << 20;
    static final long RUN_LOG_LIMIT = 4L << 20;
    static final long SMALL_LIMIT = 1L << 20;
    /** How many of VisoMaster's own run logs (logs/visomaster-<time>.log), the newest. */
    static final int RUN_LOGS = 3;
    private static final List<String> EXTENSIONS = List.of(".tar.gz", ".tgz", ".zip");
    private static final Pattern LAUNCHER_LOG = Pattern.compile("launcher(\\.\\d+)?\\.log");
    private static final Pattern RUN_LOG = Pattern.compile("visomaster-\\d{8}-\\d{6}(-\\d+)?\\.log");

    /** A file the caller adds, e.g. the doctor report. */
    public record Item(String name, byte[] content) {
        public static Item text(String name, String text) {
            return new Item(name, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What was written: the archive, its entries and their total size before compression. */
    public record Written(Path file, int entries, long bytes, List<String> shortened) {
    }

    private record Source(Path file, String name, long limit) {
    }

    private ReportBundle() {
    }

    /** {@code <workspace>/output/launcher-report-<UTC time>.tar.gz}: output/ is what the box lets a user download. */
    public static Path defaultFile(Workspace ws) {
        return ws.output().resolve("launcher-report-" + MoveAside.stamp() + ".tar.gz");
    }

    /** A name that ends in .tar.gz, .tgz or .zip (the formats the bundle is written in). */
    public static boolean isArchiveName(Path file) {
        return file.getFileName() != null && extension(file) != null;
    }

    static boolean isZip(Path file) {
        return ".zip".equals(extension(file));
    }

    private static String extension(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().filter(e -> n.endsWith(e) && n.length() > e.length()).findFirst().orElse(null);
    }

    /**
     * Writes the bundle to {@code target}.
     *
     * @throws FileAlreadyExistsException when something is there already (it is left as it is)
     * @throws NoSuchFileException        when the target's folder does not exist
     */
    public static Written write(Workspace ws, Map<String, String> env, Path target, List<Item> extra)
            throws IOException {
        Path file = target.toAbsolutePath().normalize();
        if (!isArchiveName(file)) {
            throw new IllegalArgumentException(file + " is not a .tar.gz, .tgz or .zip name");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        if (!Files.isDirectory(file.getParent())) {
            throw new NoSuchFileException(file.getParent().toString());
        }
        SecretMask mask = SecretMask.of(env);
        List<Source> sources = sources(ws);
        List<String> shortened = new ArrayList<>();
        for (Source s : sources) {
            long size = Files.size(s.file());
            if (size > s.limit()) {
                shortened.add(s.name() + " (its last " + Units.bytes(s.limit()) + " of " + Units.bytes(size) + ")");
            }
        }
        List<Item> generated = new ArrayList<>(extra);
        generated.add(Item.text("environment.txt", EnvironmentSummary.text(env)));
        String folder = baseName(file);
        Path partial = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".partial");
        long bytes = 0;
        int entries = 0;
        try {
            try (BundleArchive<?> archive = BundleArchive.create(partial, isZip(file))) {
                byte[] readme = readme(ws, sources, generated, shortened, mask).getBytes(StandardCharsets.UTF_8);
                archive.add(folder + "/README.txt", readme, Instant.now());
                bytes += readme.length;
                entries++;
                for (Item item : generated) {
                    byte[] content = mask.apply(item.content());
                    archive.add(folder + "/" + item.name(), content, Instant.now());
                    bytes += content.length;
                    entries++;
                }
                for (Source s : sources) {
                    byte[] content = mask.apply(BoundedRead.tail(s.file(), s.limit()));
                    archive.add(folder + "/" + s.name(), content, Files.getLastModifiedTime(s.file()).toInstant());
                    bytes += content.length;
                    entries++;
                }
            }
            readableByAll(partial);
            Files.move(partial, file); // no REPLACE_EXISTING: a file that appeared meanwhile stays
        } finally {
            Files.deleteIfExists(partial);
        }
        return new Written(file, entries, bytes, List.copyOf(shortened));
    }

    /** As the logs it holds are: the desktop's file server and Jupyter may run as another user than the launcher. */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            LoggerFactory.getLogger(ReportBundle.class).debug("{} has no POSIX permissions; kept as created", file, e);
        }
    }

    /** The workspace's files a bug report needs, in the order a reader wants them, each with its bound. */
    private static List<Source> sources(Workspace ws) throws IOException {
        List<Source> out = new ArrayList<>();
        Path logs = ws.logs();
        List<Path> logFiles = list(logs);
        logFiles.stream().filter(p -> LAUNCHER_LOG.matcher(p.getFileName().toString()).matches())
                .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                .forEach(p -> out.add(new Source(p, "logs/" + p.getFileName(), LOG_LIMIT)));
        for (Path p : List.of(ws.provisionLog(), ws.provisionEvents(), logs.resolve("visomaster-provisioning.log"))) {
            addIfFile(out, p, "logs/" + p.getFileName(), LOG_LIMIT);
        }
        logFiles.stream().filter(p -> RUN_LOG.matcher(p.getFileName().toString()).matches())
                .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).limit(RUN_LOGS)
                .forEach(p -> out.add(new Source(p, "logs/" + p.getFileName(), RUN_LOG_LIMIT)));
        addIfFile(out, ws.stateFile(), ".launcher/state.json", SMALL_LIMIT);
        addIfFile(out, ws.derivedRequirements(), ".launcher/requirements.derived.txt",
                SMALL_LIMIT);
        addIfFile(out, ws.launchSettingsFile(), ".launcher/launch.json", SMALL_LIMIT);
        addIfFile(out, ws.configFile(), "launcher.json", SMALL_LIMIT);
        return out;
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
    }

    private static void addIfFile(List<Source> out, Path file, String name, long limit) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            out.add(new Source(file, name, limit));
        }
    }

    private static String readme(Workspace ws, List<Source> sources, List<Item> generated, List<String> shortened,
                                 SecretMask mask) {
        StringBuilder b = new StringBuilder();
        b.append("VisoMaster Launcher bug report, made ").append(Instant.now()).append(" from the workspace ")
                .append(ws.root()).append(".\n\nFiles:\n");
        generated.forEach(i -> b.append("  ").append(i.name()).append('\n'));
        sources.forEach(s -> b.append("  ").append(s.name()).append('\n'));
        if (!shortened.isEmpty()) {
            b.append("\nShortened to their last lines:\n");
            shortened.forEach(s -> b.append("  ").append(s).append('\n'));
        }
        b.append("\nSecrets: ").append(mask.names().isEmpty() ? "no secret variable is set; "
                : "the values of " + String.join(", ", mask.names()) + ", ").append("the values of token="
                + " parameters, Authorization headers and URL passwords are replaced by ").append(SecretMask.MASK)
                .append(" in every file.\n");
        return b.toString();
    }

    /** "launcher-report-20250101-120000" for launcher-report-20250101-120000.tar.gz */
    private static String baseName(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.length() - extension(file).length());
    }
}
