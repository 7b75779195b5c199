package org.enflow.kernel;

import static org.enflow.kernel.KernelTesting.SIZES;
import static org.enflow.kernel.KernelTesting.absDot;
import static org.enflow.kernel.KernelTesting.accurateDot;
import static org.enflow.kernel.KernelTesting.gaussian;
import static org.enflow.kernel.KernelTesting.sumTolerance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link Gram}: every entry against an accurate dot product of the (centred) rows, vector against scalar,
 * and thread-count independence. Each entry is a sum of d products, so the tolerance is the sum bound of
 * {@link KernelTesting} with Σ|a_ik·b_jk|.
 */
class GramTest {
    private static final int AO = 3, BO = 5;

    /** Row counts around the 4-row and 24-column (8 lanes) tile edges. */
    private static final int[] EDGES = {1, 2, 3, 4, 5, 7, 8, 9, 23, 24, 25, 31, 33, 49};

    @Test
    void matchesAccurateDotProductsOverRowAndDimensionSweeps() {
        SplittableRandom r = new SplittableRandom(21);
        for (int d : SIZES) check(r, 5, 27, d, false, Parallel.sequential());
        for (int m : EDGES) for (int n : EDGES) check(r, m, n, 37, m % 2 == 0, Parallel.sequential());
        check(r, 70, 53, 300, true, Parallel.sequential()); // several KC blocks along d
    }

    @Test
    void slabsBoundTheWorkspaceForHugeDimensions() {
        Assumptions.assumeTrue(Vectorization.enabled(), "slabs are a vector-kernel feature");
        int m = 5, n = 20, d = 140_000;
        assertTrue(GramVector.slab(m, n, d) < d, "this size must use more than one packed slab");
        check(new SplittableRandom(22), m, n, d, true, Parallel.sequential());
    }

