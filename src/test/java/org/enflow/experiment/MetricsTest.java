package org.enflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.junit.jupiter.api.Test;

/** protocol.md test oracles 1 (zero cases) and 2 (CRPS implementations), plus the scores against direct sums. */
class MetricsTest {
    private static final Parallel SEQ = Parallel.sequential();

    private static Ensemble random(int n, int d, long seed) {
        Ensemble e = new Ensemble(n, d);
        new Gaussian(new RandomStreams(seed).stream(RandomStreams.Purpose.AUXILIARY)).fill(e.data(), 0, n * d);
        return e;
    }

    private static double[] randomVector(int d, long seed) {
        double[] v = new double[d];
        new Gaussian(new RandomStreams(seed).stream(RandomStreams.Purpose.TRUTH)).fill(v, 0, d);
        return v;
    }

    @Test
    void rmseIsZeroWhenTheMeanEqualsTheTruth() {
        // Members ±a around the truth: the mean is exactly the truth (a and −a cancel in floating point).
        int d = 7;
        double[] truth = randomVector(d, 1);
        Ensemble e = new Ensemble(2, d);
        for (int j = 0; j < d; j++) {
            e.set(0, j, truth[j] + 0.5 * (j + 1));
            e.set(1, j, truth[j] - 0.5 * (j + 1));
        }
        assertEquals(0.0, Metrics.rmse(e, truth, SEQ), 1e-15);
        assertTrue(Metrics.spread(e, SEQ) > 0);
    }

    @Test
    void identicalMembersHaveZeroSpreadAndScoresEqualToTheError() {
        double x = 1.75, y = -0.5;
        Ensemble e = new Ensemble(5, 1);
        for (int i = 0; i < 5; i++) e.set(i, 0, x);
        double[] truth = {y};
        assertEquals(0.0, Metrics.spread(e, SEQ), 0.0);
        assertEquals(Math.abs(x - y), Metrics.crps(e, truth, SEQ), 1e-15);
        assertEquals(Math.abs(x - y), Metrics.energyScore(e, truth, SEQ), 1e-15);
        assertEquals(Math.abs(x - y), Metrics.rmse(e, truth, SEQ), 1e-15);
    }

    @Test
    void energyScoreInOneDimensionEqualsCrps() {
        for (int n : new int[] {2, 3, 20, 101}) {
            Ensemble e = random(n, 1, 11 + n);
            double[] truth = {0.3};
            double crps = Metrics.crps(e, truth, SEQ);
            // ES and CRPS accumulate in different orders: agreement to rounding, relative to the terms' size.
            assertEquals(crps, Metrics.energyScore(e, truth, SEQ), 1e-13 * (1 + Math.abs(crps)) * n);
        }
    }

    @Test
    void sortingFormulaEqualsTheDoubleSum() {
        UniformRandomProvider rng = new RandomStreams(5).stream(RandomStreams.Purpose.AUXILIARY);
        for (int n : new int[] {1, 2, 3, 5, 20, 64, 257}) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = 10 * rng.nextDouble() - 5;
            double direct = 0;
            for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) direct += Math.abs(a[i] - a[k]);
            double[] sorted = a.clone();
            java.util.Arrays.sort(sorted);
            double bySort = Metrics.sortedPairSum(sorted, n);
            // Both are sums of n² terms of size ≤ 10: rounding error ≪ 1e-12 relative.
            assertEquals(direct, bySort, 1e-12 * Math.max(1, Math.abs(direct)), "n = " + n);

