package org.visomaster.launcher.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.visomaster.launcher.frontend.app.Main;
import org.visomaster.launcher.infra.logging.LauncherLogging;
import org.visomaster.launcher.infra.process.HostEnvironment;

/**
 * The launcher's command line run in this JVM, as {@code Main.run} runs it, with a given environment; what it printed
 * is kept apart by stream. The launcher's log is set back to its defaults after each run (it is process-wide).
 */
public final class InProcessLauncher {
    /** One run: its exit code and what it wrote to stdout and stderr. */
    public record Run(int code, String out, String err) {
    }

    private InProcessLauncher() {
    }

    public static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            int code = Main.run(args, new HostEnvironment(env), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            LauncherLogging.reset();
        }
    }
}
