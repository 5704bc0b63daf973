package org.visomaster.launcher.steps.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.infra.metrics.GpuFacts;
import org.visomaster.launcher.infra.metrics.GpuFactsProbe;
import org.visomaster.launcher.infra.util.MoveAside;
import org.visomaster.launcher.engine.StepIds;
import org.visomaster.launcher.steps.stack.InstallStack;

/**
 * Step "source": gets VisoMaster's source tree to the configured remote and ref with JGit. The rules (absent folder,
 * same remote, other remote, user-provided folder, foreign folder) are in docs/engine-source-python.md. Nothing is
 * ever deleted: folders in the way are moved aside, local changes are stashed.
 */
public final class SourceStep implements Step {
    private static final Logger LOG = LoggerFactory.getLogger(SourceStep.class);
    public static final StepId ID = StepIds.SOURCE;

    /** What is found at the source path, before anything is changed. */
    enum Situation { ABSENT, SAME_REMOTE, OTHER_REMOTE, USER_PROVIDED, FOREIGN }

    @Override
    public StepId id() {
        return ID;
    }

    @Override
    public Set<StepId> needs() {
        return Set.of();
    }

    /** The ref, commit and mode of the last run, from the state. */
    @Override
    public Object report(StepContext ctx) {
        return ctx.state().get(SourceState.SECTION, SourceState.class);
    }

    @Override
    public String title() {
        return "VisoMaster source";
    }

    /**
     * Cheap and offline. Tag or commit: HEAD is at the commit the ref names locally. Branch: the state records a
     * successful run for this same remote and ref and HEAD is still at the commit recorded then (so a branch that
     * moved upstream is only followed by an explicit run of this step: {@code --only source} or Repair).
     */
    @Override
    public boolean isDone(StepContext ctx) throws IOException {
        Path src = ctx.workspace().source();
        SourceState state = ctx.state().get(SourceState.SECTION, SourceState.class);
        if (state != null && SourceState.USER_PROVIDED.equals(state.mode())) {
            return looksLikeVisoMaster(src) && inspect(src, ctx.config().repoUrl(), state) == Situation.USER_PROVIDED;
        }
        Optional<Git> opened = GitOps.open(src);
        if (opened.isEmpty()) {
            return false;
        }
        try (Git git = opened.get()) {
            if (!RemoteUrls.same(GitOps.originUrl(git), ctx.config().repoUrl())) {
                return false;
            }
            ObjectId head = git.getRepository().resolve(Constants.HEAD);
            Optional<ResolvedRef> ref = ResolvedRef.resolve(git.getRepository(), ctx.config().ref());
            if (head == null || ref.isEmpty()) {
                return false;
            }
            if (ref.get().kind() != ResolvedRef.Kind.BRANCH) {
                return ref.get().commit().equals(head);
            }
            return state != null && SourceState.CLONE.equals(state.mode())
                    && RemoteUrls.same(state.remote(), ctx.config().repoUrl())
                    && ctx.config().ref().equals(state.ref()) && head.name().equals(state.commit())
                    && sameHost(ctx, state);
        } catch (IOException e) {
            LOG.debug("the source at {} cannot be read: counted as not done", ctx.workspace().source(), e);
            return false;
        }
    }

    /**
     * A version chosen by the host stays done while the host's GPUs and driver are the ones it was chosen for (a
     * workspace moved to another box chooses again).
     */
    private static boolean sameHost(StepContext ctx, SourceState state) {
        if (state.host() == null) {
            return true;
        }
        GpuFacts facts = GpuFactsProbe.probe(ctx.host());
        return !facts.hasGpu() || facts.identity().equals(state.host());
    }

    /**
     * When the source step will not reach the remote (a folder or a clone you provided, used as it is): the sentence
     * saying so, for preflight, which then does not check the remote.
     */
    public static Optional<String> usedWithoutRemote(StepContext ctx) throws IOException {
        Path src = ctx.workspace().source();
        SourceState state = ctx.state().get(SourceState.SECTION, SourceState.class);
        if (inspect(src, ctx.config().repoUrl(), state) != Situation.USER_PROVIDED) {
            return Optional.empty();
        }
        return Optional.of("the VisoMaster you provided in " + src + " is used as it is, without reaching any remote");
    }

    @Override
    public String plan(StepContext ctx) throws IOException {
        Path src = ctx.workspace().source();
        String url = ctx.config().repoUrl();
        String ref = ctx.config().ref();
        SourceState state = ctx.state().get(SourceState.SECTION, SourceState.class);
        String chosen = InstallStack.fromCheckout(ctx.config()) ? "; on a branch, this host gets the newest commit"
                + " whose stack its driver and GPU run (" + HostChoice.hostText(GpuFactsProbe.probe(ctx.host())) + ")"
                : "";
        return switch (inspect(src, url, state)) {
            case ABSENT -> "clone " + url + " at " + ref + " into " + src + chosen;
            case SAME_REMOTE -> "fetch " + url + " and move " + src + " to " + ref
                    + " (local changes would be stashed)" + PlanPreview.known(ctx, src);
            case OTHER_REMOTE -> "move the clone of another remote in " + src + " aside to "
                    + src.getFileName() + ".moved-<time>, then clone " + url + " at " + ref;
            case FOREIGN -> "move the folder " + src + " (not VisoMaster) aside to " + src.getFileName()
                    + ".moved-<time>, then clone " + url + " at " + ref;
            case USER_PROVIDED -> "use " + src + " as you provided it (" + InstallStack.resolve(ctx.config(), src)
                    .headline() + "): no remote is reached and it is never updated";
        };
    }

