package org.visomaster.launcher.steps.python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.visomaster.launcher.engine.StepIds;
import org.visomaster.launcher.steps.source.SourceStep;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.infra.util.AtomicFiles;
import org.visomaster.launcher.infra.util.MoveAside;
import org.visomaster.launcher.steps.stack.InstallStack;

/**
 * Step "python": the environment at {@code envs/viso_env} with exactly the profile's Python X.Y. A working one is
 * reused; a broken one is moved aside (never deleted) and rebuilt; a working one of another Python (a new stack) is
 * kept beside the new one ({@link KeptEnv}). A new environment is built beside the current one under a temporary
 * name, and only once it is complete does the current one make way and the new one take its name, so a kill never leaves a half environment under the final
 * name (conda environments cannot be renamed: they are built in place behind an "incomplete" marker instead).
 */
public final class PythonStep implements Step {
    public static final StepId ID = StepIds.PYTHON;
    static final String BUILDING_PREFIX = ".viso_env.building-";

    @Override
    public StepId id() {
        return ID;
    }

    @Override
    public Set<StepId> needs() {
        return Set.of(SourceStep.ID);
    }

    /** The manager, interpreter and version of the environment, from the state. */
    @Override
    public Object report(StepContext ctx) {
        return ctx.state().get(PythonState.SECTION, PythonState.class);
    }

    @Override
    public String title() {
        return "Python environment";
    }

    @Override
    public boolean isDone(StepContext ctx) {
        return usable(ctx).isPresent();
    }

    /** The full version of the environment's interpreter when it is complete and of the wanted X.Y. */
    private static Optional<String> usable(StepContext ctx) {
        Optional<String> wanted = wanted(ctx);
        if (wanted.isEmpty() || Files.exists(incompleteMarker(ctx))) {
            return Optional.empty();
        }
        Path python = PythonEnv.interpreter(ctx.workspace());
        return PythonEnv.version(python.toString(), ctx.host())
                .filter(v -> PythonEnv.minor(v).equals(wanted.get()));
    }

    /**
     * The Python X.Y to build: the profile's, or (profile fusion) the checkout's README or portable script, else the
     * stack table's row for its requirements file. Empty while that is not known.
     */
    public static Optional<String> wanted(StepContext ctx) {
        InstallStack stack = InstallStack.resolve(ctx.config(), ctx.workspace().source());
        return stack.python() == null ? Optional.empty() : Optional.of(stack.python().value());
    }

    /**
     * For the disk check: whether the python step will build a new environment (not when the current one or a kept
     * one serves; a kept one comes back with its packages), the bytes it frees (the older kept environments it removes when it keeps the current one), and
     * how many environments are on disk now (at most two).
     */
    public record EnvSpace(boolean newEnvironment, boolean restoresKept, long freedBytes, int environments) {
    }

    public static EnvSpace envSpace(StepContext ctx) throws IOException {
        int count = KeptEnv.count(ctx) + (Files.isDirectory(ctx.workspace().env()) ? 1 : 0);
        Optional<String> wanted = wanted(ctx);
        if (wanted.isPresent() && usable(ctx).isPresent()) {
            return new EnvSpace(false, false, 0, count);
        }
        if (wanted.isPresent() && KeptEnv.restorable(ctx, wanted.get())) {
            return new EnvSpace(false, true, 0, count);
        }
        boolean keepsCurrent = Files.isDirectory(ctx.workspace().env()) && PythonEnv.version(
                PythonEnv.interpreter(ctx.workspace()).toString(), ctx.host()).isPresent();
        return new EnvSpace(true, false, keepsCurrent ? KeptEnv.keptBytes(ctx) : 0, count);
    }

    private static String wantedOrFail(StepContext ctx) throws StepFailedException {
        InstallStack stack = InstallStack.resolve(ctx.config(), ctx.workspace().source());
        if (stack.python() == null) {
            throw new StepFailedException(stack.problem() != null ? stack.problem() : "The Python version is read"
                    + " from the checkout, and " + ctx.workspace().source() + " is not there: run the source step first.");
        }
        return stack.python().value();
    }

    @Override
    public String plan(StepContext ctx) {
        InstallStack stack = InstallStack.resolve(ctx.config(), ctx.workspace().source());
        if (stack.python() == null) {
            return "create the Python environment in " + ctx.workspace().env() + " for the Python the checkout names"
                    + " (read once the source is there)";
        }
        String version = stack.python().value();
        Path env = ctx.workspace().env();
        if (isDone(ctx)) {
            return "reuse the Python " + version + " environment in " + env;
        }
        String how = PythonLocator.choose(ctx.host(), version, ctx.config().envManager())
                .map(m -> "with " + m.name() + " (" + m.describe() + ")")
                .orElse("(no way to get Python " + version + " was found)");
        String aside = Files.exists(env) ? "move the unusable environment " + env + " aside, then " : "";
        return aside + "create a Python " + version + " environment in " + env + " " + how + "; Python "
                + stack.python().text();
    }

