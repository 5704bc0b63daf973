package org.visomaster.launcher.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.visomaster.launcher.engine.ProvisionEvent.ModelProgress;
import org.visomaster.launcher.engine.ProvisionEvent.ModelState;
import org.visomaster.launcher.engine.ProvisionEvent.PlannedStep;
import org.visomaster.launcher.engine.ProvisionEvent.RunFinished;
import org.visomaster.launcher.engine.ProvisionEvent.RunStarted;
import org.visomaster.launcher.engine.ProvisionEvent.StepFinished;
import org.visomaster.launcher.engine.ProvisionEvent.StepProgress;
import org.visomaster.launcher.engine.ProvisionEvent.StepStarted;
import org.visomaster.launcher.engine.ProvisionStatus.Overall;

/** The one fold of a run: what every front end reads instead of folding events itself. */
class StatusTrackerTest {
    final List<String> ran = new ArrayList<>();
    final MarkerStep a = new MarkerStep(ran, "a");
    final MarkerStep b = new MarkerStep(ran, "b");
    final MarkerStep c = new MarkerStep(ran, "c");
    final Instant t = Instant.now();
    static final ModelId SWAP = new ModelId("model_assets/inswapper_128.fp16.onnx");
    static final ModelId DET = new ModelId("model_assets/det_10g.onnx");

    List<ProvisionEvent> run() {
        return List.of(
                new RunStarted(t, List.of(new PlannedStep(a.id, "Step a", List.of()),
                        new PlannedStep(b.id, "Step b", List.of()), new PlannedStep(c.id, "Step c", List.of())),
                        false),
                new StepStarted(t, a.id, "Step a"),
                new StepFinished(t, a.id, StepStatus.DONE, "a ok", List.of()),
                new StepStarted(t, b.id, "Step b"),
                new StepStarted(t, c.id, "Step c"),
                new StepProgress(t, b.id, 25, 100, 10, 5, ""),
                new ModelProgress(t, c.id, "inswapper", SWAP.relativePath(), 50, 200, 4, ModelState.DOWNLOADING, ""),
                new ModelProgress(t, c.id, "det", DET.relativePath(), 16, 16, 0, ModelState.VERIFIED, "sha256 ok"),
                new ModelProgress(t, c.id, "inswapper", SWAP.relativePath(), 100, 200, 4, ModelState.DOWNLOADING,
                        ""));
    }

    StatusTracker fold(List<ProvisionEvent> events) {
        StatusTracker tracker = new StatusTracker(List.of(a, b, c), Map.of());
        events.forEach(tracker::emit);
        return tracker;
    }

    @Test
    void aRunInProgressIsOneSnapshotOfStepsModelsAndTheOverallBar() {
        ProvisionStatus s = fold(run()).snapshot();
        assertEquals(RunPhase.RUNNING, s.phase());
        assertEquals(1, s.run());
        assertEquals(List.of(b.id, c.id), s.runningSteps());
        assertEquals(List.of(SWAP, DET), s.models().stream().map(ModelView::id).toList(), "one row per model id");
        ModelView swap = s.models().get(0);
        assertEquals(0.5, swap.fraction(), 1e-9);
        assertEquals("downloading", swap.stateText());
        assertEquals("verified: sha256 ok", s.models().get(1).stateText());
        // a done, b at a quarter, c cannot tell: (1 + 0.25 + 0) / 3
        assertEquals((1 + 0.25) / 3, s.overall().fraction(), 1e-9);
        assertEquals("1 of 3 steps done · running: Step b, Step c", s.overall().text());
        assertEquals("25 B of 100 B · 10 B/s · at least 5s left (Step c cannot tell yet)", s.overall().detail());
    }

    @Test
    void theRunsEndSetsThePhaseAndTheBar() {
        List<ProvisionEvent> events = new ArrayList<>(run());
        events.add(new StepFinished(t, b.id, StepStatus.FAILED, "b broke", List.of("last line")));
        events.add(new StepFinished(t, c.id, StepStatus.DONE, "c ok", List.of()));
        events.add(new RunFinished(t, false, false, "Setup stopped at b.", List.of(b.id), List.of()));
        ProvisionStatus s = fold(events).snapshot();
        assertEquals(RunPhase.FAILED, s.phase());
        assertFalse(s.running());
        assertEquals(new Overall(2.0 / 3, "Setup stopped at a failure.", ""), s.overall(),
                "a failed step fills no bar");
        assertEquals(b.id, s.failure().stepId());
        assertEquals(List.of("last line"), s.failure().lastLines());
        assertEquals("Setup stopped at b.", s.summary());
    }

    @Test
    void howEventsAreSlicedChangesNothing() {
        // the window maps a snapshot after each batch: any cut of the stream ends on the same state
        List<ProvisionEvent> events = run();
        ProvisionStatus whole = fold(events).snapshot();
        for (int cut = 0; cut <= events.size(); cut++) {
            StatusTracker tracker = new StatusTracker(List.of(a, b, c), Map.of());
            events.subList(0, cut).forEach(tracker::emit);
            tracker.snapshot();
            events.subList(cut, events.size()).forEach(tracker::emit);
            assertEquals(whole, tracker.snapshot(), "cut after " + cut + " events");
        }
    }

    @Test
    void modelsListedFromDiskFillInWhatNoRunReported() {
        StatusTracker tracker = fold(run());
        ModelView stale = new ModelView(SWAP, "inswapper", "https://example/i", "ab", 0, -1, 0, ModelState.MISSING,
                "not downloaded yet");
        ModelView extra = new ModelView(new ModelId("model_assets/other.onnx"), "other", "", "", 8, 8, 0,
                ModelState.VERIFIED, "verified earlier; unchanged since");
        tracker.modelsOnDisk(List.of(stale, extra));
        List<ModelView> models = tracker.snapshot().models();
        assertEquals(3, models.size());
        assertEquals(ModelState.DOWNLOADING, models.get(0).state(), "the run's report is newer than the listing");
        assertEquals("verified earlier; unchanged since", models.get(2).stateText(), "no 'verified: verified …'");
    }

    @Test
    void aSecondRunStartsAFreshBarAndCountsAsANewRun() {
        List<ProvisionEvent> events = new ArrayList<>(run());
        events.add(new RunFinished(t, false, true, "Stopped.", List.of(), List.of()));
        events.add(new RunStarted(t, List.of(new PlannedStep(b.id, "Step b", List.of())), false));
        ProvisionStatus s = fold(events).snapshot();
        assertEquals(2, s.run());
        assertEquals(RunPhase.RUNNING, s.phase());
        assertEquals(new Overall(0, "0 of 1 steps done", ""), s.overall());
        assertEquals(StepStatus.DONE, s.steps().get(0).status(), "a step outside the run keeps its outcome");
    }

    @Test
    void theGraphRefusesAnIdThatIsNotAStep() {
        StepGraph graph = new StepGraph(List.of(a, b));
        assertEquals(b.id, graph.first(List.of(b.id)).orElseThrow());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> graph.first(List.of(StepId.of("finish"))))
                .getMessage().contains("finish"));
    }
}
