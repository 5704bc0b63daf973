package org.visomaster.launcher.engine;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A step that writes {@code <id>.done}; it can fail, wait on a latch, or block another step like a check. */
final class MarkerStep implements Step {
    final StepId id;
    final Set<StepId> needs;
    Kind kind = Kind.WORK;
    boolean fail;
    boolean rerunOnRepair;
    CountDownLatch started;
    CountDownLatch proceed;
    StepId blocks;

    final List<String> ran;
    /** Thrown by run once the step has started (an Error or a RuntimeException). */
    Throwable crash;
    /** Called at the start of run (to break the workspace under the step). */
    Runnable during;

    MarkerStep(List<String> ran, String id, String... needs) {
        this.ran = ran;
        this.id = StepId.of(id);
        this.needs = Arrays.stream(needs).map(StepId::of).collect(Collectors.toSet());
    }

    public StepId id() {
        return id;
    }

    public String title() {
        return "Step " + id;
    }

    public Set<StepId> needs() {
        return needs;
    }

    public Kind kind() {
        return kind;
    }

    public boolean rerunOnRepair() {
        return rerunOnRepair;
    }

    public boolean isDone(StepContext ctx) {
        return Files.exists(ctx.workspace().root().resolve(id + ".done"));
    }

    public String plan(StepContext ctx) {
        return "create " + id + ".done";
    }

    public StepOutcome run(StepContext ctx) throws Exception {
        ran.add(id.name());
        ctx.log("working on " + id);
        if (during != null) {
            during.run();
        }
        if (crash instanceof Error e) {
            throw e;
        }
        if (crash instanceof RuntimeException e) {
            throw e;
        }
        if (started != null) {
            started.countDown();
        }
        if (proceed != null) {
            while (!proceed.await(20, TimeUnit.MILLISECONDS)) {
                ctx.cancellation().throwIfCancelled();
            }
        }
        if (fail) {
            throw new StepFailedException("Step " + id + " broke; fix it and retry.", List.of("last line"));
        }
        Files.writeString(ctx.workspace().root().resolve(id + ".done"), "");
        StepOutcome o = StepOutcome.done(id + " made");
        return blocks == null ? o : o.blocking(blocks, "No way to do " + blocks + " here: install the thing.");
    }
}
