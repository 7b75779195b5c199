package org.enflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.junit.jupiter.api.Test;

/**
 * W2 by exact optimal transport (protocol.md oracle 4): the 1-D closed form (sorted / quantile matching),
 * translation, identity, symmetry and permutation invariance, the replication trick against the 1-D
 * quantile formula for unequal sizes, brute force in 2-D, thread-count independence, argument checks.
 *
 * <p>Tolerances: W2² is a mean of m squared distances, each computed with relative error ≲ d·ε through
 * the centred Gram route (PairwiseDistances), and summed in a different order from the reference:
 * |ΔW2²| ≲ (d + m)·ε·max cost. The tests use 1e-12 relative to the mean cost scale, orders above that
 * (≤ 1e-13 at m = 400) and orders below any wrong matching (one wrong pair changes W2² by ≳ 1/m).
 */
class WassersteinTest {
    private static double[] gaussian(SplittableRandom r, int count, double scale, double shift) {
        double[] x = new double[count];
        for (int k = 0; k < count; k++) {
            double u = r.nextDouble(), v = r.nextDouble();
            x[k] = shift + scale * Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
        }
        return x;
    }

    /** W2² between uniform 1-D sets by their quantile functions: ∫₀¹ (F⁻¹(t) − G⁻¹(t))² dt, exactly. */
    static double quantileW2Squared(double[] a, double[] b) {
        double[] x = a.clone(), y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int n = x.length, m = y.length, i = 0, j = 0;
        double t = 0, s = 0;
        while (i < n && j < m) {
            // Breakpoints (i+1)/n and (j+1)/m compared exactly in integers.
            long ni = (long) (i + 1) * m, mj = (long) (j + 1) * n;
            double next = ni <= mj ? (i + 1.0) / n : (j + 1.0) / m;
            double diff = x[i] - y[j];
            s += (next - t) * diff * diff;
            t = next;
            if (ni <= mj) i++;
            if (mj <= ni) j++;
        }
        return s;
    }

    @Test
    void oneDimensionalEqualSizesIsSortedMatching() {
        Wasserstein w = new Wasserstein(Parallel.sequential());
        SplittableRandom r = new SplittableRandom(11);
        for (int n : new int[] {1, 2, 3, 7, 64, 129, 400}) {
            double[] a = gaussian(r, n, 1.0, 0.0), b = gaussian(r, n, 2.0, 0.7);
            double[] sa = a.clone(), sb = b.clone();
            Arrays.sort(sa);
            Arrays.sort(sb);
            double expected = 0;
            for (int k = 0; k < n; k++) expected += (sa[k] - sb[k]) * (sa[k] - sb[k]);
            expected /= n;
            double got = w.squaredDistance(a, 0, n, b, 0, n, 1);
            assertEquals(expected, got, 1e-12 * (1 + expected), "n = " + n);
            assertEquals(quantileW2Squared(a, b), got, 1e-12 * (1 + expected), "quantile form, n = " + n);
        }
    }

    @Test
    void replicationTrickIsExactForUnequalSizes() {
        // m = q·n: the replicated assignment equals the 1-D quantile formula, which is exact for any sizes.
        Wasserstein w = new Wasserstein(Parallel.sequential());
        SplittableRandom r = new SplittableRandom(12);
        int[][] sizes = {{1, 5}, {2, 6}, {3, 12}, {10, 40}, {100, 400}, {7, 7}};
        for (int[] nm : sizes) {
            int n = nm[0], m = nm[1];
            double[] a = gaussian(r, n, 1.0, 0.0), b = gaussian(r, m, 1.5, 0.4);
            double expected = quantileW2Squared(a, b);
            assertEquals(expected, w.squaredDistance(a, 0, n, b, 0, m, 1), 1e-12 * (1 + expected), n + " vs " + m);
            assertEquals(expected, w.squaredDistance(b, 0, m, a, 0, n, 1), 1e-12 * (1 + expected), m + " vs " + n);
        }
    }

