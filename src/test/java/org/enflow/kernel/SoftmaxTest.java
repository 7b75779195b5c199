package org.enflow.kernel;

import static org.enflow.kernel.KernelTesting.EPS;
import static org.enflow.kernel.KernelTesting.SIZES;
import static org.enflow.kernel.KernelTesting.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link Softmax}. Error model: after the max shift every term e_i = exp(x_i − m) ∈ (0, 1] with the
 * largest exactly 1, so s = Σe_i ∈ [1, n]. Each e_i carries the exp error (≤ 1 ulp for Math.exp and for the
 * intrinsified vector exp, so two implementations differ by ≤ 2ε·e_i); the sum adds ≤ γ_n·s. Hence
 * |Δs|/s ≤ (n + 4)·ε, the log-sum-exp m + log s differs by ≤ (n + 4)·ε + 2ε·|lse| (the final add), and each
 * softmax weight e_i/s by ≤ (n + 8)·ε relative. The tests use twice these.
 */
class SoftmaxTest {
    private static final int XO = 3;

    @Test
    void vectorMatchesScalarOverSizes() {
        Assumptions.assumeTrue(Vectorization.enabled(), "vector kernels not loaded");
        SplittableRandom r = new SplittableRandom(41);
        for (int n : SIZES) {
            double[] x = gaussian(r, XO, n, 5);
            assertEquals(SoftmaxScalar.max(x, XO, n), SoftmaxVector.max(x, XO, n), 0.0, "max n=" + n);
            double ls = SoftmaxScalar.logSumExp(x, XO, n), lv = SoftmaxVector.logSumExp(x, XO, n);
            assertEquals(ls, lv, 2 * ((n + 4) * EPS + 2 * EPS * Math.abs(ls)), "logSumExp n=" + n);
            double[] ps = new double[XO + n], pv = new double[XO + n];
            assertEquals(ls, SoftmaxScalar.softmax(x, XO, n, ps, XO), 0.0);
            assertEquals(lv, SoftmaxVector.softmax(x, XO, n, pv, XO), 2 * (n + 4) * EPS + 4 * EPS * Math.abs(lv));
            for (int i = 0; i < n; i++)
                assertEquals(ps[XO + i], pv[XO + i], 2 * (n + 8) * EPS * ps[XO + i], "softmax n=" + n + " i=" + i);
        }
    }

    @Test
    void matchesTheDefinitionAndSumsToOne() {
        SplittableRandom r = new SplittableRandom(42);
        for (int n : SIZES) {
            double[] x = gaussian(r, XO, n, 3);
            double lse = Softmax.logSumExp(x, XO, n);
            double direct = 0;
            for (int i = 0; i < n; i++) direct += Math.exp(x[XO + i]); // no overflow at this scale
            assertEquals(Math.log(direct), lse, 4 * (n + 4) * EPS + 4 * EPS * Math.abs(lse), "n=" + n);
            double[] p = new double[n];
            assertEquals(lse, Softmax.softmax(x, XO, n, p, 0), 0.0);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                assertEquals(Math.exp(x[XO + i]) / direct, p[i], 4 * (n + 8) * EPS * p[i]);
                sum += p[i];
            }
            assertEquals(1.0, sum, 4 * (n + 8) * EPS);
        }
    }

    @Test
    void hugeAndNegativeInfiniteEntries() {
        // exp(1000) overflows; the max shift makes it exact: logSumExp(1000, 1000) = 1000 + log 2.
        double[] x = {1000, 1000, Double.NEGATIVE_INFINITY, -1e308};
        assertEquals(1000 + Math.log(2), Softmax.logSumExp(x, 0, 4), 1e-12);
        double[] p = new double[4];
        Softmax.softmax(x, 0, 4, p, 0);
        assertEquals(0.5, p[0], 1e-15);
        assertEquals(0.5, p[1], 1e-15);
        assertEquals(0.0, p[2], 0.0);
        assertEquals(0.0, p[3], 0.0);
        double[] none = new double[17];
        java.util.Arrays.fill(none, Double.NEGATIVE_INFINITY);
        assertEquals(Double.NEGATIVE_INFINITY, Softmax.logSumExp(none, 0, 17), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Softmax.softmax(none, 0, 17, new double[17], 0));
        assertTrue(e.getMessage().contains("-Infinity"), e.getMessage());
    }

    @Test
    void nanAndPositiveInfinityAreRejectedWithTheirIndex() {
        for (int n : new int[] {3, 40}) {
            double[] x = new double[n];
            x[n - 2] = Double.NaN;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Softmax.logSumExp(x, 0, n));
            assertTrue(e.getMessage().startsWith("x[" + (n - 2) + "] = NaN"), e.getMessage());
            x[n - 2] = Double.POSITIVE_INFINITY;
            assertThrows(IllegalArgumentException.class, () -> Softmax.softmax(x, 0, n, new double[n], 0));
        }
        assertThrows(IllegalArgumentException.class, () -> Softmax.logSumExp(new double[3], 0, 0));
    }

    @Test
    void rowWiseVersionsEqualPerRowCalls() {
        SplittableRandom r = new SplittableRandom(43);
        int rows = 7, cols = 37;
        double[] x = gaussian(r, 2, rows * cols, 4);
        double[] lse = new double[rows + 1], out = new double[rows * cols + 2], lse2 = new double[rows];
        Softmax.rowsLogSumExp(x, 2, rows, cols, lse, 1);
        Softmax.rowsSoftmax(x, 2, rows, cols, out, 2, lse2, 0);
        double[] p = new double[cols];
        for (int i = 0; i < rows; i++) {
            double l = Softmax.softmax(x, 2 + i * cols, cols, p, 0);
            assertEquals(l, lse[1 + i], 0.0);
            assertEquals(l, lse2[i], 0.0);
            for (int j = 0; j < cols; j++) assertEquals(p[j], out[2 + i * cols + j], 0.0);
        }
        // In place.
        double[] y = x.clone();
        Softmax.rowsSoftmax(y, 2, rows, cols, y, 2, null, 0);
        for (int k = 0; k < rows * cols; k++) assertEquals(out[2 + k], y[2 + k], 0.0);
    }
}
