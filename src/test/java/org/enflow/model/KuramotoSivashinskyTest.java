package org.enflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.junit.jupiter.api.Test;

/** Kuramoto–Sivashinsky ETDRK4: models.md Test oracle 4. */
class KuramotoSivashinskyTest {
    @Test
    void contourCoefficientsAtZeroAreTheTaylorLimits() {
        for (double h : new double[] {0.25, 1, 1.0 / 128}) {
            double[] c = KuramotoSivashinsky.etdrk4Coefficients(0, h);
            assertEquals(h / 2, c[0], 1e-13, "Q");
            for (int k = 1; k <= 3; k++) assertEquals(h / 6, c[k], 1e-13, "f" + k);
        }
    }

    @Test
    void contourCoefficientsMatchClosedFormsAwayFromZero() {
        // The functions are entire, so the M = 16 contour mean equals the value at the centre up to terms
        // of order 1/M! — far below 1e-10 relative. The closed forms are accurate when |hL| is not small.
        double h = 0.25;
        for (double z : new double[] {-0.75, -3, -40, -1024, 0.5}) {
            double ez = Math.exp(z), z3 = z * z * z;
            double[] expected = {h * (Math.exp(z / 2) - 1) / z, h * (-4 - z + ez * (4 - 3 * z + z * z)) / z3,
                    h * (2 + z + ez * (z - 2)) / z3, h * (-4 - 3 * z - z * z + ez * (4 - z)) / z3};
            double[] c = KuramotoSivashinsky.etdrk4Coefficients(z, h);
            for (int k = 0; k < 4; k++) assertEquals(expected[k], c[k], 1e-10 * Math.abs(expected[k]) + 1e-15, "z=" + z + " k=" + k);
        }
    }

    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    static double[] integrateFromKassamTrefethen(double dt, double t) {
        KuramotoSivashinsky ks = new KuramotoSivashinsky(1024, 128, dt, Parallel.sequential());
        Ensemble e = Ensemble.wrap(1, 1024, ks.kassamTrefethen());
        ks.advance(e, 0, (int) Math.round(t / dt));
        return e.data();
    }

    /**
     * Oracle 4: d = 1024, DL = 128, u₀ of Kassam–Trefethen, t ∈ [0, 5], dt = 1/128 reference. The max error
     * at dt = 0.25 is about 3.2e-6 and the ratios are about 12.1, 13.6, 14.8. The reference's own error
     * (~5e-12, extrapolating the 4th order) is negligible; allow ±15 % on the error and ±0.4 on the ratios.
     * Cost: ~1000 steps of 9 FFTs of 1024 points, well under a second.
     */
    @Test
    void selfConvergenceIsFourthOrder() {
        double[] reference = integrateFromKassamTrefethen(1.0 / 128, 5);
        double[] errors = new double[4];
        double[] dts = {0.25, 0.125, 0.0625, 0.03125};
        for (int k = 0; k < 4; k++) errors[k] = maxDiff(integrateFromKassamTrefethen(dts[k], 5), reference);
        assertEquals(3.2e-6, errors[0], 0.15 * 3.2e-6);
        double[] ratios = {12.1, 13.6, 14.8};
        for (int k = 0; k < 3; k++) assertEquals(ratios[k], errors[k] / errors[k + 1], 0.4, "ratio at dt = " + dts[k]);
    }

    /** The mean (k = 0) and the Nyquist coefficient are untouched by the step: conserved to FFT rounding. */
    @Test
    void meanAndNyquistAreConserved() {
        int d = 256;
        KuramotoSivashinsky ks = new KuramotoSivashinsky(d, 128, 0.25, Parallel.sequential());
        double[] u = ks.kassamTrefethen();
        // A Nyquist amplitude of 0.01 (white noise of variance 1 has ~1/√d): the undamped, aliased Nyquist mode
        // makes a large one (0.2) blow up, a property of the scheme as specified (no dealiasing).
        for (int j = 0; j < d; j++) u[j] += 0.3 + 0.01 * (j % 2 == 0 ? 1 : -1);
        double mean0 = mean(u), nyquist0 = nyquist(u);
        Ensemble e = Ensemble.wrap(1, d, u);
        ks.advance(e, 0, 400);
        double amplitude = 0;
        for (double v : u) amplitude = Math.max(amplitude, Math.abs(v));
        assertTrue(amplitude > 1, "the field evolved");
        // Each step is 9 FFTs: the round trip perturbs a coefficient by ~log2(d)·eps·|u|; 400 steps random-walk.
        double tol = 400 * 9 * 8 * Math.ulp(1.0) * amplitude;
        assertEquals(mean0, mean(u), tol, "mean");
        assertEquals(nyquist0, nyquist(u), tol, "Nyquist");
    }

    static double mean(double[] u) {
        double s = 0;
        for (double v : u) s += v;
        return s / u.length;
    }

    /** The Nyquist coefficient over d: (1/d) Σ (−1)^j u_j. */
    static double nyquist(double[] u) {
        double s = 0;
        for (int j = 0; j < u.length; j++) s += (j % 2 == 0 ? 1 : -1) * u[j];
        return s / u.length;
    }

