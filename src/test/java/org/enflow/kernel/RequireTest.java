package org.enflow.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequireTest {
    /** The branch-free range check: false for NaN, +∞ and −∞ anywhere in the range (huge finite values are fine). */
    @Test
    void rangeCheckFindsEveryNonFiniteValueInRangeOnly() {
        int n = 300_000; // several blocks of the pooled form
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            for (int at : new int[] {0, 77_777, n - 1}) {
                double[] a = new double[n];
                java.util.Arrays.fill(a, Double.MAX_VALUE);
                assertTrue(Require.isFinite(a, 0, n));
                a[at] = bad;
                assertFalse(Require.isFinite(a, 0, n), bad + " at " + at);
                assertTrue(Require.isFinite(a, at + 1, n) && Require.isFinite(a, 0, at), "outside the range");
                for (int threads = 1; threads <= 2; threads++) {
                    try (Parallel pool = new Parallel(threads)) {
                        assertFalse(Require.isFinite(pool, a, n), bad + " at " + at + ", " + threads + " threads");
                        a[at] = 1;
                        assertTrue(Require.isFinite(pool, a, n));
                        a[at] = bad;
                    }
                }
            }
        }
    }

    @Test
    void messagesNameArgumentValueAndExpectation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Require.positive("members", -3));
        assertEquals("members = -3: expected a positive integer", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Require.positive("sigma", Double.NaN));
        assertEquals("sigma = NaN: expected a finite number > 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Require.allFinite("x", new double[] {1, 2, Double.POSITIVE_INFINITY}));
        assertEquals("x[2] = Infinity: expected a finite number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Require.length("y", new double[3], 4));
        assertEquals("y.length = 3: expected 4", e.getMessage());
    }

    @Test
    void acceptsValidValues() {
        assertEquals(5, Require.positive("n", 5));
        assertEquals(0.5, Require.positive("s", 0.5));
        assertEquals(0.0, Require.nonNegative("q", 0.0));
    }
}
