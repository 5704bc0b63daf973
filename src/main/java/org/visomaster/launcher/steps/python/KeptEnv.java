package org.visomaster.launcher.steps.python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.util.FileUtils;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.infra.util.AtomicFiles;
import org.visomaster.launcher.infra.util.MoveAside;

/**
 * The environment of the other stack, kept beside the current one: when the checkout's Python changes (Fusion 2.x's
 * 3.11 to 3.x's 3.12), the working environment is renamed to {@code envs/viso_env.kept-py3.11} instead of being
 * put aside as broken, and a rollback to a version of that Python renames it back (its packages are there; pip only
 * checks the pins). At most two environments exist: the current one and one kept; an older kept one is removed.
 * Kept environments always return to the path they were built at, so their scripts need no relocation.
 */
final class KeptEnv {
    static final String PREFIX = "viso_env.kept-py";

    private KeptEnv() {
    }

    static Path path(StepContext ctx, String minor) {
        return ctx.workspace().envs().resolve(PREFIX + minor);
    }

    /** Moves the working environment of Python {@code has} into the kept slot; returns the sentence saying so. */
    static String keep(StepContext ctx, Path env, String has) throws IOException {
        String minor = PythonEnv.minor(has);
        removeKept(ctx, null);
        Path kept = path(ctx, minor);
        AtomicFiles.moveAtomically(env, kept);
        String sentence = "The Python " + has + " environment of the version installed until now was kept as " + kept
                + " (a rollback to that version, or an update that fails, puts it back).";
        ctx.info(sentence);
        return sentence;
    }

    /**
     * Before a new environment is built beside the working one (which is kept once the new one is complete): removes
     * the older kept environments, so that with the working one and the new one at most two exist at any time.
     */
    static void makeRoomBeside(StepContext ctx) throws IOException {
        removeKept(ctx, null);
    }

    /**
     * Puts the kept environment of Python {@code wanted} back in place (the current one, if it works, is kept in its
     * turn). False when there is none that runs.
     */
    static boolean restore(StepContext ctx, String wanted) throws IOException {
        Path kept = path(ctx, wanted);
        if (!Files.isDirectory(kept) || !restorable(ctx, wanted)) {
            return false;
        }
        Path env = ctx.workspace().env();
        Path restoring = env.resolveSibling(".viso_env.restoring-" + MoveAside.stamp());
        AtomicFiles.moveAtomically(kept, restoring);
        Path current = PythonEnv.interpreter(ctx.workspace());
        Optional<String> has = Files.exists(env) ? PythonEnv.version(current.toString(), ctx.host()) : Optional.empty();
        if (has.isPresent() && !Files.exists(PythonEnv.incompleteMarker(ctx.workspace()))) {
            keep(ctx, env, has.get());
        } else if (Files.exists(env, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            MoveAside.move(env, "broken");
        }
        AtomicFiles.moveAtomically(restoring, env);
        ctx.info("The kept Python " + wanted + " environment is in place again as " + env + "; no new environment"
                + " was built.");
        return true;
    }

    /** True when a kept environment of Python {@code wanted} runs. */
    static boolean restorable(StepContext ctx, String wanted) {
        Path python = path(ctx, wanted).resolve("bin/python");
        return PythonEnv.version(python.toString(), ctx.host()).map(v -> PythonEnv.minor(v).equals(wanted))
                .orElse(false);
    }

    static int count(StepContext ctx) throws IOException {
        return kept(ctx).size();
    }

    /** The bytes of the kept environments (removed when the current one is kept in their place). */
    static long keptBytes(StepContext ctx) throws IOException {
        long total = 0;
        for (Path k : kept(ctx)) {
            try (Stream<Path> files = Files.walk(k)) {
                total += files.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        .mapToLong(f -> f.toFile().length()).sum();
            }
        }
        return total;
    }

    private static List<Path> kept(StepContext ctx) throws IOException {
        Path envs = ctx.workspace().envs();
        if (!Files.isDirectory(envs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(envs)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList();
        }
    }

    /** Removes every kept environment but {@code except}: with the current one, at most two exist. */
    private static void removeKept(StepContext ctx, Path except) throws IOException {
        Path envs = ctx.workspace().envs();
        if (!Files.isDirectory(envs)) {
            return;
        }
        List<Path> kept;
        try (Stream<Path> s = Files.list(envs)) {
            kept = s.filter(p -> p.getFileName().toString().startsWith(PREFIX)).filter(p -> !p.equals(except))
                    .toList();
        }
        for (Path p : kept) {
            ctx.log("Removing the older kept environment " + p + " (at most two environments are kept).");
            FileUtils.delete(p.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
        }
    }
}
