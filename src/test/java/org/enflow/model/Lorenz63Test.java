package org.enflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.junit.jupiter.api.Test;

/** Lorenz-63 and the generic steppers: models.md Test oracle 1. */
class Lorenz63Test {
    /** x(1) from (1, 1, 1), models.md Test oracle 1 (given to 6 decimals). */
    static final double[] REFERENCE = {-9.378570, -8.357034, 29.362325};

    static double[] integrate(Integrator integrator, double dt, double t) {
        int steps = (int) Math.round(t / dt);
        Ensemble e = Ensemble.wrap(1, 3, new double[] {1, 1, 1});
        new Lorenz63().model(dt, integrator, Parallel.sequential()).advance(e, 0, steps);
        return e.data();
    }

    static double maxError(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @Test
    void bothRk4sMatchTheReferencePointAtDt001() {
        for (Integrator integrator : new Integrator[] {Integrator.RK4, Integrator.RK4_38}) {
            double[] x = integrate(integrator, 0.01, 1);
            // The oracle: error ≈ 7.8e-5 at dt = 0.01, within 1e-4.
            assertArrayEquals(REFERENCE, x, 1e-4, integrator.toString());
        }
    }

    @Test
    void tightReferenceAgreesWithTheOracleToItsSixDecimals() {
        double[] tight = integrate(Integrator.RK4, 1e-4, 1);
        // 6 printed decimals: rounding ≤ 5e-7; the dt = 1e-4 error is ~1e-12.
        assertArrayEquals(REFERENCE, tight, 6e-7);
    }

    @Test
    void rk4IsFourthOrder() {
        double[] tight = integrate(Integrator.RK4, 1e-4, 1);
        double e1 = maxError(integrate(Integrator.RK4, 0.005, 1), tight);
        double e2 = maxError(integrate(Integrator.RK4, 0.0025, 1), tight);
        // Oracle: 2.1e-6 → 1.4e-7, a ratio ≈ 15 (16 asymptotically for 4th order); the dt = 1e-4 reference
        // error (~1e-12) is negligible against both.
        assertEquals(2.1e-6, e1, 0.5e-6);
        assertEquals(15, e1 / e2, 1.5, "ratio " + e1 / e2);
        double f1 = maxError(integrate(Integrator.RK4_38, 0.005, 1), tight);
        double f2 = maxError(integrate(Integrator.RK4_38, 0.0025, 1), tight);
        assertEquals(15, f1 / f2, 2.5, "3/8 rule ratio " + f1 / f2);
    }

    @Test
    void lowerOrderIntegratorsConvergeAtTheirOrder() {
        double[] tight = integrate(Integrator.RK4, 1e-4, 1);
        // Over t ∈ [0, 1] the error is O(h^p): halving h divides it by ≈ 2^p (ratios within ±25%).
        double euler = maxError(integrate(Integrator.EULER, 1e-4, 1), tight) / maxError(integrate(Integrator.EULER, 0.5e-4, 1), tight);
        double heun = maxError(integrate(Integrator.HEUN, 1e-3, 1), tight) / maxError(integrate(Integrator.HEUN, 0.5e-3, 1), tight);
        assertEquals(2, euler, 0.5, "Euler");
        assertEquals(4, heun, 1.0, "Heun");
    }

    @Test
    void symmetryAndDivergence() {
        Lorenz63 l63 = new Lorenz63();
        double[] x = {3.5, -7.25, 20.125, -3.5, 7.25, 20.125};
        double[] f = new double[6];
        l63.evaluate(x, f, 0, 2, 0);
        // (x, y, z) → (−x, −y, z) maps f to (−f_x, −f_y, f_z) exactly.
        assertEquals(-f[0], f[3], 0.0);
        assertEquals(-f[1], f[4], 0.0);
        assertEquals(f[2], f[5], 0.0);
        // The divergence −(σ + 1 + β), by central differences (f is quadratic: exact up to rounding).
        double h = 1e-3, div = 0;
        for (int i = 0; i < 3; i++) {
            double[] p = x.clone(), m = x.clone(), fp = new double[6], fm = new double[6];
            p[i] += h;
            m[i] -= h;
            l63.evaluate(p, fp, 0, 1, 0);
            l63.evaluate(m, fm, 0, 1, 0);
            div += (fp[i] - fm[i]) / (2 * h);
        }
        assertEquals(-(10 + 1 + 8.0 / 3.0), div, 1e-9);
    }

    @Test
    void rescaledDriftIsTheConjugateSystem() {
        // f_s(x) = f(s x)/s: the trajectory of the rescaled system is the plain one divided by s.
        double s = 0.5;
        Ensemble plain = Ensemble.wrap(1, 3, new double[] {1, 1, 1});
        Ensemble scaled = Ensemble.wrap(1, 3, new double[] {1 / s, 1 / s, 1 / s});
        new Lorenz63().model(0.01, Integrator.RK4, Parallel.sequential()).advance(plain, 0, 100);
        new DriftModel(new Lorenz63(10, 28, 8.0 / 3.0, s), 0.01, Integrator.RK4, Parallel.sequential()).advance(scaled, 0, 100);
        for (int i = 0; i < 3; i++) assertEquals(plain.data()[i] / s, scaled.data()[i], 1e-9);
    }

    @Test
    void threadCountDoesNotChangeResults() {
        Ensemble start = new Ensemble(4000, 3);
        for (int k = 0; k < start.data().length; k++) start.data()[k] = Math.sin(k) * 5 + (k % 3 == 2 ? 25 : 0);
        Ensemble one = start.copy(), two = start.copy();
        try (Parallel p1 = new Parallel(1); Parallel p2 = new Parallel(2)) {
            new Lorenz63().model(0.01, Integrator.RK4_38, p1).advance(one, 0, 200);
            new Lorenz63().model(0.01, Integrator.RK4_38, p2).advance(two, 0, 200);
        }
        assertTrue(Parallel.blockCount(4000, DriftModel.grain(3, 200 * 4)) > 1);
        assertArrayEquals(one.data(), two.data(), 0.0);
    }

    @Test
    void startTimeIsPassedToTheDrift() {
        // A time-dependent drift ẋ = t: x(t0 + h) − x(t0) = t0 h + h²/2 exactly for every integrator of order ≥ 2.
        Drift clock = new Drift() {
            public int dim() {
                return 1;
            }

            public void evaluate(double[] x, double[] out, int from, int to, double t) {
                for (int i = from; i < to; i++) out[i] = t;
            }
        };
        for (Integrator integrator : new Integrator[] {Integrator.HEUN, Integrator.RK4, Integrator.RK4_38}) {
            Ensemble e = Ensemble.wrap(1, 1, new double[] {0});
            new DriftModel(clock, 0.5, integrator, Parallel.sequential()).advance(e, 3, 2);
            assertEquals(0.5 * (16 - 9), e.data()[0], 1e-14, integrator.toString()); // ∫_3^4 t dt = 3.5
        }
    }

    @Test
    void validation() {
        Model model = new Lorenz63().model(0.01, Integrator.RK4, Parallel.sequential());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> model.advance(new Ensemble(2, 4), 0, 1));
        assertTrue(ex.getMessage().startsWith("ensemble dim = 4: expected 3 for lorenz63"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Lorenz63().model(-0.01, Integrator.RK4, Parallel.sequential()));
        assertThrows(IllegalArgumentException.class, () -> new Lorenz63().model(Double.NaN, Integrator.RK4, Parallel.sequential()));
        assertThrows(IllegalArgumentException.class, () -> model.advance(new Ensemble(2, 3), Double.NaN, 1));
    }
}
