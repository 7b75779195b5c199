package org.enflow.kernel;

import static org.enflow.kernel.KernelTesting.EPS;
import static org.enflow.kernel.KernelTesting.SIZES;
import static org.enflow.kernel.KernelTesting.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link PairwiseDistances}: both routes against the exact difference-based sum, vector against scalar,
 * the close-points accuracy case, symmetry of self distances and thread-count independence.
 *
 * <p>Tolerances. Streaming: every term (a_k − b_k)² is non-negative, so any summation order has relative
 * error ≤ γ_d plus 2u per term for the rounded difference and square: |Δ| ≤ (d + 4)·ε·D for two
 * implementations. Gram route: the norms and the Gram entry are sums with Σ|terms| ≤ ‖a'‖² + ‖b'‖²
 * (Cauchy–Schwarz for the cross term), and centring rounds each component once, so
 * |Δ| ≤ c·(d + 4)·ε·(‖a'‖² + ‖b'‖²) absolute with c = 4 (three sums, one extra rounding each).
 */
class PairwiseDistancesTest {
    private static final int AO = 3, BO = 5;

    @Test
    void streamingMatchesExactDifferencesOverSweeps() {
        SplittableRandom r = new SplittableRandom(31);
        for (int d : SIZES) checkStreaming(r, 5, 6, d, Parallel.sequential());
        for (int m : new int[] {1, 2, 3, 4, 5, 7, 9}) for (int n : new int[] {1, 3, 4, 6, 8, 13}) checkStreaming(r, m, n, 33, Parallel.sequential());
        checkStreaming(r, 70, 90, 1100, Parallel.sequential()); // many pairs: split over rows, several d blocks and B blocks
    }

    @Test
    void gramRouteMatchesExactDifferencesOverSweeps() {
        SplittableRandom r = new SplittableRandom(32);
        for (int d : SIZES) checkGram(r, 5, 27, d);
        for (int m : new int[] {1, 2, 3, 4, 5, 23, 25}) for (int n : new int[] {1, 4, 24, 25, 49}) checkGram(r, m, n, 65);
    }

    @Test
    void selfDistancesAreSymmetricWithZeroDiagonal() {
        SplittableRandom r = new SplittableRandom(33);
        for (int n : new int[] {1, 5, 9, 70}) {
            int d = 129;
            double[] x = gaussian(r, AO, n * d, 1);
            double[] s = new double[n * n], g = new double[n * n];
            PairwiseDistances.squaredStreaming(Parallel.sequential(), x, AO, n, x, AO, n, d, s,
                    new double[PairwiseDistances.streamingWorkspaceLength(n, n, d)]);
            PairwiseDistances.squaredViaGram(Parallel.sequential(), x, AO, n, x, AO, n, d, g,
                    new double[PairwiseDistances.gramWorkspaceLength(n, n, d)]);
            for (int i = 0; i < n; i++) {
                assertEquals(0.0, s[i * n + i], 0.0);
                assertEquals(0.0, g[i * n + i], 0.0);
                for (int j = 0; j < n; j++) {
                    assertEquals(s[i * n + j], s[j * n + i], 0.0);
                    assertEquals(g[i * n + j], g[j * n + i], 0.0);
                    double exact = exact(x, AO + i * d, x, AO + j * d, d);
                    assertEquals(exact, s[i * n + j], (d + 4) * EPS * exact);
                }
            }
        }
    }

