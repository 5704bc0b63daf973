package org.visomaster.launcher.frontend.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.visomaster.launcher.engine.EventBus;
import org.visomaster.launcher.engine.ProvisionEvent.PlannedStep;
import org.visomaster.launcher.engine.ProvisionEvent.RunStarted;
import org.visomaster.launcher.engine.ProvisionEvent.StepProgress;
import org.visomaster.launcher.engine.ProvisionEvent.StepStarted;
import org.visomaster.launcher.engine.StatusTracker;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepOutcome;

/** The terminal's status line shows every running step as the engine's snapshot has it. */
class CliPrinterTest {
    static Step step(String id) {
        return new Step() {
            public StepId id() {
                return StepId.of(id);
            }

            public String title() {
                return "Step " + id;
            }

            public Set<StepId> needs() {
                return Set.of();
            }

            public boolean isDone(StepContext ctx) {
                return false;
            }

            public String plan(StepContext ctx) {
                return "";
            }

            public StepOutcome run(StepContext ctx) {
                return StepOutcome.done("");
            }
        };
    }

    @Test
    void theStatusLineHoldsEachRunningStepFromTheSnapshot() {
        Step a = step("a");
        Step b = step("b");
        StatusTracker tracker = new StatusTracker(List.of(a, b), Map.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        EventBus bus = new EventBus();
        bus.subscribe(tracker);
        bus.subscribe(new CliPrinter(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, true, tracker::snapshot));
        Instant t = Instant.now();
        bus.emit(new RunStarted(t, List.of(new PlannedStep(a.id(), a.title(), List.of()),
                new PlannedStep(b.id(), b.title(), List.of())), false));
        bus.emit(new StepStarted(t, a.id(), a.title()));
        bus.emit(new StepStarted(t, b.id(), b.title()));
        // a's progress reaches only the fold: the printer learns it from the snapshot, not from an event it saw
        tracker.emit(new StepProgress(t, a.id(), 10, 100, 0, -1, ""));
        bus.emit(new StepProgress(t, b.id(), 30, 100, 0, -1, ""));
        assertEquals("\r\033[K    [a] 10 B of 100 B  |  [b] 30 B of 100 B", err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Step b"), out.toString(StandardCharsets.UTF_8));
    }
}