            double y = 0.7;
            double abs = 0;
            for (double v : a) abs += Math.abs(v - y);
            double crpsDirect = abs / n - direct / (2.0 * n * n);
            assertEquals(crpsDirect, Metrics.crps(a, y), 1e-12, "n = " + n);
        }
    }

    @Test
    void pairwiseAndSortingCrpsAgree() {
        for (int n : new int[] {2, 3, 20, 128, 129, 200}) {
            for (int d : new int[] {1, 37, 600}) {
                Ensemble e = random(n, d, 100 + n + d);
                double[] truth = randomVector(d, 7);
                double sorted = Metrics.crpsSorting(e, truth, SEQ);
                // Different summation orders of O(n²) terms of size O(1): agreement to ~1e-15·n relative.
                assertEquals(sorted, Metrics.crpsPairwise(e, truth, SEQ), 1e-13 * sorted, "n = " + n + ", d = " + d);
                assertEquals(n <= Metrics.CRPS_PAIRWISE_MAX_MEMBERS ? Metrics.crpsPairwise(e, truth, SEQ) : sorted,
                        Metrics.crps(e, truth, SEQ), 0.0);
            }
        }
    }

    @Test
    void ensembleCrpsAndScoresMatchDirectDefinitions() {
        int n = 9, d = 37;
        Ensemble e = random(n, d, 3);
        double[] truth = randomVector(d, 4);
        double crps = 0, rmse2 = 0, var = 0;
        for (int j = 0; j < d; j++) {
            double abs = 0, pair = 0, mean = 0;
            for (int i = 0; i < n; i++) {
                abs += Math.abs(e.get(i, j) - truth[j]);
                mean += e.get(i, j) / n;
                for (int k = 0; k < n; k++) pair += Math.abs(e.get(i, j) - e.get(k, j));
            }
            crps += abs / n - pair / (2.0 * n * n);
            rmse2 += (mean - truth[j]) * (mean - truth[j]);
            for (int i = 0; i < n; i++) var += (e.get(i, j) - mean) * (e.get(i, j) - mean) / (n - 1);
        }
        double es = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) s += (e.get(i, j) - truth[j]) * (e.get(i, j) - truth[j]);
            es += Math.sqrt(s) / n;
            for (int k = 0; k < n; k++) {
                double p = 0;
                for (int j = 0; j < d; j++) p += (e.get(i, j) - e.get(k, j)) * (e.get(i, j) - e.get(k, j));
                es -= Math.sqrt(p) / (2.0 * n * n);
            }
        }
        assertEquals(crps / d, Metrics.crps(e, truth, SEQ), 1e-13);
        assertEquals(Math.sqrt(rmse2 / d), Metrics.rmse(e, truth, SEQ), 1e-13);
        assertEquals(Math.sqrt(var / d), Metrics.spread(e, SEQ), 1e-13);
        assertEquals(es, Metrics.energyScore(e, truth, SEQ), 1e-12);
    }

    @Test
    void crpsMatchesTheGaussianClosedFormAtLargeN() {
        // N = 1e5 draws from N(μ, s²): the Monte Carlo error of the CRPS estimate is O(s/√N) ≈ 0.3 % of s,
        // well inside the 1 % the oracle asks for; the 1/(2N²) bias is O(s/N).
        int n = 100_000;
        double mu = 1.5, s = 2.0;
        Ensemble e = new Ensemble(n, 1);
        Gaussian g = new Gaussian(new RandomStreams(2376999025L).stream(RandomStreams.Purpose.AUXILIARY));
        for (int i = 0; i < n; i++) e.set(i, 0, mu + s * g.next());
        for (double truth : new double[] {1.5, 0.0, 4.0, -3.0}) {
            double z = (truth - mu) / s;
            double exact = s * (z * (2 * Normal.cdf(z) - 1) + 2 * Normal.pdf(z) - 1 / Math.sqrt(Math.PI));
            double got = Metrics.crps(e, new double[] {truth}, SEQ);
            assertEquals(exact, got, 0.01 * exact, "truth = " + truth);
        }
    }

    @Test
    void scoresAreBitIdenticalForOneTwoAndFourThreads() {
        int n = 20, d = 300_001; // many blocks, a ragged last chunk
        Ensemble e = random(n, d, 8);
        double[] truth = randomVector(d, 9);
        for (int threads : new int[] {2, 4}) {
            try (Parallel p = new Parallel(threads)) {
                assertEquals(Metrics.rmse(e, truth, SEQ), Metrics.rmse(e, truth, p), 0.0);
                assertEquals(Metrics.spread(e, SEQ), Metrics.spread(e, p), 0.0);
                assertEquals(Metrics.crps(e, truth, SEQ), Metrics.crps(e, truth, p), 0.0);
                assertEquals(Metrics.crpsSorting(e, truth, SEQ), Metrics.crpsSorting(e, truth, p), 0.0);
                assertEquals(Metrics.energyScore(e, truth, SEQ), Metrics.energyScore(e, truth, p), 0.0);
            }
        }
    }

    @Test
    void energyScoreAffordability() {
        assertTrue(Metrics.energyScoreAffordable(20, 1_000_000));
        assertTrue(!Metrics.energyScoreAffordable(1000, 1_000_000));
    }

    @Test
    void badInputIsRejected() {
        Ensemble e = random(3, 4, 1);
        assertThrows(IllegalArgumentException.class, () -> Metrics.rmse(e, new double[5], SEQ));
        assertThrows(IllegalArgumentException.class, () -> Metrics.spread(new Ensemble(1, 4), SEQ));
        assertThrows(IllegalArgumentException.class, () -> Metrics.crps(new double[0], 1.0));
    }
}
