package org.visomaster.launcher.frontend.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.infra.util.AtomicFiles;

/** Small real steps for window tests: they write files into the workspace and report like the real ones. */
public final class FixtureSteps {
    private FixtureSteps() {
    }

    /**
     * Writes {@code size} bytes to {@code <ws>/<file>} in chunks, reporting progress and a log line per chunk. Fails
     * with a sentence while {@code <ws>/<file>.broken} exists. {@code needs}: the steps it waits for.
     */
    public static Step writer(String id, String title, String file, int size, String... needs) {
        Set<StepId> needed = Arrays.stream(needs).map(StepId::of).collect(Collectors.toSet());
        return new Step() {
            @Override
            public StepId id() {
                return StepId.of(id);
            }

            @Override
            public Set<StepId> needs() {
                return needed;
            }

            @Override
            public String title() {
                return title;
            }

            @Override
            public boolean isDone(StepContext ctx) {
                return Files.isRegularFile(ctx.workspace().root().resolve(file));
            }

            @Override
            public String plan(StepContext ctx) {
                return "write " + file;
            }

            @Override
            public StepOutcome run(StepContext ctx) throws Exception {
                Path target = ctx.workspace().root().resolve(file);
                if (Files.exists(target.resolveSibling(file + ".broken"))) {
                    ctx.log("writing " + file);
                    throw new StepFailedException(title + " failed because " + file
                            + ".broken exists; delete it and retry.", List.of("writing " + file, "error: broken"));
                }
                byte[] data = new byte[size];
                int chunk = Math.max(1, size / 4);
                for (int done = 0; done < size; done += chunk) {
                    ctx.cancellation().throwIfCancelled();
                    int n = Math.min(chunk, size - done);
                    ctx.log("wrote " + (done + n) + " of " + size + " bytes of " + file);
                    ctx.progress(done + n, size, 1024.0 * 1024, (size - done - n) / (1024 * 1024), file);
                }
                AtomicFiles.write(target, data);
                return StepOutcome.done("wrote " + file);
            }
        };
    }
}
