package org.visomaster.launcher.frontend.upload;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepOutcome;

/**
 * Small real steps that drive the real runner: they report progress, wait for the test, or fail. {@code needs} names
 * the steps each waits for (none: it runs at once, beside the others).
 */
final class TinySteps {
    private TinySteps() {
    }

    /** Reports {@code ticks} progress events as fast as it can, then finishes. */
    /** How long each counting step took to report all its ticks (a loaded machine makes a burst last longer). */
    static final java.util.Map<String, Long> BURST_NANOS = new java.util.concurrent.ConcurrentHashMap<>();

    static Step counting(String id, String title, int ticks, String... needs) {
        return new Base(id, title, needs) {
            @Override
            public StepOutcome run(StepContext ctx) {
                long t0 = System.nanoTime();
                for (int i = 1; i <= ticks; i++) {
                    ctx.progress(i, ticks, 1000.0, -1, "tick " + i);
                }
                BURST_NANOS.put(id, System.nanoTime() - t0);
                ctx.log(title + " wrote a line");
                return StepOutcome.done(ticks + " ticks");
            }
        };
    }

    /** Reports progress every {@code pauseMs} for {@code ticks} ticks: a step that takes a while. */
    static Step paced(String id, String title, int ticks, long pauseMs, String... needs) {
        return new Base(id, title, needs) {
            @Override
            public StepOutcome run(StepContext ctx) throws InterruptedException {
                for (int i = 1; i <= ticks; i++) {
                    ctx.progress(i, ticks, 0, -1, "tick " + i);
                    Thread.sleep(pauseMs);
                }
                return StepOutcome.done(ticks + " paced ticks");
            }
        };
    }

    /** Waits until the test opens the gate (so a test can connect before anything happens). */
    static Step gate(String id, CountDownLatch open, String... needs) {
        return new Base(id, "Waiting for the test", needs) {
            @Override
            public StepOutcome run(StepContext ctx) throws Exception {
                if (!open.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
                return StepOutcome.done("gate opened");
            }
        };
    }

    private abstract static class Base implements Step {
        private final StepId id;
        private final String title;
        private final Set<StepId> needs;

        Base(String id, String title, String... needs) {
            this.id = StepId.of(id);
            this.title = title;
            this.needs = Arrays.stream(needs).map(StepId::of).collect(Collectors.toSet());
        }

        @Override
        public StepId id() {
            return id;
        }

        @Override
        public Set<StepId> needs() {
            return needs;
        }

        @Override
        public String title() {
            return title;
        }

        @Override
        public boolean isDone(StepContext ctx) {
            return false;
        }

        @Override
        public String plan(StepContext ctx) {
            return "run " + id;
        }
    }
}
