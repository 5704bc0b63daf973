package org.visomaster.launcher.steps.source;

import java.util.Optional;
import java.util.Set;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.engine.RunOptions;
import org.visomaster.launcher.engine.RunResult;
import org.visomaster.launcher.engine.StateStore;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepIds;
import org.visomaster.launcher.infra.metrics.GpuFactsProbe;

/**
 * An update that does not pass is undone: when the run after an update checked out another version and then its
 * environment could not be built, its packages not installed, or its self-test failed, the workspace
 * goes back to the version that last passed the self-test on this GPU, exactly as {@code provision --rollback} does
 * (the pinned commit from the clone, its kept environment renamed back, its packages from the package cache). The
 * update's environment stays as the kept one, so at most two environments exist.
 */
public final class UpdateFallback {
    /**
     * The steps whose failure means the new version does not run here. A models download that stops resumes on the
     * next run instead (going back would only waste what was fetched).
     */
    private static final Set<StepId> UNDONE_WHEN_FAILED = Set.of(StepIds.PYTHON, StepIds.REQUIREMENTS,
            StepIds.SELFTEST);

    /** How an update ended: {@code sentence} is null when it passed or was not undone. */
    public record Outcome(boolean updated, boolean wentBack, String sentence) {
    }

    /** Runs the steps again (the front end's way: the command line stops it on Ctrl-C). */
    @FunctionalInterface
    public interface Rerun {
        RunResult run(RunOptions options) throws Exception;
    }

    private UpdateFallback() {
    }

    /** The commit installed now (null when none): taken before an update, to tell whether the update moved it. */
    public static String installedCommit(StateStore state) {
        SourceState s = state.get(SourceState.SECTION, SourceState.class);
        return s == null ? null : s.commit();
    }

    /**
     * After an update run that failed: goes back to the last version that passed here, when the update had moved
     * the checkout to another commit and such a version exists; returns the one sentence saying what failed and what
     * is installed now.
     */
    public static Outcome afterUpdate(ProvisionService service, String before, RunResult update, Rerun rerun)
            throws Exception {
        if (update.success() || update.cancelled()) {
            return new Outcome(update.success(), false, null);
        }
        StateStore state = service.state();
        SourceState tried = state.get(SourceState.SECTION, SourceState.class);
        if (tried == null || tried.commit() == null || tried.commit().equals(before)
                || update.failedStep() == null || !UNDONE_WHEN_FAILED.contains(update.failedStep())) {
            return new Outcome(false, false, null);
        }
        String gpu = GpuFactsProbe.probe(service.host()).identity();
        Optional<GoodVersions.Good> target = GoodVersions.rollbackTarget(state, gpu);
        String failed = failure(update, tried);
        if (target.isEmpty()) {
            return new Outcome(false, false, failed + "; no earlier version passed the self-test on this GPU, so"
                    + " there is none to go back to: run provision --repair, or wait for the next version.");
        }
        GoodVersions.Good good = target.get();
        GoodVersions.pin(state, good);
        RunResult back = rerun.run(RunOptions.from(SourceStep.ID));
        String version = good.version() + " (" + good.commit().substring(0, 7) + ")";
        if (!back.success()) {
            return new Outcome(false, false, failed + ", and going back to " + version + " failed too ("
                    + firstSentence(back) + "): run provision again (it keeps going back to " + good.version()
                    + "), or provision --repair.");
        }
        return new Outcome(false, true, failed + "; the launcher went back to " + version + " and its environment ("
                + pythonOf(state) + "), which passed the self-test on this GPU and is what runs now"
                + " (provision --update tries again).");
    }

    private static String failure(RunResult update, SourceState tried) {
        String what = "did not finish";
        if (!update.failures().isEmpty()) {
            String title = update.failures().get(0).title();
            String cause = firstSentence(update);
            String repeated = "The " + title + " failed: ";
            what = "failed at the " + title + " step (" + (cause.startsWith(repeated)
                    ? cause.substring(repeated.length()) : cause) + ")";
        }
        return "The update to " + (tried.version() == null ? "the new version" : tried.version()) + " ("
                + tried.commit().substring(0, 7) + ") " + what;
    }

    /** "Python 3.11.7", read as a map: the python step's package uses this one, not the other way round. */
    private static String pythonOf(StateStore state) {
        java.util.Map<?, ?> section = state.get("python", java.util.Map.class);
        Object python = section == null ? null : section.get("version");
        return python == null ? "its Python" : "Python " + python;
    }

    /** The failure's first sentence without its closing full stop, so it can sit inside another sentence. */
    private static String firstSentence(RunResult r) {
        String m = r.failures().isEmpty() ? r.message() : r.failures().get(0).message();
        m = m == null ? "no reason given" : m.strip();
        int end = m.indexOf(". ");
        m = end > 0 ? m.substring(0, end) : m;
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }
}