    @Override
    public StepOutcome run(StepContext ctx) throws StepFailedException, Cancellation.CancelledException, IOException {
        String version = wantedOrFail(ctx);
        Path env = ctx.workspace().env();
        Path python = PythonEnv.interpreter(ctx.workspace());
        Optional<String> current = usable(ctx);
        if (current.isPresent()) {
            PythonState old = ctx.state().get(PythonState.SECTION, PythonState.class);
            String manager = old != null && old.manager() != null ? old.manager() : "existing";
            ctx.state().put(PythonState.SECTION, new PythonState(manager, python.toString(), current.get()));
            return StepOutcome.done("reusing Python " + current.get() + " in " + env);
        }
        try (PythonEnv.Lease changing = PythonEnv.changing(ctx.workspace())) {
            if (KeptEnv.restore(ctx, version)) {
                String restored = PythonEnv.version(python.toString(), ctx.host()).orElse(version);
                ctx.state().put(PythonState.SECTION, new PythonState("kept", python.toString(), restored));
                return StepOutcome.done("restored the kept Python " + restored + " environment in " + env);
            }
        }
        EnvManager manager = PythonLocator.choose(ctx.host(), version, ctx.config().envManager())
                .orElseThrow(() -> new StepFailedException(
                        PythonLocator.notFoundSentence(version, ctx.config().envManager())));
        String warning;
        try (PythonEnv.Lease changing = PythonEnv.changing(ctx.workspace())) {
            ctx.log("Creating a Python " + version + " environment with " + manager.name() + ": "
                    + manager.describe());
            if (manager.relocatable()) {
                if (works(ctx, env, python)) {
                    KeptEnv.makeRoomBeside(ctx);
                }
                Path built = buildBeside(ctx, manager, env, version);
                warning = moveAsideUnusable(ctx, env, python, version);
                AtomicFiles.moveAtomically(built, env);
                List<Path> fixed = EnvRelocation.fix(env, built);
                ctx.log("Moved the new environment into place (" + fixed.size() + " script paths updated).");
            } else {
                warning = moveAsideUnusable(ctx, env, python, version);
                buildInPlace(ctx, manager, env, version);
            }
        }
        String built = PythonEnv.version(python.toString(), ctx.host()).orElse("?");
        if (!PythonEnv.minor(built).equals(version)) {
            throw new StepFailedException("The new environment in " + env + " reports Python " + built + " instead of "
                    + version + ": set envManager to another manager in launcher.json, or pick another profile.");
        }
        ctx.state().put(PythonState.SECTION, new PythonState(manager.name(), python.toString(), built));
        String detail = "created Python " + built + " in " + env + " with " + manager.name();
        return warning == null ? StepOutcome.done(detail) : StepOutcome.warning(detail);
    }

    private static String moveAsideUnusable(StepContext ctx, Path env, Path python, String version)
            throws IOException {
        boolean incomplete = Files.exists(incompleteMarker(ctx));
        if (!Files.exists(env, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(incompleteMarker(ctx));
            return null;
        }
        String why;
        if (incomplete) {
            why = "was left unfinished by an earlier run";
        } else if (!Files.exists(python)) {
            why = "has no bin/python";
        } else {
            Optional<String> has = PythonEnv.version(python.toString(), ctx.host());
            if (has.isPresent()) {
                Files.deleteIfExists(incompleteMarker(ctx));
                KeptEnv.keep(ctx, env, has.get());
                return null;
            }
            why = "has a python that does not run";
        }
        Path moved = MoveAside.move(env, "broken");
        Files.deleteIfExists(incompleteMarker(ctx));
        String warning = "The Python environment " + env + " " + why + "; it was moved to " + moved
                + " and a new one is built.";
        ctx.warn(warning);
        return warning;
    }

    /**
     * Builds the new environment beside the current one, under a temporary name: the current one stays in place
     * and untouched until the new one is complete (a failed or stopped build leaves it as it was).
     */
    private static Path buildBeside(StepContext ctx, EnvManager manager, Path env, String version)
            throws StepFailedException, Cancellation.CancelledException, IOException {
        Path envs = env.getParent();
        Files.createDirectories(envs);
        for (Path stale : staleBuilds(envs)) {
            Path moved = MoveAside.move(stale, "broken", env.getFileName().toString());
            ctx.warn("An unfinished environment from an earlier run (" + stale.getFileName() + ") was moved to "
                    + moved + "; nothing in it is used.");
        }
        Path tmp = envs.resolve(BUILDING_PREFIX + MoveAside.stamp());
        manager.create(tmp, version, ctx);
        ctx.cancellation().throwIfCancelled();
        if (!Files.exists(tmp.resolve("bin/python"))) {
            throw new StepFailedException(manager.name() + " reported success but made no bin/python in " + tmp
                    + ": move that folder away and run again, or set envManager to another manager.");
        }
        return tmp;
    }

    /** True when the environment in place is complete and its interpreter runs (it is kept, not put aside). */
    private static boolean works(StepContext ctx, Path env, Path python) {
        return Files.isDirectory(env) && !Files.exists(incompleteMarker(ctx))
                && PythonEnv.version(python.toString(), ctx.host()).isPresent();
    }

    private static void buildInPlace(StepContext ctx, EnvManager manager, Path env, String version)
            throws StepFailedException, Cancellation.CancelledException, IOException {
        Path marker = incompleteMarker(ctx);
        AtomicFiles.writeString(marker, "building " + env + " with " + manager.describe() + "\n");
        manager.create(env, version, ctx);
        ctx.cancellation().throwIfCancelled();
        Files.delete(marker);
    }

    private static Path incompleteMarker(StepContext ctx) {
        return PythonEnv.incompleteMarker(ctx.workspace());
    }

    private static List<Path> staleBuilds(Path envs) throws IOException {
        try (Stream<Path> s = Files.list(envs)) {
            return s.filter(p -> p.getFileName().toString().startsWith(BUILDING_PREFIX)).sorted().toList();
        }
    }
}
