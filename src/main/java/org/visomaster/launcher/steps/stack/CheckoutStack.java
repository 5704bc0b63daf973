package org.visomaster.launcher.steps.stack;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The stack one checkout holds, each part with where it came from: its requirements file (the only
 * {@code requirements*.txt} at its root) and the table's row for it, the Python (README, else a portable script,
 * else the table), the package indexes and index strategy (pyproject's {@code [tool.uv.pip]}), and the app's version
 * (version.json, else the given git fallback: a tag, else the short commit).
 *
 * @param requirementsFiles every {@code requirements*.txt} at the root, sorted (what identifies the stack)
 * @param requirementsFile  the one of them, or null when there are none or several
 * @param entry             the table's row for it, or null when the table does not know it
 * @param python            null when neither the checkout nor the table says
 * @param indexStrategy     null when pyproject does not say
 * @param indexesSource     where {@code extraIndexUrls} came from (null: none)
 * @param problem           why this stack cannot be used as it is, in one sentence (null when it can)
 */
public record CheckoutStack(List<String> requirementsFiles, Sourced requirementsFile, StackEntry entry, Sourced python,
                            List<String> extraIndexUrls, String indexesSource, Sourced indexStrategy, Sourced version,
                            String problem) {
    private static final Pattern REQUIREMENTS = Pattern.compile("requirements.*\\.txt");

    public CheckoutStack {
        requirementsFiles = List.copyOf(requirementsFiles);
        extraIndexUrls = List.copyOf(extraIndexUrls);
    }

    public boolean known() {
        return problem == null;
    }

    /** What identifies the stack in the history walk: the set of requirements files. */
    public String key() {
        return String.join(",", requirementsFiles);
    }

    public static CheckoutStack read(CheckoutFiles files, StackTable table, Sourced fallbackVersion)
            throws IOException {
        List<String> reqs = files.rootFiles().stream().filter(n -> REQUIREMENTS.matcher(n).matches()).sorted().toList();
        Sourced version = CheckoutReaders.versionJson(files).map(v -> new Sourced(v, "version.json"))
                .orElse(fallbackVersion);
        CheckoutReaders.UvPip uv = CheckoutReaders.uvPip(files).orElse(null);
        List<String> indexes = uv == null ? List.of() : uv.extraIndexUrls();
        String indexesSource = uv == null || indexes.isEmpty() ? null : "pyproject.toml [tool.uv.pip] extra-index-url";
        Sourced strategy = uv == null || uv.indexStrategy() == null ? null
                : new Sourced(uv.indexStrategy(), "pyproject.toml [tool.uv.pip] index-strategy");
        Optional<Sourced> checkoutPython = CheckoutReaders.readmePython(files);
        if (checkoutPython.isEmpty()) {
            checkoutPython = CheckoutReaders.portablePython(files);
        }
        String known = String.join(", ", table.files());
        if (reqs.isEmpty()) {
            return new CheckoutStack(reqs, null, null, checkoutPython.orElse(null), indexes, indexesSource, strategy,
                    version, "The checkout has no requirements*.txt at its root, so the launcher cannot tell which"
                    + " packages it needs (known stacks: " + known + "); drop your own requirements.txt or set"
                    + " \"requirementsFile\" in launcher.json.");
        }
        if (reqs.size() > 1) {
            return new CheckoutStack(reqs, null, null, checkoutPython.orElse(null), indexes, indexesSource, strategy,
                    version, "The checkout holds several requirements files (" + String.join(", ", reqs) + "), one"
                    + " per stack, and the launcher does not choose among them for you: set \"requirementsFile\" in"
                    + " launcher.json to the one for this GPU.");
        }
        String file = reqs.get(0);
        Sourced requirements = new Sourced(file, "the only requirements file in the checkout");
        StackEntry entry = table.entry(file).orElse(null);
        Sourced python = checkoutPython.orElse(entry == null ? null
                : new Sourced(entry.python(), "the stack table's row for " + file));
        String problem = entry != null ? null : "The checkout's " + file + " is a stack the launcher does not know"
                + " (it knows " + known + "), so it cannot say which driver, GPUs and Python it needs; a newer launcher"
                + " may know it, or set \"requirementsFile\" and \"pythonVersion\" in launcher.json to install it"
                + " anyway.";
        if (problem == null && python == null) {
            problem = "Neither the checkout nor the stack table names the Python for " + file + ": set"
                    + " \"pythonVersion\" in launcher.json.";
        }
        return new CheckoutStack(reqs, requirements, entry, python, indexes, indexesSource, strategy, version,
                problem);
    }
}
