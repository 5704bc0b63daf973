package org.visomaster.launcher.steps.requirements;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.visomaster.launcher.infra.workspace.PinOverride;

/**
 * Writes the derived requirements text: the source file with {@code -r} includes inlined, the configured pin
 * overrides applied, and the profile's extra index URLs added as global lines. Pure apart from reading includes
 * through the given reader.
 *
 * <p>Decisions: options on a requirement's own line ({@code tensorrt==10.6.0 --extra-index-url …}) stay on that
 * line, also when the requirement is overridden, so the derived file means what the original meant (pip ignores
 * index options there; only {@code --hash} is dropped from an overridden line because it names the old version's
 * files). Includes are inlined rather than copied so the derived file is one self-contained file; relative
 * {@code -c} and {@code -f} paths are made absolute because the derived file lives elsewhere. Unchanged lines are
 * kept verbatim except for trailing whitespace and CRLF, which become LF.
 */
public final class RequirementsRewriter {
    private static final Pattern COMMENT = Pattern.compile("(^|\\s+)#.*$");
    private static final Pattern NAME = Pattern.compile("^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)");
    private static final Pattern OPTION = Pattern.compile("^(--?[A-Za-z-]+)(?:=|\\s+)?(.*)$");
    private static final int MAX_INCLUDE_DEPTH = 20;

    /** One override that changed a line: {@code from} and {@code to} are requirement texts without options. */
    public record Applied(String name, String from, String to, String reason) {
    }

    /** The derived text, the overrides applied (in order) and remarks for the log (e.g. an unused override). */
    public record Result(String text, List<Applied> applied, List<String> notes) {
    }

    /** Reads an included file's text. */
    @FunctionalInterface
    public interface Reader {
        String read(Path file) throws IOException;
    }

    private final Reader reader;
    private final List<PinOverride> overrides;
    private final List<Applied> applied = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Set<String> indexUrls = new HashSet<>();
    private final Set<String> usedOverrides = new HashSet<>();

    private RequirementsRewriter(Reader reader, List<PinOverride> overrides) {
        this.reader = reader;
        this.overrides = overrides;
    }

    public static Result rewrite(Path sourceFile, Reader reader, List<PinOverride> overrides,
                                 List<String> extraIndexUrls) throws IOException {
        return rewrite(reader.read(sourceFile), sourceFile, reader, overrides, extraIndexUrls);
    }

    public static Result rewrite(String text, Path sourceFile, Reader reader, List<PinOverride> overrides,
                                 List<String> extraIndexUrls) throws IOException {
        RequirementsRewriter w = new RequirementsRewriter(reader, overrides);
        List<String> body = new ArrayList<>();
        w.process(text, sourceFile.toAbsolutePath().normalize(), body, new LinkedHashSet<>());
        List<String> out = new ArrayList<>();
        out.add("# Derived by VisoMaster Launcher from " + sourceFile + " - do not edit:");
        out.add("# change \"overrides\" in launcher.json, or drop your own requirements.txt, instead.");
        for (String url : extraIndexUrls) {
            if (w.indexUrls.add(normaliseUrl(url))) {
                out.add("--extra-index-url " + url.strip());
            }
        }
        out.addAll(body);
        for (PinOverride o : overrides) {
            if (!w.usedOverrides.contains(normaliseName(o.name()))) {
                w.notes.add("The override for " + o.name() + " was not applied: no requirement of that name is in "
                        + sourceFile.getFileName() + ".");
            }
        }
        return new Result(String.join("\n", out) + "\n", List.copyOf(w.applied), List.copyOf(w.notes));
    }

    /** PEP 503: lower case, runs of "-", "_" and "." become one "-". */
    public static String normaliseName(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    private void process(String text, Path file, List<String> out, LinkedHashSet<Path> chain) throws IOException {
        chain.add(file);
        for (String line : logicalLines(text)) {
            Matcher c = COMMENT.matcher(line);
            int cut = c.find() ? c.start() : line.length();
            String content = line.substring(0, cut).strip();
            String comment = line.substring(cut).strip();
            if (content.isEmpty()) {
                out.add(line.stripTrailing());
            } else if (content.startsWith("-")) {
                optionLine(line, content, comment, file, out, chain);
            } else {
                out.add(requirementLine(line, content, comment));
            }
        }
        chain.remove(file);
    }

    private void optionLine(String line, String content, String comment, Path file, List<String> out,
                            LinkedHashSet<Path> chain) throws IOException {
        Matcher m = OPTION.matcher(content);
        String opt = m.matches() ? m.group(1) : content;
        String value = m.matches() ? m.group(2).strip() : "";
        if (opt.startsWith("-r") && !opt.startsWith("--") && opt.length() > 2) {
            value = opt.substring(2) + value; // -rfile.txt
            opt = "-r";
        }
        switch (opt) {
            case "-r", "--requirement" -> include(value, file, out, chain);
            case "-c", "--constraint", "-f", "--find-links" -> {
                String abs = isUrl(value) ? value : besideFile(file, value, opt).toString();
                out.add(opt + " " + abs + (comment.isEmpty() ? "" : "  " + comment));
            }
            case "--extra-index-url", "-i", "--index-url" -> {
                indexUrls.add(normaliseUrl(value));
                out.add(line.stripTrailing());
            }
            default -> out.add(line.stripTrailing());
        }
    }

    private void include(String value, Path file, List<String> out, LinkedHashSet<Path> chain) throws IOException {
        if (isUrl(value)) {
            out.add("-r " + value);
            return;
        }
        Path included = besideFile(file, value, "-r");
        if (chain.contains(included)) {
            throw new IOException(file.getFileName() + " includes " + value + " which includes it again");
        }
        if (chain.size() >= MAX_INCLUDE_DEPTH) {
            throw new IOException("-r includes nest deeper than " + MAX_INCLUDE_DEPTH + " files at " + value);
        }
        String text;
        try {
            text = reader.read(included);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file.getFileName() + " includes " + value + " (-r), which does not exist at "
                    + included, e);
        }
        out.add("# >>> -r " + value + " (inlined from " + included + ")");
        process(text, included, out, chain);
        out.add("# <<< end of " + value);
    }

