package org.enflow.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The scale:C stage: values, adjoint, composition with arctan (FlowDAS's atan(x/8)) and errors. */
class ScaleOperatorTest {
    @Test
    void scaleThenArctanIsAtanOfTheScaledComponent() {
        ObservationOperator h = Operators.parse("component:0>scale:0.125>arctan", 3, null);
        assertEquals("component:0>scale:0.125>arctan", h.describe());
        assertEquals(1, h.outputDim());
        double[] x = {5.0, -2.0, 30.0}, y = new double[1], g = new double[3];
        h.apply(x, 0, y, 0);
        // ArcTan is the library's own kernel (≤ 2 ulp of the exact value).
        assertEquals(Math.atan(5.0 / 8), y[0], 4 * Math.ulp(y[0]));
        h.adjoint(x, 0, new double[] {2.0}, 0, g, 0);
        assertEquals(2.0 * 0.125 / (1 + (5.0 / 8) * (5.0 / 8)), g[0], 1e-15);
        assertEquals(0.0, g[1]);
        assertEquals(0.0, g[2]);
    }

    @Test
    void scaleAloneAndErrors() {
        ObservationOperator h = Operators.scale(2, -3.0);
        double[] y = new double[2], g = new double[2];
        h.apply(new double[] {1, 2}, 0, y, 0);
        assertEquals(-3.0, y[0]);
        assertEquals(-6.0, y[1]);
        h.adjoint(new double[] {1, 2}, 0, new double[] {1, 1}, 0, g, 0);
        assertEquals(-3.0, g[0]);
        assertEquals("scale:-3.0", h.describe());
        assertThrows(IllegalArgumentException.class, () -> Operators.scale(2, Double.NaN));
        String m = assertThrows(IllegalArgumentException.class, () -> Operators.parse("scale", 3, null)).getMessage();
        assertTrue(m.contains("scale needs an argument C"), m);
        assertThrows(IllegalArgumentException.class, () -> Operators.parse("scale:x", 3, null));
        assertThrows(IllegalArgumentException.class, () -> Operators.parse("scale:Infinity", 3, null));
    }
}
