package org.visomaster.launcher.steps.requirements;

import org.visomaster.launcher.engine.StepIds;
import org.visomaster.launcher.steps.python.PythonEnv;
import org.visomaster.launcher.steps.python.PythonStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.steps.source.SourceStep;
import org.visomaster.launcher.infra.process.CommandResult;
import org.visomaster.launcher.infra.process.CommandRunner;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.infra.util.AtomicFiles;
import org.visomaster.launcher.infra.util.Sha256;
import org.visomaster.launcher.infra.workspace.PinOverride;
import org.visomaster.launcher.steps.stack.InstallStack;

/**
 * Step "requirements": derives {@code .launcher/requirements.derived.txt} from the user's dropped requirements.txt or
 * the profile's file in the source tree (overrides applied, see {@link RequirementsRewriter}) and installs it with
 * {@code uv pip install} (uv on PATH) or the environment's {@code python -m pip install}, streaming every line.
 * Skipped while the stamp of the last success matches.
 */
public final class RequirementsStep implements Step {
    private static final Logger LOG = LoggerFactory.getLogger(RequirementsStep.class);
    public static final StepId ID = StepIds.REQUIREMENTS;
    static final Duration INSTALL_TIMEOUT = Duration.ofHours(4);
    private static final int KEEP_LINES = 5000;

    @Override
    public StepId id() {
        return ID;
    }

    @Override
    public Set<StepId> needs() {
        return Set.of(SourceStep.ID, PythonStep.ID);
    }

    /**
     * Repair installs the derived file again even when its stamp matches: pip puts back every package whose installed
     * version drifted from its pin (crash triage sends onnxruntime and CUDA library problems to Repair).
     */
    @Override
    public boolean rerunOnRepair() {
        return true;
    }

    /** The stamp, files, installer and overrides of the last install, from the state. */
    @Override
    public Object report(StepContext ctx) {
        return ctx.state().get(RequirementsState.SECTION, RequirementsState.class);
    }

    @Override
    public String title() {
        return "Python packages";
    }

    /**
     * The user's dropped requirements.txt when there is one, else the stack's file in the source tree (the profile's,
     * or the checkout's own: see {@link InstallStack}); a stack not known yet gives the profile's "auto" placeholder,
     * a file that does not exist.
     */
    public static Path sourceFile(StepContext ctx) {
        Path user = ctx.workspace().userRequirements();
        if (Files.isRegularFile(user)) {
            return user;
        }
        InstallStack stack = stack(ctx);
        String name = stack.requirementsFile() == null ? ctx.config().requirementsFile() : stack.requirementsFile().value();
        return ctx.workspace().source().resolve(name);
    }

    static InstallStack stack(StepContext ctx) {
        return InstallStack.resolve(ctx.config(), ctx.workspace().source());
    }

    /** The stack's overrides (the configuration's, then our known fixes for the stack), then the variant's. */
    static List<PinOverride> overrides(StepContext ctx, VariantChoice choice) {
        List<PinOverride> out = new ArrayList<>(stack(ctx).overrides());
        List<String> pinned = out.stream().map(o -> RequirementsRewriter.normaliseName(o.name())).toList();
        WheelVariants.overrides(ctx.config(), choice).stream()
                .filter(o -> !pinned.contains(RequirementsRewriter.normaliseName(o.name()))).forEach(out::add);
        return out;
    }

    /** The checkout's indexes and the configuration's, then the variant's. */
    static List<String> extraIndexUrls(StepContext ctx, VariantChoice choice) {
        List<String> out = new ArrayList<>(stack(ctx).extraIndexUrls());
        WheelVariants.extraIndexUrls(ctx.config(), choice).stream().filter(u -> !out.contains(u)).forEach(out::add);
        return out;
    }

    public static Path derivedFile(StepContext ctx) {
        return ctx.workspace().derivedRequirements();
    }

    @Override
    public boolean isDone(StepContext ctx) {
        RequirementsState state = ctx.state().get(RequirementsState.SECTION, RequirementsState.class);
        Path source = sourceFile(ctx);
        if (state == null || state.stamp() == null || !Files.isRegularFile(source)) {
            return false;
        }
        Path python = PythonEnv.interpreter(ctx.workspace());
        Optional<String> version = PythonEnv.version(python.toString(), ctx.host());
        if (version.isEmpty()) {
            return false;
        }
        try {
            return state.stamp().equals(stamp(ctx, derive(ctx, source, choice(ctx)).text(), python, version.get()));
        } catch (IOException e) {
            LOG.debug("the requirements' stamp cannot be computed: counted as not done", e);
            return false;
        }
    }