    @Override
    public StepOutcome run(StepContext ctx) throws StepFailedException, Cancellation.CancelledException, IOException {
        Path src = ctx.workspace().source();
        String url = ctx.config().repoUrl();
        String ref = ctx.config().ref();
        Situation situation = inspect(src, url, ctx.state().get(SourceState.SECTION, SourceState.class));
        String warning = null;
        switch (situation) {
            case USER_PROVIDED -> {
                return userProvided(ctx, src);
            }
            case SAME_REMOTE -> {
                try (Git git = GitOps.open(src).orElseThrow()) {
                    UpdateOperation.Result r = UpdateOperation.update(ctx, git, src);
                    record(ctx, r.target(), r.head(), r.note(), r.choice());
                    return r.warning() == null ? StepOutcome.done(r.note()) : StepOutcome.warning(r.note());
                }
            }
            case OTHER_REMOTE -> {
                String other;
                try (Git git = GitOps.open(src).orElseThrow()) {
                    other = GitOps.originUrl(git);
                }
                Path moved = MoveAside.move(src, "moved");
                warning = src + " was a clone of " + (other == null ? "no remote" : other) + ", not " + url
                        + "; it was moved to " + moved + " and a fresh clone was made.";
            }
            case FOREIGN -> {
                Path moved = MoveAside.move(src, "moved");
                warning = src + " did not look like VisoMaster (no main.py and app/); it was moved to " + moved
                        + " and VisoMaster was cloned.";
            }
            case ABSENT -> {
                // clone below
            }
        }
        if (warning != null) {
            ctx.warn(warning);
        }
        ctx.log("Cloning " + url + " at " + ref + " …");
        HostChoice choice = CloneOperation.cloneInto(ctx, src);
        ResolvedRef target = choice.target();
        String note = "cloned " + url + " at " + UpdateOperation.describe(target);
        record(ctx, target, target.commit(), note, choice);
        return warning == null ? StepOutcome.done(note) : StepOutcome.warning(note);
    }

    private static StepOutcome userProvided(StepContext ctx, Path src) throws IOException {
        InstallStack stack = InstallStack.resolve(ctx.config(), src);
        String version = stack.version() == null ? "unknown" : stack.version().value();
        String remote = null;
        String commit = null;
        Optional<Git> opened = GitOps.open(src);
        if (opened.isPresent()) {
            try (Git git = opened.get()) {
                remote = GitOps.originUrl(git);
                ObjectId head = git.getRepository().resolve(Constants.HEAD);
                commit = head == null ? null : head.name();
            }
        }
        String what = opened.isPresent() ? "a clone of " + (remote == null ? "no remote" : remote) + " that the"
                + " launcher did not make" : "a VisoMaster folder that is not a git clone";
        String note = "using the VisoMaster you provided (version " + version + "), as it is";
        ctx.info(src + " is " + what + " (version " + version + " from " + (stack.version() == null ? "nothing"
                : stack.version().source()) + "): it is used as it is, offline, and never updated. Move it away and"
                + " run again to get a clone the launcher keeps up to date.");
        ctx.state().put(SourceState.SECTION, new SourceState(SourceState.USER_PROVIDED, remote, null,
                opened.isPresent() ? "commit" : null, commit, note, ctx.config().profile(), version, null, null));
        return StepOutcome.done(note);
    }

    private static void record(StepContext ctx, ResolvedRef target, ObjectId head, String note, HostChoice choice) {
        var known = InstallStack.resolve(ctx.config(), ctx.workspace().source()).version();
        String version = known == null ? null : known.value();
        ctx.state().put(SourceState.SECTION, new SourceState(SourceState.CLONE, ctx.config().repoUrl(),
                ctx.config().ref(), target.kind().name().toLowerCase(java.util.Locale.ROOT),
                head == null ? null : head.name(), note + (version == null ? "" : ", version " + version),
                ctx.config().profile(), version, choice == null ? null : choice.sentence(),
                choice == null || choice.facts() == null || !choice.facts().hasGpu() ? null
                        : choice.facts().identity()));
    }

    /**
     * What is at the source path. A git clone is the launcher's own when it carries the launcher's mark (or the state
     * recorded it as the launcher's clone of its origin): only those are fetched, updated or replaced. Any other
     * clone, of whatever fork, is one you put there and is used as it is.
     */
    static Situation inspect(Path src, String url, SourceState state) throws IOException {
        if (!Files.exists(src, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Situation.ABSENT;
        }
        if (Files.isDirectory(src) && isEmpty(src)) {
            return Situation.ABSENT;
        }
        if (Files.isDirectory(src) && Files.exists(src.resolve(".git"))) {
            Optional<Git> git;
            try {
                git = GitOps.open(src);
            } catch (IOException e) {
                LOG.debug("{} has a .git that JGit cannot open: treated as a foreign folder", src, e);
                git = Optional.empty();
            }
            if (git.isPresent()) {
                try (Git g = git.get()) {
                    String origin = GitOps.originUrl(g);
                    boolean ours = g.getRepository().getConfig().getBoolean(CloneOperation.MARK_SECTION,
                            CloneOperation.MARK_KEY, false) || state != null && SourceState.CLONE.equals(state.mode())
                            && origin != null && RemoteUrls.same(state.remote(), origin);
                    if (!ours) {
                        return looksLikeVisoMaster(src) ? Situation.USER_PROVIDED : Situation.OTHER_REMOTE;
                    }
                    return RemoteUrls.same(origin, url) ? Situation.SAME_REMOTE : Situation.OTHER_REMOTE;
                }
            }
            return Situation.OTHER_REMOTE;
        }
        return looksLikeVisoMaster(src) ? Situation.USER_PROVIDED : Situation.FOREIGN;
    }

    static boolean looksLikeVisoMaster(Path dir) {
        return Files.isRegularFile(dir.resolve("main.py")) && Files.isDirectory(dir.resolve("app"));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
