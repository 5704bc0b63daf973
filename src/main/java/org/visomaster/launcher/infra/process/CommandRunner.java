package org.visomaster.launcher.infra.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.util.SecretPolicy;

/**
 * Runs an external command to completion, streaming each output line (stdout and stderr merged) to a consumer.
 * A timeout or a cancel ends the whole process tree: SIGTERM first, SIGKILL after a grace period.
 */
public final class CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    public static final int TAIL_LINES = 40;
    private static final Duration GRACE = Duration.ofSeconds(5);

    private CommandRunner() {
    }

    public static CommandResult run(List<String> argv, Path cwd, Map<String, String> env, Duration timeout,
                                    Consumer<String> lines, CancelSignal cancellation) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        // no child sees a secret variable, whoever built its environment (null: the launcher's own)
        Map<String, String> childEnv = SecretPolicy.childEnvironment(env != null ? env : System.getenv());
        pb.environment().clear();
        pb.environment().putAll(childEnv);
        Process process = pb.start();
        process.getOutputStream().close();
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> pump(process, lines, tail), "output-" + argv.get(0));
        reader.setDaemon(true);
        reader.start();
        CancelSignal c = cancellation == null ? CancelSignal.NONE : cancellation;
        boolean cancelled = false;
        boolean timedOut = false;
        try (AutoCloseable ignored = c.onCancel(() -> ProcessTree.terminate(process.toHandle(), GRACE))) {
            long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    timedOut = true;
                    ProcessTree.terminate(process.toHandle(), GRACE);
                    break;
                }
            }
            process.waitFor();
            cancelled = c.isCancelled();
            reader.join(2000);
        } catch (InterruptedException e) {
            ProcessTree.terminate(process.toHandle(), GRACE);
            Thread.currentThread().interrupt();
            cancelled = true;
        } catch (Exception e) {
            throw new IOException(e);
        }
        List<String> last;
        synchronized (tail) {
            last = new ArrayList<>(tail);
        }
        int code = timedOut || cancelled ? -1 : process.exitValue();
        return new CommandResult(code, last, timedOut, cancelled);
    }

    private static void pump(Process process, Consumer<String> lines, Deque<String> tail) {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                if (lines != null) {
                    lines.accept(line);
                }
            }
        } catch (IOException e) {
            LOG.debug("the output of a process ended early; its exit code tells the rest", e);
        }
    }
}
