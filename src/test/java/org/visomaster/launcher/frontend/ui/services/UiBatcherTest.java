package org.visomaster.launcher.frontend.ui.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.visomaster.launcher.frontend.ui.QueuedExecutor;

class UiBatcherTest {
    final QueuedExecutor ex = new QueuedExecutor();
    final List<List<Integer>> batches = new ArrayList<>();

    @Test
    void flushHandsOverEverythingQueuedNowAndLaterItemsStillArriveNextFrame() {
        UiBatcher<Integer> b = new UiBatcher<>(ex, 2, 100, n -> {
        }, batches::add);
        for (int i = 0; i < 5; i++) {
            b.add(i);
        }
        b.flush();
        assertEquals(List.of(List.of(0, 1), List.of(2, 3), List.of(4)), batches, "in order, in batches, at once");
        ex.runUiTasks();
        assertEquals(3, batches.size(), "the frame task already pending finds nothing");
        b.add(5);
        ex.runUiTasks();
        assertEquals(List.of(5), batches.get(3), "an item after the flush schedules its own frame");
        b.flush();
        assertEquals(4, batches.size(), "nothing queued, nothing handed over");
        b.add(6);
        ex.runUiTasks();
        assertEquals(List.of(6), batches.get(4));
    }

    @Test
    void aBacklogKeepsOnlyTheNewestAndSaysHowManyWereDropped() {
        List<Integer> skipped = new ArrayList<>();
        UiBatcher<Integer> b = new UiBatcher<>(ex, 10, 3, skipped::add, batches::add);
        for (int i = 0; i < 8; i++) {
            b.add(i);
        }
        assertEquals(1, ex.uiHops());
        ex.runUiTasks();
        assertEquals(List.of(List.of(5, 6, 7)), batches);
        assertEquals(List.of(5), skipped);
    }
}
