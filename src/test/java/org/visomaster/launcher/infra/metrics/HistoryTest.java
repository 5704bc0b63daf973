package org.visomaster.launcher.infra.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HistoryTest {
    @Test
    void keepsTheNewestValuesOldestFirst() {
        History h = new History(3);
        assertArrayEquals(new double[0], h.values());
        h.add(1);
        h.add(2);
        assertArrayEquals(new double[] {1, 2}, h.values());
        h.add(3);
        h.add(4);
        h.add(Double.NaN);
        double[] v = h.values();
        assertEquals(3, v.length);
        assertEquals(3, v[0]);
        assertEquals(4, v[1]);
        assertEquals(Double.NaN, v[2]);
        assertEquals(3, h.size());
    }

    @Test
    void wrapsManyTimes() {
        History h = new History(60);
        for (int i = 0; i < 1000; i++) {
            h.add(i);
        }
        double[] v = h.values();
        assertEquals(60, v.length);
        assertEquals(940, v[0]);
        assertEquals(999, v[59]);
    }

    @Test
    void refusesAnEmptyRing() {
        assertThrows(IllegalArgumentException.class, () -> new History(0));
    }
}
