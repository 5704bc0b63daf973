package org.visomaster.launcher.steps.source;

import java.time.Duration;
import org.eclipse.jgit.lib.BatchingProgressMonitor;
import org.visomaster.launcher.engine.StepContext;

/** JGit progress (counting, receiving, resolving, checking out) as step progress events and log lines. */
final class GitProgress extends BatchingProgressMonitor {
    private final StepContext ctx;

    GitProgress(StepContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void onUpdate(String task, int done, Duration elapsed) {
        ctx.progress(done, -1, 0, -1, task);
    }

    @Override
    protected void onEndTask(String task, int done, Duration elapsed) {
        ctx.log(task + ": " + done + ", done.");
    }

    @Override
    protected void onUpdate(String task, int done, int total, int percent, Duration elapsed) {
        ctx.progress(done, total, 0, -1, task + " " + percent + "%");
    }

    @Override
    protected void onEndTask(String task, int done, int total, int percent, Duration elapsed) {
        ctx.progress(done, total, 0, -1, task + " " + percent + "%");
        ctx.log(task + ": " + percent + "% (" + done + "/" + total + "), done.");
    }

    @Override
    public boolean isCancelled() {
        return ctx.cancellation().isCancelled();
    }
}
