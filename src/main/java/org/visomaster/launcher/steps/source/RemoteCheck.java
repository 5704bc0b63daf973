package org.visomaster.launcher.steps.source;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jgit.api.Git;

/** Is a git remote reachable? Used by preflight before anything is cloned. */
public final class RemoteCheck {
    static {
        SystemGitConfig.pin(); // before JGit reads any config: no git child sees the launcher's secrets
    }

    private RemoteCheck() {
    }

    /**
     * Lists the remote's refs (git ls-remote) within {@code timeout}. Empty when reachable, else the one sentence
     * saying what went wrong and what to do.
     */
    public static Optional<String> check(String url, Duration timeout) {
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        FutureTask<Void> task = new FutureTask<>(() -> {
            Git.lsRemoteRepository().setRemote(url).setTimeout(seconds).call();
            return null;
        });
        // DNS look-ups ignore JGit's timeout, so the whole call runs on its own thread with a hard deadline
        Thread t = new Thread(task, "ls-remote");
        t.setDaemon(true);
        t.start();
        try {
            task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            task.cancel(true);
            return Optional.of("Could not reach " + url + ": no answer within " + seconds
                    + " s. Check the network or set VISO_REPO_URL to a mirror.");
        } catch (ExecutionException e) {
            return Optional.of(GitFailures.unreachable(url, e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("Could not reach " + url + ": the check was interrupted. Run it again.");
        }
    }
}