    @Test
    void vectorMatchesScalar() {
        Assumptions.assumeTrue(Vectorization.enabled(), "vector kernels not loaded");
        SplittableRandom r = new SplittableRandom(23);
        int[][] cases = {{1, 1, 1}, {4, 24, 8}, {5, 25, 9}, {9, 31, 129}, {17, 49, 1025}, {3, 2, 4099}};
        for (int[] c : cases) {
            int m = c[0], n = c[1], d = c[2];
            double[] a = gaussian(r, AO, m * d, 1), b = gaussian(r, BO, n * d, 1), centre = gaussian(r, 0, d, 1);
            double[] gs = new double[m * n], gv = new double[m * n];
            GramScalar.computeCentred(Parallel.sequential(), a, AO, m, b, BO, n, d, centre, 0, gs, new double[0]);
            GramVector.computeCentred(Parallel.sequential(), a, AO, m, b, BO, n, d, centre, 0, gv,
                    new double[GramVector.workspaceLength(m, n, d)]);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double tol = sumTolerance(d, absDot(centredRow(a, AO + i * d, d, centre), 0,
                            centredRow(b, BO + j * d, d, centre), 0, d));
                    if (!(Math.abs(gs[i * n + j] - gv[i * n + j]) <= tol))
                        throw new AssertionError(m + "x" + n + "x" + d + " (" + i + "," + j + "): " + gs[i * n + j] + " vs " + gv[i * n + j]);
                }
        }
    }

    @Test
    void oneAndTwoThreadsGiveBitIdenticalResults() {
        int m = 600, n = 600, d = 256;
        SplittableRandom r = new SplittableRandom(24);
        double[] a = gaussian(r, 0, m * d, 1);
        if (Vectorization.enabled()) assertTrue(GramVector.blocks(m, n, d) > 1, "the problem must split into several blocks");
        double[] work = new double[Gram.workspaceLength(m, n, d)];
        double[] g1 = new double[m * n], g2 = new double[m * n];
        try (Parallel one = new Parallel(1); Parallel two = new Parallel(2)) {
            Gram.computeCentred(one, a, 0, m, a, 0, n, d, null, 0, g1, work);
            Gram.computeCentred(two, a, 0, m, a, 0, n, d, null, 0, g2, work);
        }
        assertArrayEquals(g1, g2);
        // Products commute and each entry's k order is fixed: G = A·Aᵀ is exactly symmetric.
        for (int i = 0; i < m; i++) for (int j = 0; j < i; j++) if (g1[i * n + j] != g1[j * n + i]) throw new AssertionError(i + "," + j);
    }

    /**
     * Small products (a few MFLOP, e.g. the EnKF-PO's 100 × 100 Gram over p = 1000) are shared out as well, in up to 4
     * blocks, with the same bits on 1 and 2 threads; tiny ones stay whole.
     */
    @Test
    void smallProductsSplitIntoAFewBlocksWithTheSameBits() {
        SplittableRandom r = new SplittableRandom(25);
        for (int[] c : new int[][] {{100, 100, 1000}, {500, 40, 40}, {40, 40, 2000}, {2000, 40, 40}}) {
            int m = c[0], n = c[1], d = c[2];
            if (Vectorization.enabled()) assertTrue(GramVector.blocks(m, n, d) >= 2, m + "x" + n + "x" + d + " must split");
            double[] a = gaussian(r, 0, m * d, 1), b = gaussian(r, 0, n * d, 1);
            double[] work = new double[Gram.workspaceLength(m, n, d)];
            double[] g1 = new double[m * n], g2 = new double[m * n];
            try (Parallel one = new Parallel(1); Parallel two = new Parallel(2)) {
                Gram.compute(one, a, 0, m, b, 0, n, d, g1, work);
                Gram.compute(two, a, 0, m, b, 0, n, d, g2, work);
            }
            assertArrayEquals(g1, g2, m + "x" + n + "x" + d);
        }
        if (Vectorization.enabled()) assertTrue(GramVector.blocks(8, 8, 8) == 1, "an 8 × 8 × 8 product stays one block");
    }

    @Test
    void selfProductSkipsTheLowerTriangleWithoutChangingAnyBit() {
        // A·Aᵀ through the same array (upper triangle computed, then mirrored) against A·Bᵀ with B a copy of
        // A (every tile computed): identical, for sizes around the tile edges and across k blocks.
        SplittableRandom r = new SplittableRandom(25);
        for (int[] c : new int[][] {{1, 3}, {5, 7}, {24, 33}, {25, 130}, {97, 300}, {300, 40}}) {
            int n = c[0], d = c[1];
            double[] a = gaussian(r, AO, n * d, 1), copy = a.clone(), centre = gaussian(r, 0, d, 1);
            double[] self = new double[n * n], full = new double[n * n], work = new double[Gram.workspaceLength(n, n, d)];
            Gram.computeCentred(Parallel.sequential(), a, AO, n, a, AO, n, d, centre, 0, self, work);
            Gram.computeCentred(Parallel.sequential(), a, AO, n, copy, AO, n, d, centre, 0, full, work);
            assertArrayEquals(full, self, n + "x" + d);
        }
    }

    @Test
    void argumentsAreChecked() {
        double[] a = new double[12], g = new double[9];
        assertThrows(IllegalArgumentException.class, () -> Gram.compute(Parallel.sequential(), a, 0, 3, a, 0, 3, 5, g,
                new double[Gram.workspaceLength(3, 3, 5)]));
        assertThrows(IllegalArgumentException.class, () -> Gram.compute(Parallel.sequential(), a, 0, 3, a, 0, 3, 4, g, null));
        assertThrows(IllegalArgumentException.class, () -> Gram.compute(Parallel.sequential(), a, 0, 3, a, 0, 3, 4, new double[8],
                new double[Gram.workspaceLength(3, 3, 4)]));
        assertThrows(IllegalArgumentException.class, () -> Gram.workspaceLength(0, 3, 4));
    }

    /**
     * A range of columns of rows stored ld apart: every entry against an accurate dot product of the
     * range (vector kernel and scalar twin, over row counts at the tile edges, ranges across KC blocks
     * and slabs), bit-identical to {@link Gram#compute} on a copy of the range, the same on 1 and 2 threads.
     */
    @Test
    void columnRangesMatchAccurateDotsAndTheWholeRowKernelOnACopy() {
        SplittableRandom r = new SplittableRandom(25);
        int[][] cases = {{1, 1, 1, 0, 1}, {5, 27, 40, 3, 31}, {20, 20, 700, 17, 513}, {24, 24, 9000, 100, 8192},
                {3, 49, 129, 128, 1}, {8, 9, 300, 0, 300}};
        for (int[] c : cases) {
            int m = c[0], n = c[1], ld = c[2], k0 = c[3], kw = c[4];
            double[] a = gaussian(r, AO, m * ld, 1), b = gaussian(r, BO, n * ld, 1);
            double[] ca = new double[m * kw], cb = new double[n * kw];
            for (int i = 0; i < m; i++) System.arraycopy(a, AO + i * ld + k0, ca, i * kw, kw);
            for (int j = 0; j < n; j++) System.arraycopy(b, BO + j * ld + k0, cb, j * kw, kw);
            double[] whole = new double[m * n], g1 = new double[m * n + 2], g2 = new double[m * n + 2], gs = new double[m * n];
            java.util.Arrays.fill(g1, Double.NaN);
            java.util.Arrays.fill(g2, Double.NaN);
            double[] work = new double[Gram.workspaceLength(m, n, kw)];
            Gram.compute(Parallel.sequential(), ca, 0, m, cb, 0, n, kw, whole, work);
            try (Parallel one = new Parallel(1); Parallel two = new Parallel(2)) {
                Gram.computeColumns(one, a, AO, m, b, BO, n, ld, k0, kw, g1, work);
                Gram.computeColumns(two, a, AO, m, b, BO, n, ld, k0, kw, g2, work);
            }
            GramScalar.computeColumns(Parallel.sequential(), a, AO, m, b, BO, n, ld, k0, kw, gs, new double[0]);
            String label = m + "x" + n + " ld=" + ld + " [" + k0 + ", " + (k0 + kw) + ")";
            assertArrayEquals(g1, g2, label + ": 1 and 2 threads");
            for (int i = 0; i < m * n; i++) if (g1[i] != whole[i]) throw new AssertionError(label + ": entry " + i + " differs from the copy");
            assertTrue(Double.isNaN(g1[m * n]) && Double.isNaN(g1[m * n + 1]), label + ": wrote past m*n");
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double expected = accurateDot(ca, i * kw, cb, j * kw, kw);
                    double tol = sumTolerance(kw, absDot(ca, i * kw, cb, j * kw, kw)) / 2;
                    if (!(Math.abs(g1[i * n + j] - expected) <= tol) || !(Math.abs(gs[i * n + j] - expected) <= tol))
                        throw new AssertionError(label + " (" + i + "," + j + "): expected " + expected + ", kernel " + g1[i * n + j]
                                + ", scalar twin " + gs[i * n + j] + ", tol " + tol);
                }
        }
        double[] a = new double[40];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gram.computeColumns(Parallel.sequential(), a, 0, 4, a, 0, 4, 10, 6, 5, new double[16], new double[1 << 12]));
        assertTrue(e.getMessage().contains("columns [6, 11) must lie in [0, ld = 10)"), e.getMessage());
    }

    private static void check(SplittableRandom r, int m, int n, int d, boolean centred, Parallel par) {
        double[] a = gaussian(r, AO, m * d, 1), b = gaussian(r, BO, n * d, 1);
        double[] centre = centred ? gaussian(r, 2, d, 1) : null;
        double[] g = new double[m * n + 4];
        java.util.Arrays.fill(g, Double.NaN);
        Gram.computeCentred(par, a, AO, m, b, BO, n, d, centre, 2, g, new double[Gram.workspaceLength(m, n, d)]);
        for (int i = 0; i < m; i++) {
            double[] ai = centred ? centredRow(a, AO + i * d, d, centre, 2) : slice(a, AO + i * d, d);
            for (int j = 0; j < n; j++) {
                double[] bj = centred ? centredRow(b, BO + j * d, d, centre, 2) : slice(b, BO + j * d, d);
                double expected = accurateDot(ai, 0, bj, 0, d);
                double tol = sumTolerance(d, absDot(ai, 0, bj, 0, d)) / 2;
                double got = g[i * n + j];
                if (!(Math.abs(got - expected) <= tol))
                    throw new AssertionError("G " + m + "x" + n + "x" + d + " (" + i + "," + j + "): expected " + expected
                            + " got " + got + " tol " + tol);
            }
        }
        for (int k = m * n; k < g.length; k++) assertTrue(Double.isNaN(g[k]), "wrote past m*n");
    }

    private static double[] slice(double[] x, int off, int d) {
        return java.util.Arrays.copyOfRange(x, off, off + d);
    }

    /** The centred row as both kernels form it: one rounded subtraction per component. */
    private static double[] centredRow(double[] x, int off, int d, double[] c, int cOff) {
        double[] y = new double[d];
        for (int k = 0; k < d; k++) y[k] = x[off + k] - c[cOff + k];
        return y;
    }

    private static double[] centredRow(double[] x, int off, int d, double[] c) {
        return centredRow(x, off, d, c, 0);
    }
}
