package org.enflow.filter.kde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.enflow.kernel.Parallel;
import org.junit.jupiter.api.Test;

/**
 * The closed-form denoiser against a direct double loop, and kde_diffusion.md oracle 5 (first part): the
 * score equals (D − x)/σ̄² and is the gradient of log Σ_i exp(ℓ_i) N(x; x_i, σ̄²I).
 */
class KdeDenoiserTest {
    /** D(x) by the definition: a_i = ℓ_i − ‖x − x_i‖²/(2σ̄²), max-shifted softmax, weighted mean of x_i. */
    static void reference(double[] x, int m, double[] c, int n, int d, double[] l, double sigma, double[] out) {
        double[] a = new double[n];
        for (int q = 0; q < m; q++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double e = x[q * d + k] - c[i * d + k];
                    s += e * e;
                }
                a[i] = l[i] - s / (2 * sigma * sigma);
                max = Math.max(max, a[i]);
            }
            double z = 0;
            for (int i = 0; i < n; i++) z += a[i] = Math.exp(a[i] - max);
            for (int k = 0; k < d; k++) {
                double acc = 0;
                for (int i = 0; i < n; i++) acc += a[i] * c[i * d + k];
                out[q * d + k] = acc / z;
            }
        }
    }

    /** log Σ_i exp(ℓ_i) N(x; x_i, σ²I) up to a constant, by log-sum-exp. */
    static double logDensity(double[] x, double[] c, int n, int d, double[] l, double sigma) {
        double max = Double.NEGATIVE_INFINITY;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) s += (x[k] - c[i * d + k]) * (x[k] - c[i * d + k]);
            a[i] = l[i] - s / (2 * sigma * sigma);
            max = Math.max(max, a[i]);
        }
        double z = 0;
        for (int i = 0; i < n; i++) z += Math.exp(a[i] - max);
        return max + Math.log(z);
    }

    @Test
    void denoiserMatchesTheDefinitionOverManySizes() {
        int[][] shapes = {{1, 1, 1}, {5, 7, 3}, {37, 23, 3}, {64, 101, 40}, {131, 97, 17}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], d = s[2];
            double[] c = KdeTesting.normals(10 + n, n * d), x = KdeTesting.normals(20 + m, m * d), l = KdeTesting.normals(30 + n, n);
            for (int i = 0; i < x.length; i++) x[i] *= 2;
            for (double sigma : new double[] {0.3, 1.0, 50.0}) {
                double[] got = new double[m * d], want = new double[m * d];
                KdeDenoiser den = new KdeDenoiser(Parallel.sequential());
                den.bind(c, n, d, l);
                den.denoise(x, m, sigma, got);
                reference(x, m, c, n, d, l, sigma, want);
                for (int i = 0; i < got.length; i++) {
                    // Gram-identity logits: absolute error ~ d·2⁻⁵³·‖x − centre‖²/(2σ̄²) ≈ 1e-12 here, times the value range.
                    assertEquals(want[i], got[i], 1e-9, "m=" + m + " n=" + n + " d=" + d + " σ=" + sigma + " i=" + i);
                }
            }
        }
    }

    @Test
    void scoreIsTheGradientOfTheLogDensity() {
        int n = 40, d = 3, m = 6;
        double[] c = KdeTesting.normals(1, n * d), l = KdeTesting.normals(2, n), x = KdeTesting.normals(3, m * d);
        KdeDenoiser den = new KdeDenoiser(Parallel.sequential());
        den.bind(c, n, d, l);
        for (double sigma : new double[] {0.2, 0.7, 5}) {
            double[] score = new double[m * d], dn = new double[m * d];
            den.score(x, m, sigma, score);
            den.denoise(x, m, sigma, dn);
            for (int q = 0; q < m; q++) {
                double[] xq = java.util.Arrays.copyOfRange(x, q * d, q * d + d);
                for (int k = 0; k < d; k++) {
                    assertEquals((dn[q * d + k] - xq[k]) / (sigma * sigma), score[q * d + k], 1e-12 * (1 + Math.abs(score[q * d + k])));
                    // Central difference: truncation error h²/6·|∂³ log p| with h = 1e-4σ̄ (∂³ ~ σ̄⁻³), round-off ~ε/h.
                    double h = 1e-4 * sigma;
                    double[] xp = xq.clone(), xm = xq.clone();
                    xp[k] += h;
                    xm[k] -= h;
                    double fd = (logDensity(xp, c, n, d, l, sigma) - logDensity(xm, c, n, d, l, sigma)) / (2 * h);
                    double tol = 1e-6 / sigma + 1e-6 * Math.abs(fd);
                    assertEquals(fd, score[q * d + k], tol, "σ=" + sigma + " q=" + q + " k=" + k);
                }
            }
        }
    }

    @Test
    void rejectsBadArguments() {
        KdeDenoiser den = new KdeDenoiser(Parallel.sequential());
        assertThrows(IllegalStateException.class, () -> den.denoise(new double[3], 1, 1.0, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> den.bind(new double[5], 2, 3, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> den.bind(new double[6], 2, 3, new double[1]));
        assertThrows(IllegalArgumentException.class, () -> den.bind(new double[6], 2, 3, new double[] {0, Double.NaN}));
        assertThrows(IllegalArgumentException.class,
                () -> den.bind(new double[6], 2, 3, new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}));
        den.bind(new double[6], 2, 3, new double[] {0, Double.NEGATIVE_INFINITY});
        assertThrows(IllegalArgumentException.class, () -> den.denoise(new double[3], 1, 0.0, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> den.denoise(new double[2], 1, 1.0, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new KdeDenoiser(null));
        assertThrows(IllegalArgumentException.class, () -> new KdeSchedule(0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new KdeSchedule(0, 50));
        assertThrows(IllegalArgumentException.class, () -> new KdeSchedule(0.1, Double.POSITIVE_INFINITY));
    }

    @Test
    void scheduleIsLinearInT() {
        KdeSchedule s = new KdeSchedule(0.4, 50);
        assertEquals(0.4, s.sigma(0), 0);
        assertEquals(50, s.sigma(1), 1e-14);
        assertEquals(49.6, s.rate(), 1e-14);
        assertEquals(2 * s.sigma(0.3) * 49.6, s.g2(0.3), 1e-12);
        assertTrue(s.sigma(0.5) > s.sigma(0.25));
    }
}
