package org.visomaster.launcher.frontend.ui.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedLogTest {
    static List<String> lines(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "l" + i).toList();
    }

    @Test
    void keepsTheNewestLinesInOrderAndNumbersThemFromTheFirstEverAppended() {
        BoundedLog<String> log = new BoundedLog<>(5);
        List<List<? extends String>> heard = new ArrayList<>();
        log.addListener(heard::add);
        log.appendAll(lines(0, 3));
        assertEquals(lines(0, 3), log);
        assertEquals(0, log.firstNumber());
        log.appendAll(lines(3, 7));
        assertEquals(lines(2, 7), log, "the two oldest left the head");
        assertEquals(2, log.firstNumber());
        log.appendAll(lines(7, 20));
        assertEquals(lines(15, 20), log, "a batch larger than the capacity keeps its newest lines");
        assertEquals(15, log.firstNumber());
        assertEquals(List.of(lines(0, 3), lines(3, 7), lines(15, 20)), heard, "one notice per batch");
        log.appendAll(List.of());
        assertEquals(3, heard.size(), "an empty batch changes nothing");
    }

    @Test
    void clearEmptiesButKeepsCounting() {
        BoundedLog<String> log = new BoundedLog<>(4);
        log.appendAll(lines(0, 6));
        log.clear();
        assertEquals(List.of(), log);
        assertEquals(6, log.firstNumber());
        log.appendAll(lines(6, 8));
        assertEquals(lines(6, 8), log);
        assertEquals(6, log.firstNumber());
        assertThrows(IndexOutOfBoundsException.class, () -> log.get(2));
        assertThrows(UnsupportedOperationException.class, () -> log.add("x"));
    }
}
