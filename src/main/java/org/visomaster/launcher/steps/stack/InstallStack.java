package org.visomaster.launcher.steps.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.PinOverride;

/**
 * What the python and requirements steps install for the checkout in the workspace, each part with where it came
 * from. A configuration whose "requirementsFile" or "pythonVersion" is {@value #AUTO} (the fusion profile) takes that
 * part from the checkout ({@link CheckoutStack}); any other value is the configuration's own (upstream's pins, or
 * launcher.json's). The checkout's indexes come before the configuration's; our overrides for the stack apply under
 * the configuration's own.
 *
 * @param requirementsFile null until known (no checkout yet, or a stack that cannot be used)
 * @param python           null until known
 * @param entry            the stack table's row (null when not in the table or not known yet)
 * @param version          the app's version (null before the checkout exists)
 * @param problem          why the stack cannot be installed, one sentence (null when it can, or before the checkout)
 */
public record InstallStack(Sourced requirementsFile, Sourced python, List<String> extraIndexUrls, String indexesSource,
                           Sourced indexStrategy, List<PinOverride> overrides, StackEntry entry, Sourced version,
                           String problem, boolean fromCheckout) {
    public static final String AUTO = "auto";

    public InstallStack {
        extraIndexUrls = List.copyOf(extraIndexUrls);
        overrides = List.copyOf(overrides);
    }

    /** True when the configuration leaves any part of the stack to the checkout. */
    public static boolean fromCheckout(LauncherConfig config) {
        return AUTO.equalsIgnoreCase(config.requirementsFile()) || AUTO.equalsIgnoreCase(config.pythonVersion());
    }

    /** Read now, from the configuration and the checkout at {@code source} (cheap: a few small files). */
    public static InstallStack resolve(LauncherConfig config, Path source) {
        return resolve(config, source, StackTable.bundled());
    }

    static InstallStack resolve(LauncherConfig config, Path source, StackTable table) {
        boolean autoFile = AUTO.equalsIgnoreCase(config.requirementsFile());
        boolean autoPython = AUTO.equalsIgnoreCase(config.pythonVersion());
        String configured = "profile " + config.profile() + " / launcher.json";
        Sourced file = autoFile ? null : new Sourced(config.requirementsFile(), configured);
        Sourced python = autoPython ? null : new Sourced(config.pythonVersion(), configured);
        Sourced strategy = config.indexStrategy() == null ? null : new Sourced(config.indexStrategy(), configured);
        if (!Files.isDirectory(source)) {
            StackEntry entry = file == null ? null : table.entry(file.value()).orElse(null);
            return new InstallStack(file, python, config.extraIndexUrls(), config.extraIndexUrls().isEmpty() ? null
                    : configured, strategy, overrides(config, entry), entry, null, null, autoFile || autoPython);
        }
        CheckoutStack c;
        try {
            c = CheckoutStack.read(CheckoutFiles.of(source), table, gitVersion(source));
        } catch (IOException e) {
            return new InstallStack(file, python, config.extraIndexUrls(), null, strategy, config.overrides(), null,
                    null, "The stack of the checkout in " + source + " cannot be read: " + e.getMessage()
                    + ". Fix or move that file and run again.", autoFile || autoPython);
        }
        String problem = null;
        if (autoFile) {
            file = c.requirementsFile();
            problem = c.problem();
        }
        if (autoPython) {
            python = c.python();
            if (python == null && problem == null) {
                problem = "Neither the checkout nor the stack table names the Python for " + file.value()
                        + ": set \"pythonVersion\" in launcher.json.";
            }
        }
        StackEntry entry = file == null ? null : table.entry(file.value()).orElse(null);
        List<String> indexes = new ArrayList<>(c.extraIndexUrls());
        Set<String> seen = new LinkedHashSet<>(indexes);
        config.extraIndexUrls().stream().filter(seen::add).forEach(indexes::add);
        String indexesSource = c.indexesSource() != null ? c.indexesSource()
                : config.extraIndexUrls().isEmpty() ? null : configured;
        if (c.indexStrategy() != null) {
            strategy = c.indexStrategy();
        }
        return new InstallStack(file, python, indexes, indexesSource, strategy, overrides(config, entry), entry,
                c.version(), problem, autoFile || autoPython);
    }

    /** The configuration's overrides, then the stack's for packages the configuration does not pin itself. */
    private static List<PinOverride> overrides(LauncherConfig config, StackEntry entry) {
        List<PinOverride> out = new ArrayList<>(config.overrides());
        if (entry != null) {
            Set<String> pinned = new LinkedHashSet<>();
            config.overrides().forEach(o -> pinned.add(normalise(o.name())));
            entry.overrides().stream().filter(o -> !pinned.contains(normalise(o.name()))).forEach(out::add);
        }
        return out;
    }

    private static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    /** A tag on HEAD, else HEAD's short id; "unknown" for a folder that is not a git clone. */
    static Sourced gitVersion(Path source) {
        if (!Files.exists(source.resolve(".git"))) {
            return new Sourced("unknown", "no version.json and not a git clone");
        }
        try (Repository repo = new FileRepositoryBuilder().setWorkTree(source.toFile())
                .setGitDir(source.resolve(".git").toFile()).setMustExist(true).build()) {
            ObjectId head = repo.resolve(Constants.HEAD);
            return head == null ? new Sourced("unknown", "the clone has no commit checked out")
                    : GitVersions.of(repo).of(head);
        } catch (IOException e) {
            return new Sourced("unknown", "the clone cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The sentence for status and the window: "VisoMaster 3.4.1 · requirements_cu13.txt (CUDA 13.0) · Python 3.12". */
    public String headline() {
        StringBuilder b = new StringBuilder(version == null ? "not installed yet" : "version " + version.value());
        if (requirementsFile != null) {
            b.append(" · ").append(requirementsFile.value());
            if (entry != null) {
                b.append(" (").append(entry.name()).append(")");
            }
        }
        if (python != null) {
            b.append(" · Python ").append(python.value());
        }
        return b.toString();
    }

    /** One line per choice and where it came from, for status and the dry run. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (version != null) {
            out.add("app version: " + version.text());
        }
        out.add("requirements file: " + (requirementsFile == null
                ? (fromCheckout ? "read from the checkout once it is there" : "?") : requirementsFile.text()));
        if (entry != null) {
            out.add("stack: " + entry.describe() + " (the stack table's row for " + entry.requirementsFile() + ")");
        }
        out.add("Python: " + (python == null ? "read from the checkout once it is there" : python.text()));
        out.add("package indexes: " + (extraIndexUrls.isEmpty() ? "none beyond PyPI and the requirements file's own"
                : String.join(", ", extraIndexUrls) + " (" + indexesSource + ")"));
        if (indexStrategy != null) {
            out.add("index strategy: " + indexStrategy.text());
        }
        overrides.forEach(o -> out.add("override: " + o.requirement() + (o.reason().isBlank() ? "" : " (" + o.reason()
                + ")")));
        if (problem != null) {
            out.add("problem: " + problem);
        }
        return out;
    }
}
