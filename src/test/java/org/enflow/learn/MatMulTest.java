package org.enflow.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.enflow.kernel.Vectorization;
import org.junit.jupiter.api.Test;

/**
 * The matrix product: the vector twin is bit-identical to the scalar twin (both accumulate each element
 * in the order p = 0..k−1 with one FMA per term), and the scalar twin agrees with a plain triple loop in
 * the naive order up to the rounding bound of a k-term sum, 2(k+2)ε·Σ|a_ip b_pj| (Higham §4.2).
 */
class MatMulTest {
    /** Tail columns, partial row tiles, the 4×32 tile and primes around them. */
    private static final int[] DIMS = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 97, 128, 131};

    private static double[] random(SplittableRandom r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 2 * r.nextDouble() - 1;
        return x;
    }

    @Test
    void vectorTwinIsBitIdenticalToScalarTwinForManyShapes() {
        assumeTrue(Vectorization.enabled());
        SplittableRandom r = new SplittableRandom(7);
        for (int m : new int[] {1, 2, 3, 4, 5, 8, 9, 21, 64})
            for (int n : DIMS)
                for (int k : new int[] {1, 3, 15, 64, 129}) {
                    for (boolean transposedA : new boolean[] {false, true}) {
                        int aRow = transposedA ? 1 : k + 2, aCol = transposedA ? m + 1 : 1;
                        double[] a = random(r, 3 + (m - 1) * aRow + (k - 1) * aCol + 1);
                        double[] b = random(r, 5 + (k - 1) * (n + 3) + n);
                        double[] c0 = random(r, 2 + (m - 1) * (n + 1) + n);
                        double[] cs = c0.clone(), cv = c0.clone();
                        MatMulScalar.multiplyAdd(m, n, k, a, 3, aRow, aCol, b, 5, n + 3, cs, 2, n + 1);
                        MatMulVector.multiplyAdd(m, n, k, a, 3, aRow, aCol, b, 5, n + 3, cv, 2, n + 1);
                        for (int i = 0; i < cs.length; i++)
                            assertEquals(Double.doubleToRawLongBits(cs[i]), Double.doubleToRawLongBits(cv[i]),
                                    "m=" + m + " n=" + n + " k=" + k + " at " + i);
                    }
                }
    }

    @Test
    void agreesWithNaiveProductWithinSummationBound() {
        SplittableRandom r = new SplittableRandom(11);
        double eps = Math.ulp(1.0);
        for (int m : new int[] {1, 4, 7}) for (int n : DIMS) for (int k : new int[] {1, 2, 17, 64, 257}) {
            double[] a = random(r, m * k), b = random(r, k * n), c = random(r, m * n);
            double[] expect = c.clone(), bound = new double[m * n];
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
                double s = expect[i * n + j], abs = Math.abs(s);
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[p * n + j];
                    abs += Math.abs(a[i * k + p] * b[p * n + j]);
                }
                expect[i * n + j] = s;
                bound[i * n + j] = 2 * (k + 2) * eps * abs;
            }
            MatMul.multiplyAdd(m, n, k, a, 0, k, 1, b, 0, n, c, 0, n);
            for (int i = 0; i < m * n; i++) assertEquals(expect[i], c[i], bound[i], "m=" + m + " n=" + n + " k=" + k);
        }
    }

    @Test
    void rejectsSlicesThatDoNotExist() {
        double[] a = new double[6], b = new double[6], c = new double[4];
        assertThrows(IllegalArgumentException.class, () -> MatMul.multiplyAdd(2, 2, 3, a, 1, 3, 1, b, 0, 2, c, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> MatMul.multiplyAdd(2, 2, 3, a, 0, 3, 1, b, 0, 1, c, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> MatMul.multiplyAdd(2, 3, 2, a, 0, 2, 1, b, 0, 3, c, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> MatMul.multiplyAdd(-1, 2, 3, a, 0, 3, 1, b, 0, 2, c, 0, 2));
    }
}
