package org.enflow.kernel;

import static org.enflow.kernel.KernelTesting.SIZES;
import static org.enflow.kernel.KernelTesting.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link AbsDifferenceSums}. The kernel fixes the order of every sum (members, then member pairs in
 * lexicographic order, from 0), and subtraction and |·| are exactly rounded per element, so both twins
 * must equal a per-component loop in that order to the bit: every comparison here is exact.
 */
class AbsDifferenceSumsTest {
    private static final int[] MEMBERS = {1, 2, 3, 5, 20, 33};

    /** The documented sums, one component at a time. */
    private static void reference(double[] x, int xOff, int n, int ld, int len, double[] y, int yOff,
                                  double[] toY, double[] pairs) {
        for (int j = 0; j < len; j++) {
            double a = 0, p = 0;
            for (int i = 0; i < n; i++) a += Math.abs(x[xOff + i * ld + j] - y[yOff + j]);
            for (int i = 0; i < n; i++)
                for (int k = i + 1; k < n; k++) p += Math.abs(x[xOff + i * ld + j] - x[xOff + k * ld + j]);
            toY[j] = a;
            pairs[j] = p;
        }
    }

    @Test
    void bothTwinsEqualTheDocumentedSumsOverSizes() {
        SplittableRandom r = new SplittableRandom(71);
        for (int n : MEMBERS)
            for (int len : SIZES) {
                if ((long) n * len > 40_000) continue;
                int ld = len + 5, xOff = 3, yOff = 2;
                double[] x = gaussian(r, xOff, n * ld, 2.0), y = gaussian(r, yOff, len, 2.0);
                double[] refA = new double[len], refP = new double[len];
                reference(x, xOff, n, ld, len, y, yOff, refA, refP);
                double[] a = new double[len], p = new double[len];
                Arrays.fill(a, Double.NaN); // outputs are overwritten, not accumulated into
                Arrays.fill(p, Double.NaN);
                AbsDifferenceSumsScalar.compute(x, xOff, n, ld, len, y, yOff, a, p);
                assertArrayEquals(refA, a, 0.0, "scalar toY n=" + n + " len=" + len);
                assertArrayEquals(refP, p, 0.0, "scalar pairs n=" + n + " len=" + len);
                Arrays.fill(a, Double.NaN);
                Arrays.fill(p, Double.NaN);
                AbsDifferenceSums.compute(x, xOff, n, ld, len, y, yOff, a, p);
                assertArrayEquals(refA, a, 0.0, "dispatch toY n=" + n + " len=" + len);
                assertArrayEquals(refP, p, 0.0, "dispatch pairs n=" + n + " len=" + len);
            }
    }

    @Test
    void vectorTwinEqualsScalarTwinBitForBit() {
        Assumptions.assumeTrue(Vectorization.enabled(), "vector kernels not loaded");
        SplittableRandom r = new SplittableRandom(72);
        for (int n : MEMBERS)
            for (int len : SIZES) {
                if ((long) n * len > 40_000) continue;
                int ld = len, xOff = 1, yOff = 0;
                // Members close together and far from y: the pair sums are small differences of large values.
                double[] x = gaussian(r, xOff, n * ld, 1e-3), y = gaussian(r, yOff, len, 1.0);
                for (int i = xOff; i < xOff + n * ld; i++) x[i] += 1e3;
                double[] as = new double[len], ps = new double[len], av = new double[len], pv = new double[len];
                AbsDifferenceSumsScalar.compute(x, xOff, n, ld, len, y, yOff, as, ps);
                AbsDifferenceSumsVector.compute(x, xOff, n, ld, len, y, yOff, av, pv);
                assertArrayEquals(as, av, 0.0, "toY n=" + n + " len=" + len);
                assertArrayEquals(ps, pv, 0.0, "pairs n=" + n + " len=" + len);
            }
    }

    @Test
    void oneMemberHasNoPairs() {
        double[] x = {1, -2, 3}, y = {0, 0, 5}, a = new double[3], p = {9, 9, 9};
        AbsDifferenceSums.compute(x, 0, 1, 3, 3, y, 0, a, p);
        assertArrayEquals(new double[] {1, 2, 2}, a, 0.0);
        assertArrayEquals(new double[] {0, 0, 0}, p, 0.0);
    }

    @Test
    void rejectsBadArgumentsByName() {
        double[] x = new double[12], y = new double[4], a = new double[4], p = new double[4];
        assertMessage(() -> AbsDifferenceSums.compute(x, 0, 0, 4, 4, y, 0, a, p), "n = 0");
        assertMessage(() -> AbsDifferenceSums.compute(x, 0, 3, 3, 4, y, 0, a, p), "ld = 3");
        assertMessage(() -> AbsDifferenceSums.compute(x, 1, 3, 4, 4, y, 0, a, p), "x");
        assertMessage(() -> AbsDifferenceSums.compute(x, 0, 3, 4, 4, y, 1, a, p), "y");
        assertMessage(() -> AbsDifferenceSums.compute(x, 0, 3, 4, 4, y, 0, new double[3], p), "toY");
        assertMessage(() -> AbsDifferenceSums.compute(x, 0, 3, 4, 4, y, 0, a, a), "toY and pairs");
        assertMessage(() -> AbsDifferenceSums.compute(x, 0, 3, 4, 4, y, 0, y, p), "must not be");
        assertMessage(() -> AbsDifferenceSums.compute(x, -1, 3, 4, 4, y, 0, a, p), "x offset = -1");
    }

    private static void assertMessage(Runnable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage() + "' lacks '" + part + "'");
    }
}