    /** With 𝒩 ≡ 0 ETDRK4 is exact: each Fourier mode is multiplied by e^{hL_n} per step. */
    @Test
    void linearPartIsExact() {
        int d = 128;
        double dl = 32, h = 0.25;
        int steps = 20;
        KuramotoSivashinsky ks = new KuramotoSivashinsky(d, dl, h, Parallel.sequential(), false);
        int[] modes = {1, 3, 5, 9, 30};
        double[] amp = {1, -0.7, 0.4, 0.2, 0.05}, phase = {0.1, 1.3, -2.0, 0.7, 0.2};
        double[] u = new double[d], expected = new double[d];
        for (int j = 0; j < d; j++) {
            double x = ks.gridPoint(j);
            for (int m = 0; m < modes.length; m++) {
                double k = 2.0 * modes[m] / dl, lam = k * k - k * k * k * k;
                u[j] += amp[m] * Math.cos(k * x + phase[m]);
                expected[j] += amp[m] * Math.exp(lam * h * steps) * Math.cos(k * x + phase[m]);
            }
        }
        ks.advance(Ensemble.wrap(1, d, u), 0, steps);
        // Mode 1 grows (k² > k⁴ for k = 1/16); rounding from 20 × 2 FFTs of 128 points ~ 1e-14 relative.
        assertArrayEquals(expected, u, 1e-12);
    }

    @Test
    void steppingInOneCallOrSeveralIsIdentical() {
        KuramotoSivashinsky ks = new KuramotoSivashinsky(256, 128, 0.25, Parallel.sequential());
        double[] a = ks.kassamTrefethen(), b = a.clone();
        ks.advance(Ensemble.wrap(1, 256, a), 0, 6);
        for (int s = 0; s < 6; s++) ks.advance(Ensemble.wrap(1, 256, b), 0, 1);
        assertArrayEquals(a, b, 0.0);
    }

    @Test
    void threadCountDoesNotChangeResults() {
        int d = 256, n = 24;
        Ensemble start = new Ensemble(n, d);
        Gaussian g = new Gaussian(new RandomStreams(5).stream(RandomStreams.Purpose.AUXILIARY));
        g.fill(start.data(), 0, n * d);
        Ensemble one = start.copy(), two = start.copy();
        try (Parallel p1 = new Parallel(1); Parallel p2 = new Parallel(2)) {
            new KuramotoSivashinsky(d, 128, 0.25, p1).advance(one, 0, 40);
            new KuramotoSivashinsky(d, 128, 0.25, p2).advance(two, 0, 40);
        }
        assertArrayEquals(one.data(), two.data(), 0.0);
        // Member 3 on its own gives the same numbers: members do not interact.
        double[] alone = start.copy().data();
        double[] m3 = java.util.Arrays.copyOfRange(alone, 3 * d, 4 * d);
        new KuramotoSivashinsky(d, 128, 0.25, Parallel.sequential()).advance(Ensemble.wrap(1, d, m3), 0, 40);
        assertArrayEquals(java.util.Arrays.copyOfRange(one.data(), 3 * d, 4 * d), m3, 0.0);
    }

    @Test
    void dapperInitialStateIsOnTheAttractor() {
        double[] x0 = KuramotoSivashinsky.dapperInitialState(256, 128, 0.25);
        assertEquals(256, x0.length);
        double rms = 0;
        for (double v : x0) {
            assertTrue(Double.isFinite(v));
            rms += v * v;
        }
        rms = Math.sqrt(rms / x0.length);
        // u₀ has rms ≈ 0.87; on the KS attractor (L = 128π) the rms is ≈ 1.3. The spin-up must have moved it there
        // while the mean (0 for u₀) stays 0.
        assertTrue(rms > 1.0 && rms < 1.8, "rms " + rms);
        assertEquals(0, mean(x0), 1e-12);
        assertArrayEquals(x0, KuramotoSivashinsky.dapperInitialState(256, 128, 0.25), 0.0);
        // 64 points on L = 128π cannot resolve KS: the spin-up diverges and says so instead of returning NaN.
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> KuramotoSivashinsky.dapperInitialState(64, 128, 0.25));
        assertTrue(ex.getMessage().contains("diverged"), ex.getMessage());
    }

    @Test
    void validation() {
        assertThrows(IllegalArgumentException.class, () -> new KuramotoSivashinsky(100, 0.25, Parallel.sequential()));
        assertThrows(IllegalArgumentException.class, () -> new KuramotoSivashinsky(2, 0.25, Parallel.sequential()));
        assertThrows(IllegalArgumentException.class, () -> new KuramotoSivashinsky(256, 0, Parallel.sequential()));
        assertThrows(IllegalArgumentException.class, () -> new KuramotoSivashinsky(256, -1, 0.25, Parallel.sequential()));
        KuramotoSivashinsky ks = new KuramotoSivashinsky(256, 0.25, Parallel.sequential());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ks.advance(new Ensemble(2, 128), 0, 1));
        assertTrue(ex.getMessage().startsWith("ensemble dim = 128: expected 256 for ks"), ex.getMessage());
    }
}
