package org.enflow.kernel;

import static org.enflow.kernel.KernelTesting.accurateDot;
import static org.enflow.kernel.KernelTesting.absDot;
import static org.enflow.kernel.KernelTesting.gaussian;
import static org.enflow.kernel.KernelTesting.sumTolerance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class RowGramTest {
    private static final int[][] SHAPES = {{1, 1}, {1, 7}, {2, 3}, {3, 257}, {5, 1000}, {20, 4099}, {21, 513}, {32, 2048},
        {7, 255}, {4, 256}};

    /**
     * Every entry against an accurate (compensated) dot product, within the bound of an n-term sum of products
     * (KernelTesting.sumTolerance: a multiple of ε·Σ|a_k b_k|), on rows with an offset, a leading dimension past the
     * row, a column range inside it, for A = B (exactly symmetric) and A ≠ B.
     */
    @Test
    void matchesAccurateDotsOnBothPathsAndIsExactlySymmetricForOneMatrix() {
        SplittableRandom r = new SplittableRandom(41);
        for (int[] c : SHAPES) {
            int n = c[0], len = c[1], ld = len + 5, k0 = Math.min(3, len - 1), k1 = len;
            double[] a = gaussian(r, 0, 2 + n * ld, 1), b = gaussian(r, 0, 1 + n * ld, 1);
            double[] gab = new double[n * n], gaa = new double[n * n];
            RowGram.compute(a, 2, b, 1, n, ld, k0, k1, gab);
            RowGram.compute(a, 2, a, 2, n, ld, k0, k1, gaa);
            double[] scalar = new double[n * n];
            RowGramScalar.compute(a, 2, b, 1, n, ld, k0, k1, scalar, false);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    int ai = 2 + i * ld + k0, bj = 1 + j * ld + k0, aj = 2 + j * ld + k0, w = k1 - k0;
                    check(accurateDot(a, ai, b, bj, w), gab[i * n + j], sumTolerance(w, absDot(a, ai, b, bj, w)), n, len, i, j, "A·B");
                    check(accurateDot(a, ai, b, bj, w), scalar[i * n + j], sumTolerance(w, absDot(a, ai, b, bj, w)), n, len, i, j, "scalar");
                    check(accurateDot(a, ai, a, aj, w), gaa[i * n + j], sumTolerance(w, absDot(a, ai, a, aj, w)), n, len, i, j, "A·A");
                    if (gaa[i * n + j] != gaa[j * n + i]) throw new AssertionError("not symmetric at " + i + "," + j);
                }
        }
    }

    /** Vector and scalar twins agree within the same rounding bound on many sizes (the vector pass only). */
    @Test
    void vectorMatchesScalar() {
        Assumptions.assumeTrue(Vectorization.enabled(), "vector path disabled");
        SplittableRandom r = new SplittableRandom(42);
        for (int n = 1; n <= 9; n += 2)
            for (int len : new int[] {1, 2, 3, 5, 8, 13, 255, 256, 257, 511, 1031, 4099}) {
                double[] a = gaussian(r, 0, n * len, 1);
                double[] gv = new double[n * n], gs = new double[n * n];
                RowGramVector.compute(a, 0, a, 0, n, len, 0, len, gv, false);
                RowGramScalar.compute(a, 0, a, 0, n, len, 0, len, gs, false);
                for (int i = 0; i < n * n; i++) {
                    int p = i / n, q = i % n;
                    double tol = 2 * sumTolerance(len, absDot(a, p * len, a, q * len, len));
                    if (Math.abs(gv[i] - gs[i]) > tol) throw new AssertionError(n + "x" + len + " [" + i + "]: " + gv[i] + " vs " + gs[i]);
                }
            }
    }

    /**
     * The vector kernel bit for bit against its arithmetic written out (vector pass only): per 256-column block, lane
     * l accumulates fma over the columns ≡ l mod L of the block's whole vectors, the lanes are added in lane order,
     * the tail is added by fma, and the block's sum is added to the entry. Repeated until the kernel is compiled
     * (reduceLanes(ADD), whose order changes once C2-compiled, failed this).
     */
    @Test
    void vectorKernelIsItsLaneOrderArithmeticBitForBit() {
        Assumptions.assumeTrue(Vectorization.enabled(), "vector path disabled");
        int lanes = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
        SplittableRandom r = new SplittableRandom(43);
        int n = 3, len = 700;
        double[] a = gaussian(r, 0, n * len, 1), b = gaussian(r, 0, n * len, 1);
        double[] expected = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double g = 0;
                for (int kb = 0; kb < len; kb += RowGram.K_BLOCK) {
                    int ke = Math.min(len, kb + RowGram.K_BLOCK), kv = kb + (ke - kb) / lanes * lanes;
                    double[] lane = new double[lanes];
                    for (int k = kb; k < kv; k++) lane[(k - kb) % lanes] = Math.fma(a[i * len + k], b[j * len + k], lane[(k - kb) % lanes]);
                    double t = lane[0];
                    for (int l = 1; l < lanes; l++) t += lane[l];
                    for (int k = kv; k < ke; k++) t = Math.fma(a[i * len + k], b[j * len + k], t);
                    g += t;
                }
                expected[i * n + j] = g;
            }
        double[] g = new double[n * n];
        for (int rep = 0; rep < 20_000; rep++) {
            RowGramVector.compute(a, 0, b, 0, n, len, 0, len, g, false);
            if (rep % 1000 == 0 || rep == 19_999) assertArrayEquals(expected, g, 0.0, "call " + rep);
        }
    }

    /**
     * Streaming: the columns copied tile by tile (tiles of whole K_BLOCKs, then a partial one) into a narrow scratch
     * array and accumulated, starting from zeros, give exactly the bits of one compute over all columns, for A = B
     * and A ≠ B, on the dispatching path and on the scalar twin.
     */
    @Test
    void accumulatingTilesGivesTheBitsOfOneCall() {
        SplittableRandom r = new SplittableRandom(44);
        for (int[] c : new int[][] {{21, 5000}, {4, 768}, {3, 300}, {1, 1025}}) {
            int n = c[0], len = c[1], tile = 2 * RowGram.K_BLOCK;
            double[] a = gaussian(r, 0, n * len, 1), b = gaussian(r, 0, n * len, 1);
            double[] ta = new double[n * tile], tb = new double[n * tile];
            for (boolean self : new boolean[] {true, false}) {
                double[] bb = self ? a : b;
                double[] whole = new double[n * n], tiled = new double[n * n], scalarWhole = new double[n * n], scalarTiled = new double[n * n];
                RowGram.compute(a, 0, bb, 0, n, len, 0, len, whole);
                RowGramScalar.compute(a, 0, bb, 0, n, len, 0, len, scalarWhole, false);
                for (int c0 = 0; c0 < len; c0 += tile) {
                    int w = Math.min(tile, len - c0);
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(a, i * len + c0, ta, i * tile, w);
                        System.arraycopy(bb, i * len + c0, tb, i * tile, w);
                    }
                    double[] second = self ? ta : tb;
                    RowGram.accumulate(ta, 0, second, 0, n, tile, 0, w, tiled);
                    RowGramScalar.compute(ta, 0, second, 0, n, tile, 0, w, scalarTiled, true);
                }
                assertArrayEquals(whole, tiled, 0.0, n + "x" + len + " self=" + self);
                assertArrayEquals(scalarWhole, scalarTiled, 0.0, "scalar " + n + "x" + len + " self=" + self);
            }
        }
    }

    @Test
    void emptyRangeGivesZerosAndArgumentsAreChecked() {
        double[] a = {1, 2, 3, 4}, g = {9, 9, 9, 9};
        RowGram.compute(a, 0, a, 0, 2, 2, 1, 1, g);
        assertArrayEquals(new double[4], g, 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RowGram.compute(a, 0, a, 0, 2, 2, 0, 3, g));
        assertTrue(e.getMessage().contains("columns [0, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RowGram.compute(a, 0, a, 0, 0, 2, 0, 1, g));
        assertTrue(e.getMessage().contains("n"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RowGram.compute(a, 0, a, 0, 2, 2, 0, 2, a));
        assertTrue(e.getMessage().contains("g must not"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RowGram.compute(a, 1, a, 0, 2, 2, 0, 2, g));
    }

    private static void check(double expected, double actual, double tol, int n, int len, int i, int j, String what) {
        if (!(Math.abs(expected - actual) <= tol))
            throw new AssertionError(what + " n=" + n + " len=" + len + " (" + i + "," + j + "): " + actual + " vs " + expected + " (tol " + tol + ")");
    }
}