    /** The wheel variant for this host's GPU (none when the profile has no variants). */
    public static VariantChoice choice(StepContext ctx) {
        return WheelVariants.choose(ctx.config(), ctx.host());
    }

    /**
     * What would be installed: the derived file, the variant's sentence, and the final pin of every package that
     * the variant or an override changes (from the source file when it is there, else the configured pins).
     */
    @Override
    public String plan(StepContext ctx) {
        Path source = sourceFile(ctx);
        VariantChoice choice = choice(ctx);
        String installer = ctx.host().which("uv").isPresent() ? "uv pip" : "pip";
        if (!Files.isRegularFile(ctx.workspace().userRequirements()) && stack(ctx).requirementsFile() == null) {
            return "install the requirements file the checkout holds (known once the source is there) with "
                    + installer + " into " + PythonEnv.interpreter(ctx.workspace())
                    + (stack(ctx).problem() == null ? "" : System.lineSeparator() + "      " + stack(ctx).problem());
        }
        List<PinOverride> overrides = overrides(ctx, choice);
        String indent = System.lineSeparator() + "      ";
        StringBuilder b = new StringBuilder("derive " + derivedFile(ctx) + " from " + source + " ("
                + overrides.size() + " override(s) configured) and install it with " + installer + " into "
                + PythonEnv.interpreter(ctx.workspace()));
        if (choice.present()) {
            b.append(indent).append(choice.reason());
        }
        InstallStack stack = stack(ctx);
        if (stack.fromCheckout()) {
            stack.lines().forEach(l -> b.append(indent).append(l));
        }
        List<String> pins = new ArrayList<>();
        try {
            if (Files.isRegularFile(source)) {
                derive(ctx, source, choice).applied().forEach(a -> pins.add("pin " + a.to() + " (was " + a.from()
                        + ")"));
            } else {
                overrides.forEach(o -> pins.add("pin " + o.requirement() + " (when " + o.name() + " is in the"
                        + " requirements; the source is not there yet)"));
            }
        } catch (IOException e) {
            pins.add("the pins cannot be shown: " + source + " cannot be read (" + e.getMessage() + ")");
        }
        pins.forEach(p -> b.append(indent).append(p));
        return b.toString();
    }

