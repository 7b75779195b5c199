package org.enflow.filter.classical.linalg;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.enflow.kernel.Vectorization;
import org.junit.jupiter.api.Test;

class SmallDenseTest {
    private static double[] gaussian(Random rnd, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = rnd.nextGaussian();
        return x;
    }

    /** Naive triple loop in plain arithmetic: the product the kernel must equal up to rounding. */
    private static double reference(double[] a, int aOff, int rs, int cs, double[] b, int bOff, int ldb, int i, int j, int k) {
        double s = 0;
        for (int l = 0; l < k; l++) s += a[aOff + i * rs + l * cs] * b[bOff + l * ldb + j];
        return s;
    }

    @Test
    void multiplyTwinsAreBitIdenticalOverManyShapes() {
        assumeTrue(Vectorization.enabled());
        Random rnd = new Random(5);
        int[] sizes = {1, 2, 3, 5, 7, 8, 9, 13, 16, 17, 31, 40, 41};
        for (int m : new int[] {1, 2, 3, 4, 5, 9, 40})
            for (int n : sizes)
                for (int k : new int[] {1, 3, 8, 17, 40}) {
                    int ldb = n + 3, ldc = n + 2;
                    double[] a = gaussian(rnd, m * k * 2 + 5), b = gaussian(rnd, k * ldb + 4);
                    double[] c1 = new double[m * ldc + 3], c2 = new double[m * ldc + 3];
                    // A read transposed (row stride 1, column stride m) to exercise the strides.
                    SmallDense.multiply(m, n, k, a, 2, 1, m, b, 1, ldb, c1, 3, ldc);
                    SmallDenseScalar.multiply(m, n, k, a, 2, 1, m, b, 1, ldb, c2, 3, ldc);
                    assertArrayEquals(c2, c1, "m=" + m + " n=" + n + " k=" + k);
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++) // k products of N(0,1) numbers: rounding ≤ k·ε·Σ|a b|
                            assertEquals(reference(a, 2, 1, m, b, 1, ldb, i, j, k), c1[3 + i * ldc + j], 4 * k * Math.ulp(1.0) * (k + 4));
                }
        // Wide rows: one row times a k×n panel, n up to 4099 (primes and tails).
        for (int n = 1; n <= 4099; n = n * 2 + 1) {
            int k = 7;
            double[] a = gaussian(rnd, k), b = gaussian(rnd, k * n);
            double[] c1 = new double[n], c2 = new double[n];
            SmallDense.multiply(1, n, k, a, 0, 0, 1, b, 0, n, c1, 0, 0);
            SmallDenseScalar.multiply(1, n, k, a, 0, 0, 1, b, 0, n, c2, 0, 0);
            assertArrayEquals(c2, c1, "n=" + n);
        }
    }

    @Test
    void rankUpdatesTwinsAreBitIdenticalAndCorrect() {
        assumeTrue(Vectorization.enabled());
        Random rnd = new Random(6);
        for (int len = 1; len <= 4099; len = len < 20 ? len + 1 : len * 2 + 1) {
            int rows = 5, ld = len + 3, first = 2;
            double[] t = gaussian(rnd, (first + rows) * ld + len + 8);
            double[] v = gaussian(rnd, first + rows + len + 8), w = gaussian(rnd, first + rows + len + 8);
            double[] x = gaussian(rnd, len + 4), coef = gaussian(rnd, rows + 2);
            double[] t1 = t.clone(), t2 = t.clone();
            SmallDense.rank1(rows, -0.7, coef, 1, x, 2, t1, 1, ld, len);
            SmallDenseScalar.rank1(rows, -0.7, coef, 1, x, 2, t2, 1, ld, len);
            assertArrayEquals(t2, t1, "rank1 len=" + len);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < len; j++)
                    assertEquals(t[1 + i * ld + j] - 0.7 * coef[1 + i] * x[2 + j], t1[1 + i * ld + j], 1e-14 * 8);
            t1 = t.clone();
            t2 = t.clone();
            int col = 3;
            SmallDense.rank2(first, rows, v, w, t1, 1, ld, col, len);
            SmallDenseScalar.rank2(first, rows, v, w, t2, 1, ld, col, len);
            assertArrayEquals(t2, t1, "rank2 len=" + len);
            for (int i = first; i < first + rows; i++)
                for (int j = col; j < col + len && j < ld; j++)
                    assertEquals(t[1 + i * ld + j] - v[i] * w[j] - w[i] * v[j], t1[1 + i * ld + j], 1e-14 * 16);
        }
    }

    @Test
    void multiplyAddRowsTwinsAreBitIdenticalAndEqualGatherPlusProduct() {
        assumeTrue(Vectorization.enabled());
        Random rnd = new Random(7);
        for (int m : new int[] {1, 3, 4, 5, 9, 33})
            for (int n : new int[] {1, 7, 8, 9, 16, 17, 40, 41, 100})
                for (int k : new int[] {1, 5, 40}) {
                    double[] a = gaussian(rnd, m * (k + 2)), b = gaussian(rnd, k * n + 3);
                    double[] init = gaussian(rnd, 2 * m * n + 5);
                    int[] from = new int[m], to = new int[m];
                    for (int r = 0; r < m; r++) {
                        from[r] = rnd.nextInt(2 * m) * n / 2 + 1; // arbitrary, possibly repeated rows
                        to[r] = (m - 1 - r) * n; // scattered in reverse order
                    }
                    double[] o1 = new double[m * n], o2 = new double[m * n];
                    SmallDense.multiplyAddRows(m, n, k, a, 1, k + 2, b, 3, n, init, from, o1, to, false);
                    SmallDenseScalar.multiplyAddRows(m, n, k, a, 1, k + 2, b, 3, n, init, from, o2, to, 0, false);
                    assertArrayEquals(o2, o1, "m=" + m + " n=" + n + " k=" + k);
                    // With B upper triangular, skipping its zeros gives the same bits as the full product.
                    double[] bu = b.clone();
                    for (int l = 0; l < k; l++) for (int j = 0; j < Math.min(l, n); j++) bu[3 + l * n + j] = 0;
                    double[] full = new double[m * n], skip = new double[m * n], skipScalar = new double[m * n];
                    SmallDense.multiplyAddRows(m, n, k, a, 1, k + 2, bu, 3, n, init, from, full, to, false);
                    SmallDense.multiplyAddRows(m, n, k, a, 1, k + 2, bu, 3, n, init, from, skip, to, true);
                    SmallDenseScalar.multiplyAddRows(m, n, k, a, 1, k + 2, bu, 3, n, init, from, skipScalar, to, 0, true);
                    assertArrayEquals(full, skip, "upper m=" + m + " n=" + n + " k=" + k);
                    assertArrayEquals(full, skipScalar, "upper scalar m=" + m + " n=" + n + " k=" + k);
                    // In place (out row r = init row r, distinct rows): the same bits as into a separate array.
                    int[] rowsAt = new int[m];
                    for (int r = 0; r < m; r++) rowsAt[r] = r * n;
                    double[] inPlace = java.util.Arrays.copyOf(init, m * n), apart = new double[m * n];
                    SmallDense.multiplyAddRows(m, n, k, a, 1, k + 2, b, 3, n, inPlace, rowsAt, apart, rowsAt, false);
                    SmallDense.multiplyAddRows(m, n, k, a, 1, k + 2, b, 3, n, inPlace, rowsAt, inPlace, rowsAt, false);
                    assertArrayEquals(apart, inPlace, "in place m=" + m + " n=" + n + " k=" + k);
                    for (int r = 0; r < m; r++)
                        for (int j = 0; j < n; j++) {
                            double ref = init[from[r] + j];
                            for (int l = 0; l < k; l++) ref += a[1 + r * (k + 2) + l] * b[3 + l * n + j];
                            assertEquals(ref, o1[to[r] + j], 4 * (k + 1) * Math.ulp(1.0) * (k + 4));
                        }
                }
    }

    @Test
    void combineRowAndRank1x2TwinsAreBitIdenticalAndCorrect() {
        assumeTrue(Vectorization.enabled());
        Random rnd = new Random(8);
        for (int len = 1; len <= 4099; len = len < 41 ? len + 1 : len * 2 + 1) {
            int k = 1 + rnd.nextInt(9), ldb = len + 2;
            double[] a = gaussian(rnd, 3 * k + 2), b = gaussian(rnd, k * ldb + 1), c = gaussian(rnd, len + 3);
            double[] c1 = c.clone(), c2 = c.clone();
            SmallDense.combineRow(len, k, a, 1, 3, b, 1, ldb, c1, 2, 0.37);
            SmallDenseScalar.combineRow(len, k, a, 1, 3, b, 1, ldb, c2, 2, 0.37, 0);
            assertArrayEquals(c2, c1, "combineRow len=" + len);
            for (int j = 0; j < len; j++) {
                double ref = c[2 + j];
                for (int l = 0; l < k; l++) ref -= a[1 + 3 * l] * b[1 + l * ldb + j];
                assertEquals(0.37 * ref, c1[2 + j], 1e-14 * (k + 2) * 8);
            }
            int rows = 3, ld = len + 1;
            double[] t = gaussian(rnd, rows * ld + 2), x = gaussian(rnd, len), y = gaussian(rnd, len), ca = gaussian(rnd, rows), cb = gaussian(rnd, rows);
            double[] t1 = t.clone(), t2 = t.clone();
            SmallDense.rank1x2(rows, -0.5, ca, 0, x, 0, 1.5, cb, 0, y, 0, t1, 1, ld, len);
            SmallDenseScalar.rank1x2(rows, -0.5, ca, 0, x, 0, 1.5, cb, 0, y, 0, t2, 1, ld, len, 0);
            assertArrayEquals(t2, t1, "rank1x2 len=" + len);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < len; j++)
                    assertEquals(t[1 + i * ld + j] - 0.5 * ca[i] * x[j] + 1.5 * cb[i] * y[j], t1[1 + i * ld + j], 1e-13);
        }
    }
}
