package org.visomaster.launcher.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.ProvisionEvent.PlannedStep;
import org.visomaster.launcher.engine.ProvisionEvent.RunStarted;
import org.visomaster.launcher.engine.ProvisionEvent.StepFinished;
import org.visomaster.launcher.infra.workspace.ConfigLoader;
import org.visomaster.launcher.infra.workspace.Workspace;

/** The graph runner with small real steps whose "done" marker is a file in the workspace. */
class ProvisionRunnerTest {
    @TempDir
    Path dir;
    Workspace ws;
    final List<ProvisionEvent> events = new CopyOnWriteArrayList<>();
    final List<String> ran = new CopyOnWriteArrayList<>();

    MarkerStep step(String id, String... needs) {
        return new MarkerStep(ran, id, needs);
    }

    @BeforeEach
    void setUp() {
        ws = new Workspace(dir);
    }

    private ProvisionRunner runner(Step... steps) throws Exception {
        return new ProvisionRunner(ws, ConfigLoader.load(ws, null, Map.of()), HostEnvironment.system(),
                new StateStore(ws.stateFile()), events::add, List.of(steps));
    }

    private static Map<StepId, StepStatus> statuses(Object... idAndStatus) {
        Map<StepId, StepStatus> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < idAndStatus.length; i += 2) {
            m.put(StepId.of((String) idAndStatus[i]), (StepStatus) idAndStatus[i + 1]);
        }
        return m;
    }

    private StepRecord record(String id) {
        return StepRecords.read(new StateStore(ws.stateFile())).get(StepId.of(id));
    }

    @Test
    void runsEveryStepThenSkipsThemAllOnTheSecondRun() throws Exception {
        MarkerStep a = step("a");
        MarkerStep b = step("b", "a");
        MarkerStep c = step("c", "b");
        RunResult first = runner(a, b, c).run(RunOptions.all(), new Cancellation());
        assertTrue(first.success(), first.message());
        assertEquals(List.of("a", "b", "c"), ran, "a chain runs in order");
        RunResult second = runner(a, b, c).run(RunOptions.all(), new Cancellation());
        assertTrue(second.success());
        assertEquals(3, ran.size(), "nothing ran again");
        assertEquals(statuses("a", StepStatus.SKIPPED, "b", StepStatus.SKIPPED, "c", StepStatus.SKIPPED),
                second.statuses());
        assertEquals(StepStatus.SKIPPED, record("c").status());
        assertEquals("VisoMaster is installed and verified.", second.message());
    }

    @Test
    void independentBranchesRunAtTheSameTime() throws Exception {
        MarkerStep source = step("source");
        MarkerStep packages = step("packages", "source");
        MarkerStep models = step("models", "source");
        CountDownLatch both = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        packages.started = both;
        models.started = both;
        packages.proceed = release;
        models.proceed = release;
        Thread checker = new Thread(() -> {
            try {
                if (both.await(20, TimeUnit.SECONDS)) {
                    release.countDown();
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        checker.start();
        Cancellation cancel = new Cancellation();
        Thread watchdog = new Thread(() -> {
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    cancel.cancel();
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        watchdog.start();
        RunResult r = runner(source, packages, models).run(RunOptions.all(), cancel);
        assertTrue(r.success(), "both branches were running at once (each waited for the other to start): "
                + r.message());
        assertEquals("source", ran.get(0));
        RunStarted started = (RunStarted) events.get(0);
        assertEquals(List.of(new PlannedStep(StepId.of("source"), "Step source", List.of()),
                new PlannedStep(StepId.of("packages"), "Step packages", List.of(StepId.of("source"))),
                new PlannedStep(StepId.of("models"), "Step models", List.of(StepId.of("source")))), started.steps());
    }

    @Test
    void aFailureStopsOnlyTheStepsThatNeedItAndTheSummaryNamesBoth() throws Exception {
        MarkerStep a = step("a");
        MarkerStep b = step("b", "a");
        MarkerStep c = step("c", "b");
        MarkerStep d = step("d", "a");
        b.fail = true;
        RunResult r = runner(a, b, c, d).run(RunOptions.all(), new Cancellation());
        assertFalse(r.success());
        assertFalse(r.cancelled());
        assertEquals(Set.of("a", "b", "d"), Set.copyOf(ran), "d does not need b and ran; c never started");
        assertEquals(statuses("a", StepStatus.DONE, "b", StepStatus.FAILED, "c", StepStatus.BLOCKED,
                "d", StepStatus.DONE), r.statuses());
        assertEquals(StepId.of("b"), r.failedStep());
        assertEquals(List.of("last line"), r.lastLines());
        assertEquals(Map.of(StepId.of("c"), StepId.of("b")), r.waiting());
        assertEquals("Step b: Step b broke; fix it and retry. Waiting on it: Step c. Every other step is done.",
                r.message());
        assertEquals(StepStatus.FAILED, record("b").status());
        assertEquals(StepStatus.BLOCKED, record("c").status());
        assertEquals("waiting on Step b, which failed.", record("c").detail());
        ProvisionEvent last = events.get(events.size() - 1);
        assertTrue(last instanceof ProvisionEvent.RunFinished f && !f.success()
                && f.failed().equals(List.of(StepId.of("b"))) && f.blocked().equals(List.of(StepId.of("c"))), last
                .toString());
        assertTrue(events.stream().anyMatch(e -> e instanceof ProvisionEvent.LogLine l
                && l.stepId().equals(StepId.of("d")) && l.line().equals("working on d")));
    }

    @Test
    void aCheckRunsFirstAndWhatItFindsStopsOnlyTheStepItConcerns() throws Exception {
        MarkerStep check = step("check");
        check.kind = Step.Kind.CHECK;
        check.blocks = StepId.of("python");
        MarkerStep source = step("source");
        MarkerStep python = step("python", "source");
        MarkerStep packages = step("packages", "python");
        MarkerStep models = step("models", "source");
        MarkerStep finish = step("finish");
        finish.kind = Step.Kind.FINAL;
        RunResult r = runner(finish, models, packages, python, source, check).run(RunOptions.all(),
                new Cancellation());
        assertEquals("check", ran.get(0), "the check runs before any work");
        assertEquals(Set.of("check", "source", "models"), Set.copyOf(ran));
        assertEquals(StepStatus.DONE, r.statuses().get(StepId.of("models")), "the models do not need Python");
        assertEquals(StepStatus.FAILED, r.statuses().get(StepId.of("python")));
        assertEquals(StepStatus.BLOCKED, r.statuses().get(StepId.of("packages")));
        assertEquals(StepStatus.BLOCKED, r.statuses().get(StepId.of("finish")), "the final step needs every step");
        assertEquals("No way to do python here: install the thing.", record("python").detail());
        assertEquals("Step python: No way to do python here: install the thing. Waiting on it: Step packages,"
                + " Step finish. Every other step is done.", r.message());
        assertEquals(List.of(StepId.of("check"), StepId.of("source"), StepId.of("models"), StepId.of("python"),
                StepId.of("packages"), StepId.of("finish")), new StepGraph(List.of(finish, models, packages, python,
                source, check)).ids(), "graph order: what a step waits for first, else the catalogue's order");
    }

    @Test
    void aFailedCheckBlocksNothingAndTheFinalStepRunsLast() throws Exception {
        MarkerStep check = step("check");
        check.kind = Step.Kind.CHECK;
        check.fail = true;
        MarkerStep work = step("work");
        MarkerStep finish = step("finish");
        finish.kind = Step.Kind.FINAL;
        RunResult r = runner(check, finish, work).run(RunOptions.all(), new Cancellation());
        assertEquals(List.of("check", "work", "finish"), ran);
        assertEquals(StepStatus.DONE, r.statuses().get(StepId.of("finish")));
        assertFalse(r.success(), "the failed check is still reported");
    }

    @Test
    void onlyAndFromKeepTheirMeaningOnTheGraph() throws Exception {
        MarkerStep source = step("source");
        MarkerStep python = step("python", "source");
        MarkerStep packages = step("packages", "python");
        MarkerStep models = step("models", "source");
        // --only a step whose need is not done: blocked with a sentence, nothing runs
        RunResult blocked = runner(source, python, packages, models).run(RunOptions.only(StepId.of("packages")),
                new Cancellation());
        assertTrue(ran.isEmpty());
        assertEquals(StepStatus.BLOCKED, blocked.statuses().get(StepId.of("packages")));
        assertTrue(record("packages").detail().startsWith("needs Step python (python), which is not done"),
                record("packages").detail());
        assertTrue(blocked.message().contains("Waiting on Step python, which is not done: Step packages."),
                blocked.message());

        runner(source, python, packages, models).run(RunOptions.all(), new Cancellation());
        ran.clear();
        // a named step runs even when done
        runner(source, python, packages, models).run(RunOptions.only(StepId.of("models")), new Cancellation());
        assertEquals(List.of("models"), ran);
        ran.clear();
        // --from python: python (forced) and what does not come before it, when not done; never its prerequisites
        Files.delete(dir.resolve("models.done"));
        Files.delete(dir.resolve("source.done"));
        RunResult from = runner(source, python, packages, models).run(RunOptions.from(StepId.of("python")),
                new Cancellation());
        assertEquals(StepStatus.BLOCKED, from.statuses().get(StepId.of("python")), "its need is not done");
        assertFalse(from.statuses().containsKey(StepId.of("source")));
        Files.writeString(dir.resolve("source.done"), "");
        ran.clear();
        runner(source, python, packages, models).run(RunOptions.from(StepId.of("python")), new Cancellation());
        assertEquals(Set.of("python", "models"), Set.copyOf(ran), "packages is done; models was not");
        // the final step named alone runs even though other steps are not done (it only orders itself after them)
        MarkerStep finish = step("finish");
        finish.kind = Step.Kind.FINAL;
        Files.delete(dir.resolve("models.done"));
        ran.clear();
        RunResult alone = runner(source, python, packages, models, finish).run(RunOptions.only(finish.id),
                new Cancellation());
        assertTrue(alone.success(), alone.message());
        assertEquals(List.of("finish"), ran);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StepGraph(List.of(source, python)).require("pyhton"));
        assertEquals("unknown step \"pyhton\" (steps: source, python)", e.getMessage());
    }

    @Test
    void aRunOfSomeStepsSaysInstalledOnlyWhenEveryStepIsDone() throws Exception {
        MarkerStep check = step("check");
        check.kind = Step.Kind.CHECK;
        MarkerStep source = step("source");
        MarkerStep packages = step("packages", "source");
        MarkerStep models = step("models", "source");
        runner(check, source, packages, models).run(RunOptions.all(), new Cancellation());
        Files.delete(dir.resolve("packages.done"));
        RunResult some = runner(check, source, packages, models).run(RunOptions.only(models.id), new Cancellation());
        assertTrue(some.success());
        assertEquals("Done: Step models. Not done yet: Step packages; run provision to finish the installation.",
                some.message());
        assertEquals(some.message(), EventText.describe(new ProvisionEvent.RunFinished(java.time.Instant.now(), true,
                false, some.message(), List.of(), List.of())), "the printer adds no second 'Done: '");
        RunResult rest = runner(check, source, packages, models).run(RunOptions.only(packages.id),
                new Cancellation());
        assertEquals("VisoMaster is installed and verified.", rest.message());
    }

    @Test
    void repairRerunsOnlyTheStepsThatSayRepairReChecksThem() throws Exception {
        MarkerStep a = step("a");
        MarkerStep b = step("b", "a");
        b.rerunOnRepair = true;
        runner(a, b).run(RunOptions.all(), new Cancellation());
        ran.clear();
        RunResult r = runner(a, b).run(RunOptions.repairAll(), new Cancellation());
        assertTrue(r.success());
        assertEquals(List.of("b"), ran);
    }

    @Test
    void dryRunPrintsTheGraphAndChangesNothing() throws Exception {
        MarkerStep a = step("a");
        MarkerStep b = step("b", "a");
        RunResult r = runner(a, b).run(new RunOptions(null, Set.of(), true, false), new Cancellation());
        assertTrue(r.success());
        assertTrue(ran.isEmpty());
        assertFalse(Files.exists(ws.stateFile()));
        assertTrue(events.stream().anyMatch(e -> e instanceof StepFinished f && f.detail().contains("create a.done")));
        String graph = EventText.describe(events.get(0));
        assertTrue(graph.startsWith("Dry run of 2 steps"), graph);
        assertTrue(graph.contains("b              Step b                 after a"), graph);
    }

    @Test
    void aCancelWithBranchesInFlightStopsBothAndStartsNothingMore() throws Exception {
        MarkerStep[] graph = twoBranches();
        MarkerStep source = graph[0];
        MarkerStep packages = graph[1];
        MarkerStep models = graph[2];
        MarkerStep finish = graph[3];
        CountDownLatch both = new CountDownLatch(2);
        packages.started = both;
        models.started = both;
        packages.proceed = new CountDownLatch(1);
        models.proceed = new CountDownLatch(1);
        Cancellation cancel = new Cancellation();
        Thread stopper = new Thread(() -> {
            try {
                both.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            cancel.cancel();
        });
        stopper.start();
        RunResult r = runner(source, packages, models, finish).run(RunOptions.all(), cancel);
        assertTrue(r.cancelled());
        assertFalse(r.success());
        assertEquals(StepStatus.FAILED, record("packages").status());
        assertEquals("Step models was stopped; run provision again to continue where it left off.",
                record("models").detail());
        assertEquals(StepStatus.BLOCKED, r.statuses().get(StepId.of("finish")), "never started after the cancel");
        assertEquals(new StepRecord(StepStatus.BLOCKED, "not started: setup was stopped.", null),
                withoutTime(record("finish")));
        assertTrue(r.message().startsWith("Setup was stopped"), r.message());
        // the rerun converges
        packages.proceed = null;
        models.proceed = null;
        RunResult again = runner(source, packages, models, finish).run(RunOptions.all(), new Cancellation());
        assertTrue(again.success(), again.message());
        assertEquals(StepStatus.SKIPPED, again.statuses().get(StepId.of("source")));
    }

    /** source, then packages and models side by side, then the final finish. */
    private MarkerStep[] twoBranches() {
        MarkerStep finish = step("finish");
        finish.kind = Step.Kind.FINAL;
        return new MarkerStep[] {step("source"), step("packages", "source"), step("models", "source"), finish};
    }

    private static StepRecord withoutTime(StepRecord r) {
        return new StepRecord(r.status(), r.detail(), null);
    }

    @Test
    void aStepThatThrowsAnErrorEndsAsFailedAndTheRunStillEnds() throws Exception {
        MarkerStep[] graph = twoBranches();
        MarkerStep source = graph[0];
        MarkerStep packages = graph[1];
        MarkerStep models = graph[2];
        MarkerStep finish = graph[3];
        packages.crash = new StackOverflowError("deep");
        models.crash = new IllegalStateException("bug");
        RunResult r = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> runner(source, packages, models, finish).run(RunOptions.all(), new Cancellation()));
        assertEquals(statuses("source", StepStatus.DONE, "packages", StepStatus.FAILED, "models", StepStatus.FAILED,
                "finish", StepStatus.BLOCKED), r.statuses());
        assertTrue(record("packages").detail().startsWith("Step packages failed unexpectedly"
                + " (java.lang.StackOverflowError: deep)"), record("packages").detail());
        assertEquals(StepStatus.FAILED, record("models").status());
        assertEquals(StepStatus.BLOCKED, record("finish").status());
        assertTrue(events.get(events.size() - 1) instanceof ProvisionEvent.RunFinished f && !f.success());
    }

    @Test
    void aStateFileThatCannotBeWrittenStillEndsTheRunWithASentence() throws Exception {
        MarkerStep a = step("a");
        MarkerStep b = step("b", "a");
        MarkerStep c = step("c", "b");
        ProvisionRunner runner = runner(a, b, c);
        runner.run(RunOptions.only(a.id), new Cancellation());
        String before = Files.readString(ws.stateFile());
        Path lock = ws.stateFile().resolveSibling("state.json.lock");
        b.during = () -> {
            try {
                Files.delete(lock);
                Files.createDirectory(lock);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        RunResult r = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> runner.run(RunOptions.from(b.id), new Cancellation()));
        assertEquals(statuses("b", StepStatus.FAILED, "c", StepStatus.BLOCKED), r.statuses());
        assertEquals("Step b: The outcome of Step b could not be saved; free space on the workspace disk or fix its"
                + " permissions, then run again.", r.failures().get(0).title() + ": " + r.failures().get(0)
                .message());
        assertTrue(r.message().contains("Some outcomes could not be saved to .launcher/state.json"), r.message());
        assertFalse(r.message().contains("could not start"), r.message());
        assertTrue(events.get(events.size() - 1) instanceof ProvisionEvent.RunFinished f && !f.success());
        assertEquals(before, Files.readString(ws.stateFile()), "state.json is left as it was, whole");
    }

    @Test
    void aBrokenGraphIsRefusedAtOnce() {
        MarkerStep a = step("a", "b");
        MarkerStep b = step("b", "a");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StepGraph(List.of(a, b))).getMessage()
                .contains("cycle"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new StepGraph(List.of(step("x", "nope")))).getMessage().contains("nope"));
        assertThrows(IllegalArgumentException.class, () -> new StepGraph(List.of(step("x"),
                step("x"))));
        assertThrows(IllegalArgumentException.class, () -> StepId.of("Not An Id"));
    }

    @Test
    void statusTrackerFollowsTwoRunningStepsWithTheirOwnProgress() throws Exception {
        MarkerStep a = step("a");
        MarkerStep b = step("b");
        StatusTracker tracker = new StatusTracker(List.of(a, b), Map.of());
        java.time.Instant t = java.time.Instant.now();
        tracker.emit(new RunStarted(t, List.of(new PlannedStep(a.id, "Step a", List.of()),
                new PlannedStep(b.id, "Step b", List.of())), false));
        tracker.emit(new ProvisionEvent.StepStarted(t, a.id, "Step a"));
        tracker.emit(new ProvisionEvent.StepStarted(t, b.id, "Step b"));
        tracker.emit(new ProvisionEvent.StepProgress(t, a.id, 10, 100, 5, 18, "a"));
        tracker.emit(new ProvisionEvent.StepProgress(t, b.id, 30, 100, 10, 7, "b"));
        ProvisionStatus s = tracker.snapshot();
        assertEquals(List.of(a.id, b.id), s.runningSteps());
        assertEquals(a.id, s.currentStep());
        assertEquals(new ProvisionStatus.Progress(10, 100, 5, 18, "a"), s.steps().get(0).progress());
        assertEquals(new ProvisionStatus.Progress(40, 200, 15, 18, "Step a, Step b"), s.progress(),
                "bytes and speeds add up; the time left is the longer one");
        tracker.emit(new StepFinished(t, a.id, StepStatus.FAILED, "a broke", List.of("x")));
        s = tracker.snapshot();
        assertEquals(List.of(b.id), s.runningSteps());
        assertEquals("a broke", s.failure().message());
    }

    @Test
    void theStateFileTakesWritersOnManyThreadsAndKeepsOtherProcessesSections() throws Exception {
        StateStore one = new StateStore(ws.stateFile());
        StateStore other = new StateStore(ws.stateFile());
        other.put("theirs", Map.of("k", "v"));
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            threads.add(new Thread(() -> {
                one.put("section" + n, Map.of("n", n));
                StepRecords.record(one, StepId.of("s" + n), StepStatus.DONE, "ok " + n);
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(10_000);
        }
        StateStore read = new StateStore(ws.stateFile());
        for (int i = 0; i < 8; i++) {
            assertEquals(i, read.snapshot().get("section" + i).get("n").asInt());
        }
        assertEquals(8, StepRecords.read(read).size(), "no record was lost to a concurrent write");
        assertEquals("v", read.snapshot().get("theirs").get("k").asText(), "a store written by another keeps it");
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
    void aStateFileBrokenWhileOpenIsMovedAsideBeforeTheNextSave() throws Exception {
        StateStore s = new StateStore(ws.stateFile());
        s.put("x", Map.of("k", 1));
        Files.writeString(ws.stateFile(), "{written half by someone else");
        s.put("y", Map.of("k", 2));
        try (var files = Files.list(ws.stateDir())) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("state.json.corrupt-")).toList();
            assertEquals(1, aside.size(), "the broken file is kept");
            assertEquals("{written half by someone else", Files.readString(aside.get(0)));
        }
        JsonNode saved = new StateStore(ws.stateFile()).snapshot();
        assertEquals(1, saved.get("x").get("k").asInt(), "what this store knew is saved again");
        assertEquals(2, saved.get("y").get("k").asInt());
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
