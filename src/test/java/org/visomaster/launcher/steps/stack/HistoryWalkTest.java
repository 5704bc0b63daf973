package org.visomaster.launcher.steps.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.testing.FusionHistory;

/** The version each stand-in host gets from a Fusion-like branch, and the walk on a long history. */
class HistoryWalkTest {
    @TempDir
    Path tmp;

    @Test
    void eachStandInHostGetsTheNewestVersionItRuns() throws Exception {
        try (FusionHistory h = FusionHistory.fusionLike(tmp.resolve("fusion.git"))) {
            ObjectId tip = h.repo.resolve("refs/heads/main");
            List<String> table = new ArrayList<>();
            for (String sm : List.of("6.1", "8.6", "9.0", "12.0")) {
                for (String driver : List.of(StackFixtures.D550, StackFixtures.D575, StackFixtures.D580)) {
                    HistoryWalk.Pick p = HistoryWalk.pick(h.repo, tip, StackTable.bundled(), StackFixtures.sm(sm, driver));
                    String got = p.chosen() == null ? "none" : p.stack().version().value();
                    table.add("sm_" + sm.replace(".", "") + " on " + driver + ": " + got);
                }
            }
            System.out.println(String.join("\n", table));
            assertEquals(List.of(
                    "sm_61 on 550.54.15: none", "sm_61 on 575.57.08: none", "sm_61 on 580.65.06: none",
                    "sm_86 on 550.54.15: none", "sm_86 on 575.57.08: 2.1.2", "sm_86 on 580.65.06: 3.4.1",
                    "sm_90 on 550.54.15: none", "sm_90 on 575.57.08: 2.1.2", "sm_90 on 580.65.06: 3.4.1",
                    "sm_120 on 550.54.15: none", "sm_120 on 575.57.08: 2.1.2", "sm_120 on 580.65.06: 3.4.1"),
                    table);
        }
    }

    @Test
    void driver575GetsTheLastCu129CommitFromTheMergedSideAndIsToldWhy() throws Exception {
        try (FusionHistory h = FusionHistory.fusionLike(tmp.resolve("fusion.git"))) {
            HistoryWalk.Pick p = HistoryWalk.pick(h.repo, h.v341, StackTable.bundled(),
                    StackFixtures.sm("12.0", StackFixtures.D575));
            assertEquals(h.v212, p.chosen());
            assertFalse(p.tipRuns());
            assertEquals("driver 575.57.08 is older than the 580 that CUDA 13.0 needs", p.tipFit().why());
            HistoryWalk.Pick oldGpu = HistoryWalk.pick(h.repo, h.v341, StackTable.bundled(),
                    StackFixtures.sm("6.1", StackFixtures.D580));
            assertNull(oldGpu.chosen());
            assertEquals("NVIDIA GeForce GTX 1080 is sm_61, outside the sm_75…sm_120 that CUDA 13.0's torch"
                    + " 2.11.0+cu130 has kernels for", oldGpu.tipFit().why());
            assertTrue(HistoryWalk.pick(h.repo, h.v341, StackTable.bundled(), StackFixtures.sm("9.0",
                    StackFixtures.D580)).tipRuns());
        }
    }

    /**
     * 1,200 commits: 100 on cu129, then the switch to cu13 and 1,099 version bumps. A driver-575 host walks the whole
     * cu13 stretch to find the last cu129 commit. The time is printed (for the report), not asserted.
     */
    @Test
    void theWalkOnTwelveHundredCommitsFindsTheLastCu129Commit() throws Exception {
        try (FusionHistory h = FusionHistory.empty(tmp.resolve("long.git"))) {
            ObjectId c = h.commit(List.of(), FusionHistory.cu129("1.0.0"), "start");
            for (int i = 1; i < 100; i++) {
                c = h.commit(List.of(c), FusionHistory.cu129("1.0." + i), "bump " + i);
            }
            ObjectId lastCu129 = c;
            for (int i = 0; i < 1100; i++) {
                c = h.commit(List.of(c), FusionHistory.cu13("3.0." + i), "bump 3.0." + i);
            }
            h.setBranch("main", c);
            HistoryWalk.pick(h.repo, c, StackTable.bundled(), StackFixtures.sm("12.0", StackFixtures.D575)); // warm-up
            long start = System.nanoTime();
            HistoryWalk.Pick p = HistoryWalk.pick(h.repo, c, StackTable.bundled(),
                    StackFixtures.sm("12.0", StackFixtures.D575));
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println("History walk over 1,200 commits: " + ms + " ms, " + p.examined()
                    + " commits looked at, " + p.stackChanges() + " stack change(s) read");
            assertEquals(lastCu129, p.chosen());
            assertEquals("1.0.99", p.stack().version().value());
            HistoryWalk.Pick none = HistoryWalk.pick(h.repo, c, StackTable.bundled(),
                    StackFixtures.sm("6.1", StackFixtures.D580));
            assertNull(none.chosen(), "the root's stack does not run sm_61 either");
        }
    }
}