    @Override
    public StepOutcome run(StepContext ctx) throws StepFailedException, Cancellation.CancelledException, IOException {
        Path source = sourceFile(ctx);
        InstallStack stack = stack(ctx);
        if (stack.problem() != null && !Files.isRegularFile(ctx.workspace().userRequirements())) {
            throw new StepFailedException(stack.problem());
        }
        if (!Files.isRegularFile(source)) {
            throw new StepFailedException("The requirements file " + source + " does not exist: run the source step"
                    + " first, check \"requirementsFile\" in launcher.json, or drop your own requirements.txt.");
        }
        Path python = PythonEnv.interpreter(ctx.workspace());
        String version = PythonEnv.version(python.toString(), ctx.host()).orElseThrow(() -> new StepFailedException(
                "The Python environment " + ctx.workspace().env() + " is missing or broken: run the python step"
                        + " (or Repair) first."));
        VariantChoice choice = choice(ctx);
        if (choice.present()) {
            ctx.info(choice.reason());
        }
        RequirementsRewriter.Result derived;
        try {
            derived = derive(ctx, source, choice);
        } catch (IOException e) {
            throw new StepFailedException("The requirements file " + source + " cannot be read: " + e.getMessage()
                    + ". Fix the file (or drop a corrected requirements.txt) and run again.", List.of(), e);
        }
        Path derivedFile = derivedFile(ctx);
        AtomicFiles.writeString(derivedFile, derived.text());
        ctx.log("Requirements: " + source + " → " + derivedFile);
        for (RequirementsRewriter.Applied a : derived.applied()) {
            ctx.info("Override applied: " + a.from() + " → " + a.to() + (a.reason().isBlank() ? "" : " (" + a.reason()
                    + ")") + ".");
        }
        derived.notes().forEach(ctx::info);

        boolean uv = ctx.host().which("uv").isPresent();
        List<String> argv = uv ? uvCommand(ctx, python, derivedFile) : pipCommand(python, derivedFile);
        ctx.log("$ " + String.join(" ", argv));
        Deque<String> seen = new ArrayDeque<>();
        AtomicLong collected = new AtomicLong();
        Map<String, String> env = PythonEnv.installEnv(ctx.workspace(), ctx.host());
        CommandResult r = CommandRunner.run(argv, source.getParent(), env, INSTALL_TIMEOUT, line -> {
            ctx.log(line);
            synchronized (seen) {
                if (seen.size() >= KEEP_LINES) {
                    seen.removeFirst();
                }
                seen.addLast(line);
            }
            if (line.startsWith("Collecting ") || line.startsWith("Downloading ") || line.startsWith("Building ")) {
                ctx.progress(collected.incrementAndGet(), -1, 0, -1, line.strip());
            }
        }, ctx.cancellation());
        if (r.cancelled()) {
            throw new Cancellation.CancelledException();
        }
        if (!r.ok()) {
            List<String> output;
            synchronized (seen) {
                output = new ArrayList<>(seen);
            }
            InstallFailure.Diagnosis d = InstallFailure.classify(output, r.exitCode(), r.timedOut(),
                    INSTALL_TIMEOUT.toHours() + " hours");
            throw new StepFailedException(d.sentence(), r.lastLines());
        }
        List<RequirementsState.Override> applied = derived.applied().stream()
                .map(a -> new RequirementsState.Override(a.name(), a.from(), a.to(), a.reason())).toList();
        ctx.state().put(RequirementsState.SECTION, new RequirementsState(
                stamp(ctx, derived.text(), python, version), derivedFile.toString(), source.toString(), applied,
                uv ? "uv" : "pip", choice.present() ? choice.name() : null,
                choice.present() ? choice.reason() : null));
        return StepOutcome.done("installed " + ctx.workspace().root().relativize(source) + " with "
                + (uv ? "uv" : "pip") + (choice.present() ? ", wheel variant " + choice.name() : "")
                + (applied.isEmpty() ? "" : ", " + applied.size() + " override(s) applied"));
    }

    /**
     * The derived requirements for the chosen variant: its name heads the text, so a change of GPU that changes the
     * variant changes the text and with it the stamp, and the step runs again.
     */
    private static RequirementsRewriter.Result derive(StepContext ctx, Path source, VariantChoice choice)
            throws IOException {
        RequirementsRewriter.Result r = RequirementsRewriter.rewrite(source,
                f -> Files.readString(f, java.nio.charset.StandardCharsets.UTF_8),
                overrides(ctx, choice), extraIndexUrls(ctx, choice));
        if (!choice.present()) {
            return r;
        }
        return new RequirementsRewriter.Result("# Wheel variant: " + choice.name() + "\n" + r.text(), r.applied(),
                r.notes());
    }

    private static List<String> uvCommand(StepContext ctx, Path python, Path derived) {
        List<String> argv = new ArrayList<>(List.of(ctx.host().which("uv").orElseThrow().toString(), "pip", "install",
                "--python", python.toString(), "-r", derived.toString()));
        InstallStack stack = stack(ctx);
        if (stack.indexStrategy() != null) {
            argv.addAll(List.of("--index-strategy", stack.indexStrategy().value()));
        }
        return argv;
    }

    private static List<String> pipCommand(Path python, Path derived) {
        return List.of(python.toString(), "-m", "pip", "install", "--progress-bar", "off",
                "--disable-pip-version-check", "--no-input", "-r", derived.toString());
    }

    /**
     * What the last success installed for: the derived text, the interpreter and its version, and the environment
     * folder's identity (inode), so a rebuilt environment is installed into again even at the same path.
     */
    static String stamp(StepContext ctx, String derivedText, Path python, String version) {
        String identity = "";
        try {
            Object key = Files.readAttributes(ctx.workspace().env(), BasicFileAttributes.class).fileKey();
            identity = key == null ? "" : key.toString();
        } catch (IOException e) {
            LOG.debug("no environment folder: the stamp then cannot match a real install", e);
        }
        return Sha256.ofString(derivedText + "\n" + python + "\n" + version + "\n" + identity);
    }
}
