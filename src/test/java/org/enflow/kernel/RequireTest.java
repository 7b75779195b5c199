package org.enflow.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RequireTest {
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
