package org.enflow.filter.classical;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.enflow.kernel.Parallel;
import org.junit.jupiter.api.Test;

class DenseTest {
    /**
     * out = 1·baseᵀ + T A on both paths (small: one product; large: column tiles sized by N in parallel blocks): equal
     * to a direct sum within the rounding of an N-term sum of products bounded by N·max|t|·max|a| (4N·ε relative to
     * that bound), and the same bits on 1 and 2 threads.
     */
    @Test
    void transformEqualsTheDirectSumOnBothPathsAndThreadCounts() {
        Random rnd = new Random(21);
        for (int[] c : new int[][] {{20, 40}, {20, 3000}, {37, 1001}, {130, 600}, {500, 70}, {600, 130}, {2000, 40}}) {
            int n = c[0], d = c[1];
            double[] t = new double[n * n], a = new double[n * d], base = new double[d];
            for (int i = 0; i < t.length; i++) t[i] = rnd.nextGaussian() / Math.sqrt(n);
            for (int i = 0; i < a.length; i++) a[i] = rnd.nextGaussian();
            for (int k = 0; k < d; k++) base[k] = 3 * rnd.nextGaussian();
            double[] one = new double[n * d], two = new double[n * d];
            Dense.transform(t, n, a, d, base, one, Parallel.sequential(), new Dense.Rows());
            try (Parallel p = new Parallel(2)) {
                Dense.transform(t, n, a, d, base, two, p, new Dense.Rows());
            }
            assertArrayEquals(one, two, "N=" + n + " d=" + d + ": 1 vs 2 threads");
            double tmax = 0, amax = 0;
            for (double v : t) tmax = Math.max(tmax, Math.abs(v));
            for (double v : a) amax = Math.max(amax, Math.abs(v));
            double tol = 4 * n * Math.ulp(1.0) * (n * tmax * amax + 3 * 5);
            for (int i = 0; i < n; i++)
                for (int k = 0; k < d; k += 7) {
                    double s = base[k];
                    for (int j = 0; j < n; j++) s += t[i * n + j] * a[j * d + k];
                    assertEquals(s, one[i * d + k], tol, "N=" + n + " d=" + d + " (" + i + "," + k + ")");
                }
        }
    }

    /**
     * Dense.multiply (out = T A, rectangular T, column tiles in 64-column units, or blocks of rows when d is one unit):
     * every element is the fma chain Σ_l t_il a_l in l order from 0, bit for bit (on both the vector and the scalar
     * pass), on 1 and 2 threads; shapes with d not a multiple of 64 or of the lane width, m and k on either side of
     * each other.
     */
    @Test
    void multiplyIsTheFmaChainOfEachElement() {
        Random rnd = new Random(22);
        for (int[] c : new int[][] {{7, 13, 5}, {40, 500, 1000}, {500, 40, 1000}, {33, 61, 4099}, {1000, 1000, 70}, {40, 500, 40},
            {500, 40, 40}, {203, 300, 37}}) {
            int m = c[0], k = c[1], d = c[2];
            double[] t = new double[m * k], a = new double[k * d];
            for (int i = 0; i < t.length; i++) t[i] = rnd.nextGaussian();
            for (int i = 0; i < a.length; i++) a[i] = rnd.nextGaussian();
            double[] one = new double[m * d], two = new double[m * d];
            Dense.multiply(t, m, k, a, d, one, Parallel.sequential(), new Dense.Rows());
            try (Parallel p = new Parallel(2)) {
                Dense.multiply(t, m, k, a, d, two, p, new Dense.Rows());
            }
            String what = m + "x" + k + " times " + k + "x" + d;
            assertArrayEquals(one, two, what + ": 1 vs 2 threads");
            for (int i = 0; i < m; i += Math.max(1, m / 17))
                for (int j = 0; j < d; j += 3) {
                    double s = 0;
                    for (int l = 0; l < k; l++) s = Math.fma(t[i * k + l], a[l * d + j], s);
                    assertEquals(s, one[i * d + j], 0.0, what + " (" + i + "," + j + ")");
                }
        }
    }

    /**
     * Dense.cross on both paths (packed Gram panels; few long rows through RowGram in fixed column blocks): within
     * 4len·ε·Σ|a_k b_k| of a direct sum, exactly symmetric for A·Aᵀ, the same bits on 1 and 2 threads, and the
     * padded copy (ld &gt; n) equal to the dense one.
     */
    @Test
    void crossMatchesDirectSumsOnBothPaths() {
        Random rnd = new Random(23);
        for (int[] c : new int[][] {{20, 100_000}, {5, 4097}, {32, 9000}, {33, 5000}, {20, 300}}) {
            int n = c[0], len = c[1], ld = n + 3;
            double[] a = new double[n * len], b = new double[n * len];
            for (int i = 0; i < a.length; i++) {
                a[i] = rnd.nextGaussian();
                b[i] = rnd.nextGaussian();
            }
            double[] one = new double[n * n], two = new double[n * n], self = new double[n * n], padded = new double[n * ld];
            Dense.cross(a, b, n, len, one, one, n, new Dense.CrossWork(), Parallel.sequential());
            Dense.cross(a, a, n, len, self, padded, ld, new Dense.CrossWork(), Parallel.sequential());
            try (Parallel p = new Parallel(2)) {
                Dense.cross(a, b, n, len, two, two, n, new Dense.CrossWork(), p);
            }
            String what = n + " rows of " + len;
            assertArrayEquals(one, two, what + ": 1 vs 2 threads");
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0, abs = 0, ss = 0, sabs = 0;
                    for (int k = 0; k < len; k++) {
                        s += a[i * len + k] * b[j * len + k];
                        abs += Math.abs(a[i * len + k] * b[j * len + k]);
                        ss += a[i * len + k] * a[j * len + k];
                        sabs += Math.abs(a[i * len + k] * a[j * len + k]);
                    }
                    assertEquals(s, one[i * n + j], 4.0 * len * Math.ulp(1.0) * abs, what + " A·B (" + i + "," + j + ")");
                    assertEquals(ss, self[i * n + j], 4.0 * len * Math.ulp(1.0) * sabs, what + " A·A (" + i + "," + j + ")");
                    assertEquals(self[i * n + j], self[j * n + i], 0.0, what + " symmetric");
                    assertEquals(self[i * n + j], padded[i * ld + j], 0.0, what + " padded copy");
                }
        }
    }
}
