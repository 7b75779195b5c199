package org.enflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IntegratorTest {
    @Test
    void tableauxAreConsistent() {
        for (Integrator m : Integrator.values()) {
            double sb = 0, sbc = 0, sbc2 = 0, sbc3 = 0;
            for (int j = 0; j < m.stages(); j++) {
                sb += m.b(j);
                sbc += m.b(j) * m.c(j);
                sbc2 += m.b(j) * m.c(j) * m.c(j);
                sbc3 += m.b(j) * m.c(j) * m.c(j) * m.c(j);
            }
            assertEquals(1, sb, 1e-15, m + " Σb");
            if (m != Integrator.EULER) assertEquals(0.5, sbc, 1e-15, m + " Σbc");
            if (m == Integrator.RK4 || m == Integrator.RK4_38) {
                assertEquals(1.0 / 3, sbc2, 1e-15, m + " Σbc²");
                assertEquals(0.25, sbc3, 1e-15, m + " Σbc³");
            }
        }
        assertEquals(1.0 / 3, Integrator.RK4_38.c(1), 1e-15);
        assertEquals(2.0 / 3, Integrator.RK4_38.c(2), 1e-15);
        assertEquals(1.0, Integrator.RK4_38.c(3), 1e-15);
    }

    @Test
    void parsing() {
        assertEquals(Integrator.RK4_38, Integrator.parse("rk4_38"));
        assertEquals(Integrator.RK4_38, Integrator.parse("RK4-38"));
        assertEquals(Integrator.EULER, Integrator.parse(" euler "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Integrator.parse("rk5"));
        assertEquals("integrator = rk5: expected one of euler, heun, rk4, rk4_38", e.getMessage());
    }
}
