package org.visomaster.launcher.steps.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.visomaster.launcher.engine.StateStore;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.infra.metrics.GpuFactsProbe;
import org.visomaster.launcher.infra.util.AtomicFiles;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.steps.stack.HistoryWalk;
import org.visomaster.launcher.steps.stack.InstallStack;
import org.visomaster.launcher.steps.stack.StackTable;

/**
 * Is there a newer version this host runs? For the launcher's own clone of a tracked branch (profile fusion): fetch
 * origin (only its remote refs move; the work tree is not touched) at most once per {@code maxAge}, then choose as the
 * source step would. The answer is kept in {@code .launcher/updates.json} (not state.json: status and the window
 * write nothing else); without network it says "offline" and keeps the last answer. `provision --update` installs
 * what it found.
 */
public final class UpdateCheck {
    static final String FILE = "updates.json";
    public static final Duration EVERY = Duration.ofMinutes(30);
    static final int FETCH_TIMEOUT_SECONDS = 15;

    /**
     * @param installed     the version checked out now
     * @param newest        the newest version this host runs (null: never known)
     * @param newestCommit  its commit
     * @param available     true when that is newer than the installed one
     * @param offline       the last fetch failed
     * @param checkedAt     when origin was last reached (null: never)
     * @param sentence      all of it in one sentence
     */
    public record UpdateState(String installed, String newest, String newestCommit, boolean available,
                              boolean offline, Instant checkedAt, Instant triedAt, String sentence) {
    }

    private UpdateCheck() {
    }

    /** The answer for this workspace, fetching when the last try is older than {@code maxAge}. */
    public static UpdateState check(StepContext ctx, Duration maxAge, Clock clock) {
        return check(ctx.workspace(), ctx.config(), ctx.host(), ctx.state(), maxAge, clock);
    }

    public static UpdateState check(Workspace ws, LauncherConfig config, HostEnvironment host, StateStore state,
                                    Duration maxAge, Clock clock) {
        Path src = ws.source();
        SourceState source = state.get(SourceState.SECTION, SourceState.class);
        Path file = ws.stateDir().resolve(FILE);
        UpdateState last = read(file);
        String installed = source == null ? null : source.version();
        try {
            if (!InstallStack.fromCheckout(config)
                    || SourceStep.inspect(src, config.repoUrl(), source) != SourceStep.Situation.SAME_REMOTE) {
                return untracked(config, source, installed);
            }
        } catch (IOException e) {
            return new UpdateState(installed, null, null, false, false, null, null, "Updates cannot be checked: "
                    + e.getMessage() + ".");
        }
        Instant now = clock.instant();
        if (last != null && last.triedAt() != null && Duration.between(last.triedAt(), now).compareTo(maxAge) < 0
                && java.util.Objects.equals(last.installed(), installed)) {
            return last;
        }
        UpdateState fresh = fetchAndChoose(config, host, src, installed, last, now);
        try {
            AtomicFiles.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(fresh));
        } catch (IOException e) {
            // the answer stands; only the 30-minute pause is lost
        }
        return fresh;
    }

    private static UpdateState read(Path file) {
        try {
            return Files.isRegularFile(file) ? Json.MAPPER.readValue(file.toFile(), UpdateState.class) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static UpdateState untracked(LauncherConfig config, SourceState source, String installed) {
        String why = source != null && SourceState.USER_PROVIDED.equals(source.mode())
                ? "the VisoMaster you provided is used as it is and never updated"
                : !InstallStack.fromCheckout(config) ? "profile " + config.profile() + " is pinned to "
                + config.ref() : "VisoMaster is not installed yet";
        return new UpdateState(installed, null, null, false, false, null, null, "No update check: " + why + ".");
    }

    private static UpdateState fetchAndChoose(LauncherConfig config, HostEnvironment host, Path src, String installed,
                                              UpdateState last, Instant now) {
        String url = config.repoUrl();
        try (Git git = GitOps.open(src).orElseThrow(() -> new IOException(src + " is not a clone"))) {
            try {
                git.fetch().setRemote("origin").setTimeout(FETCH_TIMEOUT_SECONDS).call();
            } catch (GitAPIException | JGitInternalException e) {
                String known = last == null || last.newest() == null ? ""
                        : " The newest version known from " + last.checkedAt() + " is " + last.newest() + ".";
                return new UpdateState(installed, last == null ? null : last.newest(),
                        last == null ? null : last.newestCommit(), last != null && last.available(), true,
                        last == null ? null : last.checkedAt(), now, "Offline: " + GitFailures.unreachable(url, e)
                        + known);
            }
            Optional<ResolvedRef> ref = ResolvedRef.resolve(git.getRepository(), config.ref());
            if (ref.isEmpty() || ref.get().kind() != ResolvedRef.Kind.BRANCH) {
                return new UpdateState(installed, null, null, false, false, now, now, "No update check: "
                        + config.ref() + " is not a branch of " + url + ".");
            }
            HistoryWalk.Pick pick = HistoryWalk.pick(git.getRepository(), ref.get().commit(), StackTable.bundled(),
                    GpuFactsProbe.probe(host));
            if (pick.chosen() == null) {
                return new UpdateState(installed, null, null, false, false, now, now, "No version of "
                        + ref.get().name() + " runs on this host any more; see the source step.");
            }
            ObjectId head = git.getRepository().resolve(Constants.HEAD);
            boolean newer = head != null && !pick.chosen().equals(head)
                    && UpdateOperation.isAncestor(git.getRepository(), head, pick.chosen());
            String newest = pick.stack().version().value();
            String tip = pick.tipRuns() ? "" : " (" + pick.tipStack().version().value() + ", the newest on "
                    + ref.get().name() + ", needs " + pick.tipStack().entry().describe() + ")";
            String sentence = newer ? "Update available: " + newest + " (" + pick.chosen().abbreviate(7).name()
                    + ") runs on this host, " + installed + " is installed" + tip
                    + "; install it with `visomaster-launcher provision --update` or the window's Update button."
                    : "Up to date: " + installed + " is the newest version this host runs" + tip + ".";
            return new UpdateState(installed, newest, pick.chosen().name(), newer, false, now, now, sentence);
        } catch (IOException e) {
            return new UpdateState(installed, null, null, false, false, null, now, "Updates cannot be checked: "
                    + e.getMessage() + ".");
        }
    }

}