    /**
     * Close points far from the origin: ‖x_i‖ ≈ 10³, ‖x_i − x_j‖ ≈ 1.4·10⁻⁵, d = 10⁵, so D_ij ≈ 2·10⁻¹⁰.
     *
     * <p>Why the raw formula ‖a‖² + ‖b‖² − 2a·b fails here: each of its three terms is ≈ 10⁶ and carries a
     * rounding error of at least u·10⁶ ≈ 1.1·10⁻¹⁰ (one ulp of 10⁶ is 1.2·10⁻¹⁰) even if summed exactly,
     * and ~√d times that in practice; the true D ≈ 2·10⁻¹⁰ is of the size of those errors, so the result has
     * no correct digit (it comes out 0 after clamping, or several times too large). Centring at the mean
     * makes the terms ≈ 10⁻¹⁰ themselves (the subtraction x_ik − c_k is exact: both are within a factor 2),
     * and the difference-based route never forms them at all. Both must agree with the exact sum to 10⁻⁸.
     */
    @Test
    void closePointsFarFromTheOriginAreAccurate() {
        int n = 6, d = 100_000;
        SplittableRandom r = new SplittableRandom(34);
        double base = 1e3 / Math.sqrt(d), spread = 1e-5 / Math.sqrt(d);
        double[] p = new double[d];
        for (int k = 0; k < d; k++) p[k] = base * gaussian(r);
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) x[i * d + k] = p[k] + spread * gaussian(r);
        double[] s = new double[n * n], g = new double[n * n];
        PairwiseDistances.squaredStreaming(Parallel.sequential(), x, 0, n, x, 0, n, d, s,
                new double[PairwiseDistances.streamingWorkspaceLength(n, n, d)]);
        PairwiseDistances.squaredViaGram(Parallel.sequential(), x, 0, n, x, 0, n, d, g,
                new double[PairwiseDistances.gramWorkspaceLength(n, n, d)]);
        // Queries (A) distinct from the reference points (B): the Gram route centres at B's mean.
        double[] q = java.util.Arrays.copyOfRange(x, 0, 2 * d);
        double[] gq = new double[2 * n];
        PairwiseDistances.squaredViaGram(Parallel.sequential(), q, 0, 2, x, 0, n, d, gq,
                new double[PairwiseDistances.gramWorkspaceLength(2, n, d)]);
        double worstNaive = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) continue;
                double exact = exact(x, i * d, x, j * d, d);
                assertTrue(exact > 1e-10 && exact < 1e-9, "test setup: D = " + exact);
                assertEquals(exact, s[i * n + j], 1e-8 * exact, "streaming (" + i + "," + j + ")");
                assertEquals(exact, g[i * n + j], 1e-8 * exact, "gram (" + i + "," + j + ")");
                if (i < 2) assertEquals(exact, gq[i * n + j], 1e-8 * exact, "gram queries (" + i + "," + j + ")");
                double naive = Math.max(0, BlasScalar.dot(x, i * d, x, i * d, d) + BlasScalar.dot(x, j * d, x, j * d, d)
                        - 2 * BlasScalar.dot(x, i * d, x, j * d, d));
                worstNaive = Math.max(worstNaive, Math.abs(naive - exact) / exact);
            }
        }
        // Not a check of the library: it shows this case really separates good formulas from the raw one.
        assertTrue(worstNaive > 0.1, "the raw formula was expected to fail here; worst relative error " + worstNaive);
    }

    @Test
    void vectorMatchesScalar() {
        Assumptions.assumeTrue(Vectorization.enabled(), "vector kernels not loaded");
        SplittableRandom r = new SplittableRandom(35);
        int[][] cases = {{1, 1, 1}, {3, 5, 8}, {4, 4, 9}, {5, 27, 129}, {9, 13, 1025}, {2, 3, 4099}, {70, 80, 65}};
        for (int[] c : cases) {
            int m = c[0], n = c[1], d = c[2];
            double[] a = gaussian(r, AO, m * d, 1), b = gaussian(r, BO, n * d, 1);
            double[] ss = new double[m * n], sv = new double[m * n], gs = new double[m * n], gv = new double[m * n];
            double[] ws = new double[PairwiseDistancesScalar.streamingWorkspaceLength(m, n, d)];
            double[] wv = new double[PairwiseDistancesVector.streamingWorkspaceLength(m, n, d)];
            PairwiseDistancesScalar.squaredStreaming(Parallel.sequential(), a, AO, m, b, BO, n, d, ss, ws);
            PairwiseDistancesVector.squaredStreaming(Parallel.sequential(), a, AO, m, b, BO, n, d, sv, wv);
            PairwiseDistancesScalar.squaredViaGram(Parallel.sequential(), a, AO, m, b, BO, n, d, gs,
                    new double[PairwiseDistancesScalar.gramWorkspaceLength(m, n, d)]);
            PairwiseDistancesVector.squaredViaGram(Parallel.sequential(), a, AO, m, b, BO, n, d, gv,
                    new double[PairwiseDistancesVector.gramWorkspaceLength(m, n, d)]);
            double[] centre = meanOfRows(b, BO, n, d);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    int o = i * n + j;
                    assertEquals(ss[o], sv[o], 2 * (d + 4) * EPS * ss[o], "streaming " + m + "x" + n + "x" + d);
                    double scale = exact(a, AO + i * d, centre, 0, d) + exact(b, BO + j * d, centre, 0, d);
                    assertEquals(gs[o], gv[o], 8 * (d + 4) * EPS * scale, "gram " + m + "x" + n + "x" + d);
                }
        }
    }

    @Test
    void oneAndTwoThreadsGiveBitIdenticalResults() {
        SplittableRandom r = new SplittableRandom(36);
        // Few pairs, huge d: d is split into blocks whose partial sums are combined in block order.
        int n = 6, d = 400_000;
        assertTrue(DistanceBlocking.splitD(n, n) && DistanceBlocking.blocks(n, n, d) > 1);
        double[] x = gaussian(r, 0, n * d, 1);
        assertSameWithOneAndTwoThreads(x, n, x, n, d, true);
        double[] y = gaussian(r, 0, 3 * d, 1);
        assertSameWithOneAndTwoThreads(y, 3, x, n, d, true);
        // Many pairs: rows are split, each block sweeps all of d.
        int m = 100, d2 = 1000;
        assertTrue(!DistanceBlocking.splitD(m, m) && DistanceBlocking.blocks(m, m, d2) > 1);
        double[] z = gaussian(r, 0, m * d2, 1);
        assertSameWithOneAndTwoThreads(z, m, z, m, d2, true);
        // Gram route with several row blocks.
        int big = 600;
        double[] w = gaussian(r, 0, big * 256, 1);
        assertSameWithOneAndTwoThreads(w, big, w, big, 256, false);
    }

    @Test
    void squaredPicksStreamingForFewPairsAndGramForMany() {
        SplittableRandom r = new SplittableRandom(37);
        assertTrue(PairwiseDistances.prefersStreaming(20, 20, 1_000_000));
        assertTrue(!PairwiseDistances.prefersStreaming(500, 500, 100));
        for (int[] c : new int[][] {{7, 9, 1000}, {200, 90, 50}}) {
            int m = c[0], n = c[1], d = c[2];
            double[] a = gaussian(r, 0, m * d, 1), b = gaussian(r, 0, n * d, 1);
            double[] viaSquared = new double[m * n], viaRoute = new double[m * n];
            PairwiseDistances.squared(Parallel.sequential(), a, 0, m, b, 0, n, d, viaSquared,
                    new double[PairwiseDistances.workspaceLength(m, n, d)]);
            if (PairwiseDistances.prefersStreaming(m, n, d))
                PairwiseDistances.squaredStreaming(Parallel.sequential(), a, 0, m, b, 0, n, d, viaRoute,
                        new double[PairwiseDistances.streamingWorkspaceLength(m, n, d)]);
            else
                PairwiseDistances.squaredViaGram(Parallel.sequential(), a, 0, m, b, 0, n, d, viaRoute,
                        new double[PairwiseDistances.gramWorkspaceLength(m, n, d)]);
            assertArrayEquals(viaRoute, viaSquared);
        }
    }

    @Test
    void argumentsAreChecked() {
        double[] a = new double[12], out = new double[9];
        Parallel seq = Parallel.sequential();
        assertThrows(IllegalArgumentException.class, () -> PairwiseDistances.squared(seq, a, 0, 3, a, 0, 3, 5, out, new double[100]));
        assertThrows(IllegalArgumentException.class, () -> PairwiseDistances.squared(seq, a, 0, 3, a, 0, 3, 4, a, new double[100]));
        assertThrows(IllegalArgumentException.class, () -> PairwiseDistances.squaredViaGram(seq, a, 0, 3, a, 0, 3, 4, out, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> PairwiseDistances.squared(null, a, 0, 3, a, 0, 3, 4, out, new double[100]));
    }

    private static void assertSameWithOneAndTwoThreads(double[] a, int m, double[] b, int n, int d, boolean streaming) {
        double[] o1 = new double[m * n], o2 = new double[m * n];
        int len = streaming ? PairwiseDistances.streamingWorkspaceLength(m, n, d) : PairwiseDistances.gramWorkspaceLength(m, n, d);
        try (Parallel one = new Parallel(1); Parallel two = new Parallel(2)) {
            if (streaming) {
                PairwiseDistances.squaredStreaming(one, a, 0, m, b, 0, n, d, o1, new double[len]);
                PairwiseDistances.squaredStreaming(two, a, 0, m, b, 0, n, d, o2, new double[len]);
            } else {
                PairwiseDistances.squaredViaGram(one, a, 0, m, b, 0, n, d, o1, new double[len]);
                PairwiseDistances.squaredViaGram(two, a, 0, m, b, 0, n, d, o2, new double[len]);
            }
        }
        assertArrayEquals(o1, o2, (streaming ? "streaming " : "gram ") + m + "x" + n + "x" + d);
        // And the result is right, not just repeatable.
        for (int i = 0; i < m; i += Math.max(1, m / 7))
            for (int j = 0; j < n; j += Math.max(1, n / 7)) {
                double exact = exact(a, i * d, b, j * d, d);
                assertEquals(exact, o1[i * n + j], streaming ? (d + 4) * EPS * exact : 1e-9 * (exact + d));
            }
    }

    private static void checkStreaming(SplittableRandom r, int m, int n, int d, Parallel par) {
        double[] a = gaussian(r, AO, m * d, 1), b = gaussian(r, BO, n * d, 1);
        double[] out = new double[m * n + 3];
        java.util.Arrays.fill(out, Double.NaN);
        PairwiseDistances.squaredStreaming(par, a, AO, m, b, BO, n, d, out,
                new double[PairwiseDistances.streamingWorkspaceLength(m, n, d)]);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double exact = exact(a, AO + i * d, b, BO + j * d, d);
                double got = out[i * n + j];
                if (!(Math.abs(got - exact) <= (d + 4) * EPS * exact))
                    throw new AssertionError("streaming " + m + "x" + n + "x" + d + " (" + i + "," + j + "): " + exact + " vs " + got);
            }
        for (int k = m * n; k < out.length; k++) assertTrue(Double.isNaN(out[k]), "wrote past m*n");
    }

    private static void checkGram(SplittableRandom r, int m, int n, int d) {
        double[] a = gaussian(r, AO, m * d, 1), b = gaussian(r, BO, n * d, 1);
        double[] out = new double[m * n];
        PairwiseDistances.squaredViaGram(Parallel.sequential(), a, AO, m, b, BO, n, d, out,
                new double[PairwiseDistances.gramWorkspaceLength(m, n, d)]);
        double[] centre = meanOfRows(b, BO, n, d);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double exact = exact(a, AO + i * d, b, BO + j * d, d);
                double scale = exact(a, AO + i * d, centre, 0, d) + exact(b, BO + j * d, centre, 0, d);
                double got = out[i * n + j];
                if (!(got >= 0 && Math.abs(got - exact) <= 4 * (d + 4) * EPS * scale))
                    throw new AssertionError("gram " + m + "x" + n + "x" + d + " (" + i + "," + j + "): " + exact + " vs " + got);
            }
    }

    /** Σ (x_k − y_k)², the difference-based reference. */
    private static double exact(double[] x, int xo, double[] y, int yo, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            double t = x[xo + k] - y[yo + k];
            s += t * t;
        }
        return s;
    }

    private static double[] meanOfRows(double[] b, int off, int n, int d) {
        double[] c = new double[d];
        for (int j = 0; j < n; j++) for (int k = 0; k < d; k++) c[k] += b[off + j * d + k];
        for (int k = 0; k < d; k++) c[k] /= n;
        return c;
    }
}
