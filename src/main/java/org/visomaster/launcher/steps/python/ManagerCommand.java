package org.visomaster.launcher.steps.python;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.visomaster.launcher.infra.process.CommandResult;
import org.visomaster.launcher.infra.process.CommandRunner;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;

/** Runs an environment manager's command with streamed output; a failure becomes the step's sentence. */
final class ManagerCommand {
    private ManagerCommand() {
    }

    static void run(StepContext ctx, List<String> argv, Path cwd, Duration timeout, String what)
            throws StepFailedException, Cancellation.CancelledException, IOException {
        ctx.log("$ " + String.join(" ", argv));
        CommandResult r = CommandRunner.run(argv, cwd, PythonEnv.installEnv(ctx.workspace(), ctx.host()), timeout,
                ctx::log, ctx.cancellation());
        if (r.cancelled()) {
            throw new Cancellation.CancelledException();
        }
        if (r.ok()) {
            return;
        }
        String tail = String.join("\n", r.lastLines());
        String sentence;
        if (r.timedOut()) {
            sentence = what + " took longer than " + timeout.toMinutes() + " minutes and was stopped: check the"
                    + " network and run again.";
        } else if (tail.contains("ensurepip is not available") || tail.contains("No module named venv")) {
            sentence = what + " failed because this Python lacks the venv module: install the python3.X-venv"
                    + " package (apt-get install python3-venv) or install uv, then run again.";
        } else if (tail.contains("No space left on device")) {
            sentence = what + " failed because the disk is full: free space in the workspace and run again.";
        } else {
            sentence = what + " failed (exit code " + r.exitCode() + "): read the last lines above, fix the cause"
                    + " and run again.";
        }
        throw new StepFailedException(sentence, r.lastLines());
    }
}
