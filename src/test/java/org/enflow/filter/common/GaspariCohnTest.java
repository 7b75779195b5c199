package org.enflow.filter.common;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class GaspariCohnTest {
    @Test
    void knownValuesAndSmoothness() {
        assertEquals(1.0, GaspariCohn.ofRatio(0), 0.0);
        // r = 1 from both branches: 5/24.
        double inner = 1 - 5.0 / 3 + 5.0 / 8 + 0.5 - 0.25;
        double outer = 4 - 5 + 5.0 / 3 + 5.0 / 8 - 0.5 + 1.0 / 12 - 2.0 / 3;
        assertEquals(5.0 / 24, inner, 1e-15);
        assertEquals(5.0 / 24, outer, 1e-15);
        assertEquals(5.0 / 24, GaspariCohn.ofRatio(1), 1e-15);
        assertEquals(5.0 / 24, GaspariCohn.ofRatio(Math.nextUp(1.0)), 1e-15);
        assertEquals(0.0, GaspariCohn.ofRatio(2), 1e-15);
        assertEquals(0.0, GaspariCohn.ofRatio(2.5), 0.0);
        // First derivative continuous at r = 1 and zero at r = 0 and r = 2 (central differences, h = 1e-6: error O(h²)).
        double h = 1e-6;
        double left = (GaspariCohn.ofRatio(1) - GaspariCohn.ofRatio(1 - h)) / h;
        double right = (GaspariCohn.ofRatio(1 + h) - GaspariCohn.ofRatio(1)) / h;
        assertEquals(left, right, 1e-5);
        assertEquals(0, (GaspariCohn.ofRatio(h) - GaspariCohn.ofRatio(0)) / h, 1e-5);
        assertEquals(0, (GaspariCohn.ofRatio(2) - GaspariCohn.ofRatio(2 - h)) / h, 1e-5);
        // Monotone decreasing on [0, 2].
        for (double r = 0; r < 2; r += 0.01) assertTrue(GaspariCohn.ofRatio(r + 0.01) <= GaspariCohn.ofRatio(r));
    }

    @Test
    void dapperConvention() {
        // At d = loc_rad the taper is 0.634 (c = 1.82 loc_rad).
        double c = GaspariCohn.halfWidth(4);
        assertEquals(7.28, c, 1e-12);
        assertEquals(0.634, GaspariCohn.taper(4, c), 5e-4);
        assertEquals(1.0, GaspariCohn.taper(123, GaspariCohn.halfWidth(Double.POSITIVE_INFINITY)), 0.0);
        double cut = GaspariCohn.cutoffDistance(c, GaspariCohn.DAPPER_CUTOFF);
        assertTrue(cut < 2 * c && cut > 1.5 * c);
        assertEquals(GaspariCohn.DAPPER_CUTOFF, GaspariCohn.taper(cut, c), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> GaspariCohn.halfWidth(0));
        assertThrows(IllegalArgumentException.class, () -> GaspariCohn.halfWidth(-3));
    }

    @Test
    void periodicDistances() {
        assertEquals(1, GaspariCohn.periodicDistance(0, 39, 40), 0.0);
        assertEquals(20, GaspariCohn.periodicDistance(0, 20, 40), 0.0);
        assertEquals(2.5, GaspariCohn.periodicDistance(1, 38.5, 40), 1e-15);
        assertEquals(37.5, GaspariCohn.periodicDistance(1, 38.5, Double.POSITIVE_INFINITY), 1e-15);
    }
}