    /** A path option's value, relative to the file that names it, or an IOException that says why it is no path. */
    private static Path besideFile(Path file, String value, String option) throws IOException {
        Path folder = file.getParent() != null ? file.getParent() : file;
        try {
            return folder.resolve(value).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new IOException(file.getFileName() + " has " + option + " " + value.replace("\0", "\\0")
                    + ", which is not a path (" + e.getReason() + ")", e);
        }
    }

    private String requirementLine(String line, String content, String comment) {
        // like pip: the requirement runs up to the first token that starts with "-", options follow
        String[] tokens = content.split("\\s+");
        int firstOption = tokens.length;
        for (int i = 1; i < tokens.length; i++) {
            if (tokens[i].startsWith("-")) {
                firstOption = i;
                break;
            }
        }
        String requirement = String.join(" ", java.util.Arrays.copyOfRange(tokens, 0, firstOption));
        List<String> options = List.of(java.util.Arrays.copyOfRange(tokens, firstOption, tokens.length));
        Matcher n = NAME.matcher(requirement);
        if (!n.find() || isUrl(requirement) || requirement.startsWith(".")) {
            return line.stripTrailing();
        }
        String name = normaliseName(n.group(1));
        PinOverride override = overrides.stream().filter(o -> normaliseName(o.name()).equals(name)).findFirst()
                .orElse(null);
        if (override == null) {
            return line.stripTrailing();
        }
        String replacement = withExtras(override.requirement().strip(), requirement.substring(n.end()));
        int marker = requirement.indexOf(';');
        if (marker >= 0 && !replacement.contains(";")) {
            replacement = replacement + " " + requirement.substring(marker).strip();
        }
        usedOverrides.add(name);
        applied.add(new Applied(override.name(), requirement, replacement, override.reason()));
        List<String> kept = keptOptions(options);
        return replacement + (kept.isEmpty() ? "" : " " + String.join(" ", kept))
                + (comment.isEmpty() ? "" : "  " + comment);
    }

    /** Keeps the original's extras ("pkg[gpu]==1" overridden by "pkg==2" gives "pkg[gpu]==2"). */
    private static String withExtras(String replacement, String afterName) {
        String rest = afterName.stripLeading();
        if (!rest.startsWith("[") || rest.indexOf(']') < 0 || replacement.contains("[")) {
            return replacement;
        }
        Matcher n = NAME.matcher(replacement);
        if (!n.find()) {
            return replacement;
        }
        return replacement.substring(0, n.end()) + rest.substring(0, rest.indexOf(']') + 1)
                + replacement.substring(n.end());
    }

    /** The line's options without --hash (in both "--hash=x" and "--hash x" forms). */
    private static List<String> keptOptions(List<String> options) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            if (o.startsWith("--hash=")) {
                continue;
            }
            if (o.equals("--hash")) {
                i++;
                continue;
            }
            kept.add(o);
        }
        return kept;
    }

    /** Physical lines (LF, CRLF or CR) joined where a line ends with a backslash, like pip does. */
    static List<String> logicalLines(String text) {
        String[] physical = text.split("\r\n|\r|\n", -1);
        List<String> lines = new ArrayList<>();
        StringBuilder pending = null;
        for (String p : physical) {
            String trimmed = p.stripTrailing();
            boolean continues = trimmed.endsWith("\\") && !trimmed.strip().startsWith("#");
            String part = continues ? trimmed.substring(0, trimmed.length() - 1) : p;
            if (pending == null) {
                pending = new StringBuilder(part);
            } else {
                pending.append(' ').append(part.strip());
            }
            if (!continues) {
                lines.add(pending.toString());
                pending = null;
            }
        }
        if (pending != null) {
            lines.add(pending.toString());
        }
        // a final newline gives one empty trailing element: not a line
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static boolean isUrl(String s) {
        return s.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    }

    private static String normaliseUrl(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u.toLowerCase(Locale.ROOT);
    }
}
