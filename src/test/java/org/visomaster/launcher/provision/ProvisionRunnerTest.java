package org.visomaster.launcher.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.process.HostEnvironment;
import org.visomaster.launcher.workspace.ConfigLoader;
import org.visomaster.launcher.workspace.Workspace;

class ProvisionRunnerTest {
    @TempDir
    Path dir;
    Workspace ws;
    List<ProvisionEvent> events = new CopyOnWriteArrayList<>();
    List<String> ran = new ArrayList<>();

    /** A step whose "done" marker is a file in the workspace, like the real steps' on-disk checks. */
    class MarkerStep implements Step {
        final String id;
        boolean fail;

        MarkerStep(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public String title() {
            return "Step " + id;
        }

        public boolean isDone(StepContext ctx) {
            return Files.exists(ctx.workspace().root().resolve(id + ".done"));
        }

        public String plan(StepContext ctx) {
            return "create " + id + ".done";
        }

        public StepOutcome run(StepContext ctx) throws Exception {
            ran.add(id);
            ctx.log("working on " + id);
            if (fail) {
                throw new StepFailedException("Step " + id + " broke; fix it and retry.", List.of("last line"));
            }
            Files.createFile(ctx.workspace().root().resolve(id + ".done"));
            return StepOutcome.done(id + " made");
        }
    }

    MarkerStep a;
    MarkerStep b;
    MarkerStep c;

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir);
        a = new MarkerStep("a");
        b = new MarkerStep("b");
        c = new MarkerStep("c");
    }

    private ProvisionRunner runner(StateStore state) throws Exception {
        return new ProvisionRunner(ws, ConfigLoader.load(ws, null, Map.of()), HostEnvironment.system(), state,
                events::add, List.of(a, b, c));
    }

    private ProvisionRunner runner() throws Exception {
        return runner(new StateStore(ws.stateFile()));
    }

    @Test
    void runsEveryStepThenSkipsThemAllOnTheSecondRun() throws Exception {
        RunResult first = runner().run(RunOptions.all(), new Cancellation());
        assertTrue(first.success());
        assertEquals(List.of("a", "b", "c"), ran);
        RunResult second = runner().run(RunOptions.all(), new Cancellation());
        assertTrue(second.success());
        assertEquals(3, ran.size(), "nothing ran again");
        assertEquals(Map.of("a", StepStatus.SKIPPED, "b", StepStatus.SKIPPED, "c", StepStatus.SKIPPED),
                second.statuses());
        assertEquals(StepStatus.SKIPPED, ProvisionRunner.stepRecords(new StateStore(ws.stateFile())).get("c").status());
    }

    @Test
    void aFailureStopsTheRunKeepsTheSentenceAndIsRecorded() throws Exception {
        b.fail = true;
        RunResult r = runner().run(RunOptions.all(), new Cancellation());
        assertFalse(r.success());
        assertEquals("b", r.failedStep());
        assertEquals("Step b broke; fix it and retry.", r.message());
        assertEquals(List.of("last line"), r.lastLines());
        assertEquals(List.of("a", "b"), ran, "c never ran");
        StepRecord rec = ProvisionRunner.stepRecords(new StateStore(ws.stateFile())).get("b");
        assertEquals(StepStatus.FAILED, rec.status());
        ProvisionEvent last = events.get(events.size() - 1);
        assertTrue(last instanceof ProvisionEvent.RunFinished f && !f.success());
        assertTrue(events.stream().anyMatch(e -> e instanceof ProvisionEvent.LogLine l
                && l.stepId().equals("a") && l.line().equals("working on a")));
    }

    @Test
    void fromAndOnlyForceTheNamedStepsAndRejectUnknownOnes() throws Exception {
        runner().run(RunOptions.all(), new Cancellation());
        ran.clear();
        Files.delete(dir.resolve("b.done"));
        Files.delete(dir.resolve("c.done"));
        Files.createFile(dir.resolve("c.done"));
        runner().run(RunOptions.from("b"), new Cancellation());
        assertEquals(List.of("b"), ran, "c is done, so only b (not done) ran; a is before --from");
        ran.clear();
        Files.delete(dir.resolve("a.done"));
        runner().run(new RunOptions(null, Set.of("a", "c"), false, false), new Cancellation());
        assertEquals(List.of("a"), ran.subList(0, 1));
        ran.clear();
        // a named step runs even when done
        Files.delete(dir.resolve("c.done"));
        runner().run(new RunOptions(null, Set.of("c"), false, false), new Cancellation());
        assertEquals(List.of("c"), ran);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runner().run(RunOptions.from("x"), new Cancellation()));
        assertTrue(e.getMessage().contains("a, b, c"));
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        RunResult r = runner().run(new RunOptions(null, Set.of(), true, false), new Cancellation());
        assertTrue(r.success());
        assertTrue(ran.isEmpty());
        assertFalse(Files.exists(ws.stateFile()));
        assertTrue(events.stream().anyMatch(e -> e instanceof ProvisionEvent.StepFinished f
                && f.detail().contains("create a.done")));
    }

    @Test
    void aCancelledRunStopsBeforeTheNextStep() throws Exception {
        Cancellation cancel = new Cancellation();
        Step canceller = new MarkerStep("a") {
            @Override
            public StepOutcome run(StepContext ctx) throws Exception {
                cancel.cancel();
                return super.run(ctx);
            }
        };
        RunResult r = new ProvisionRunner(ws, ConfigLoader.load(ws, null, Map.of()), HostEnvironment.system(),
                new StateStore(ws.stateFile()), events::add, List.of(canceller, b)).run(RunOptions.all(), cancel);
        assertFalse(r.success());
        assertTrue(r.cancelled());
        assertEquals(List.of("a"), ran);
    }

    @Test
    void statusTrackerFollowsTheRun() throws Exception {
        b.fail = true;
        StatusTracker tracker = new StatusTracker(List.of(a, b, c), Map.of());
        EventBus bus = new EventBus();
        bus.subscribe(tracker);
        new ProvisionRunner(ws, ConfigLoader.load(ws, null, Map.of()), HostEnvironment.system(),
                new StateStore(ws.stateFile()), bus, List.of(a, b, c)).run(RunOptions.all(), new Cancellation());
        ProvisionStatus s = tracker.snapshot();
        assertFalse(s.running());
        assertEquals(StepStatus.DONE, s.steps().get(0).status());
        assertEquals(StepStatus.FAILED, s.steps().get(1).status());
        assertEquals(StepStatus.WAITING, s.steps().get(2).status());
        assertEquals("b", s.failure().stepId());
    }

    @Test
    void aCorruptStateFileIsMovedAsideNotLost() throws Exception {
        Files.createDirectories(ws.stateDir());
        Files.writeString(ws.stateFile(), "{broken");
        StateStore s = new StateStore(ws.stateFile());
        s.put("x", Map.of("k", 1));
        try (var files = Files.list(ws.stateDir())) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("state.json.corrupt-")));
        }
        assertEquals(1, new StateStore(ws.stateFile()).snapshot().get("x").get("k").asInt());
    }

    @Test
    void theWorkspaceLockNamesItsHolder() throws Exception {
        try (WorkspaceLock lock = WorkspaceLock.acquire(ws.lockFile())) {
            WorkspaceLock.LockedException e = assertThrows(WorkspaceLock.LockedException.class,
                    () -> WorkspaceLock.acquire(ws.lockFile()));
            assertEquals(String.valueOf(ProcessHandle.current().pid()), e.holderPid());
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()));
        }
        WorkspaceLock.acquire(ws.lockFile()).close();
    }
}