    @Test
    void translationMovesByTheShiftAndIdentityIsZero() {
        // For equal marginals every coupling has E(x − y) = 0, so W2²(X, X + c) = W2²(X, X) + ‖c‖² = ‖c‖².
        Wasserstein w = new Wasserstein(Parallel.sequential());
        SplittableRandom r = new SplittableRandom(13);
        for (int d : new int[] {1, 2, 3, 40}) {
            int n = 200;
            Ensemble x = Ensemble.wrap(n, d, gaussian(r, n * d, 1.0, 0.0));
            Ensemble y = x.copy();
            double[] c = gaussian(r, d, 0.8, 0.0);
            double norm2 = 0;
            for (double v : c) norm2 += v * v;
            for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) y.data()[i * d + k] += c[k];
            assertEquals(Math.sqrt(norm2), w.distance(x, y), 1e-9 * (1 + Math.sqrt(norm2)), "d = " + d);
            // W2(X, X): the diagonal costs are rounding-level (≲ d·ε·‖x‖²), so W2 ≲ sqrt(d·ε)·scale.
            assertTrue(w.distance(x, x.copy()) < 1e-6, "d = " + d);
        }
    }

    @Test
    void symmetricAndInvariantUnderReorderingAndAgreesWithBruteForceInThePlane() {
        Wasserstein w = new Wasserstein(Parallel.sequential());
        SplittableRandom r = new SplittableRandom(14);
        for (int rep = 0; rep < 200; rep++) {
            int n = 1 + r.nextInt(7), d = 2;
            double[] a = gaussian(r, n * d, 1.0, 0.0), b = gaussian(r, n * d, 1.0, 1.0);
            double[] cost = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < d; k++) s += (a[i * d + k] - b[j * d + k]) * (a[i * d + k] - b[j * d + k]);
                    cost[i * n + j] = s;
                }
            double expected = AssignmentTest.bruteForce(cost, n) / n;
            double ab = w.squaredDistance(a, 0, n, b, 0, n, d), ba = w.squaredDistance(b, 0, n, a, 0, n, d);
            assertEquals(expected, ab, 1e-12 * (1 + expected));
            assertEquals(ab, ba, 1e-12 * (1 + expected));
        }
        // Reordering the members of one set changes nothing but rounding.
        int n = 300, d = 3;
        double[] a = gaussian(r, n * d, 1.0, 0.0), b = gaussian(r, n * d, 1.3, 0.2), bp = new double[n * d];
        for (int i = 0; i < n; i++) System.arraycopy(b, ((i * 7 + 3) % n) * d, bp, i * d, d);
        double w1 = w.squaredDistance(a, 0, n, b, 0, n, d), w2 = w.squaredDistance(a, 0, n, bp, 0, n, d);
        assertEquals(w1, w2, 1e-12 * w1);
        assertEquals(w1, w.squaredDistance(b, 0, n, a, 0, n, d), 1e-12 * w1);
    }

    @Test
    void offsetsAreHonoured() {
        Wasserstein w = new Wasserstein(Parallel.sequential());
        SplittableRandom r = new SplittableRandom(15);
        int n = 20, d = 3;
        double[] a = gaussian(r, n * d, 1.0, 0.0), b = gaussian(r, n * d, 1.0, 0.5);
        double[] pa = new double[5 + n * d], pb = new double[9 + n * d];
        System.arraycopy(a, 0, pa, 5, n * d);
        System.arraycopy(b, 0, pb, 9, n * d);
        assertEquals(w.squaredDistance(a, 0, n, b, 0, n, d), w.squaredDistance(pa, 5, n, pb, 9, n, d), 0.0);
    }

    @Test
    void bitIdenticalForOneAndTwoThreads() {
        SplittableRandom r = new SplittableRandom(16);
        int n = 300, d = 40; // 300 × 600 pairs: the Gram route of the distances, on 2 threads
        double[] a = gaussian(r, n * d, 1.0, 0.0), b = gaussian(r, 2 * n * d, 1.0, 0.3);
        try (Parallel two = new Parallel(2)) {
            double one = new Wasserstein(Parallel.sequential()).squaredDistance(a, 0, n, b, 0, 2 * n, d);
            assertEquals(one, new Wasserstein(two).squaredDistance(a, 0, n, b, 0, 2 * n, d), 0.0);
        }
    }

    @Test
    void rejectsBadArguments() {
        Wasserstein w = new Wasserstein(Parallel.sequential());
        double[] x = new double[12];
        assertTrue(assertThrows(IllegalArgumentException.class, () -> w.squaredDistance(x, 0, 0, x, 0, 4, 3))
                .getMessage().contains("n = 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> w.squaredDistance(x, 0, 4, x, 0, 3, 1))
                .getMessage().contains("integer multiple"));
        assertThrows(IllegalArgumentException.class, () -> w.squaredDistance(x, 0, 4, x, 2, 4, 3)); // slice too short
        assertThrows(IllegalArgumentException.class, () -> w.distance(new Ensemble(3, 2), new Ensemble(3, 4)));
        double[] bad = new double[12];
        bad[7] = Double.NaN;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> w.squaredDistance(x, 0, 4, bad, 0, 4, 3))
                .getMessage().contains("NaN"));
        assertThrows(IllegalArgumentException.class, () -> new Wasserstein(null));
    }
}
