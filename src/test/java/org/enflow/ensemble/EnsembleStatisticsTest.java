package org.enflow.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.enflow.kernel.Parallel;
import org.junit.jupiter.api.Test;

/**
 * {@link EnsembleStatistics} against direct per-component formulas. Tolerances: a mean of N values has
 * error ≤ (N + 2)·ε·mean|x| (sum bound plus the scaling); the variance is a sum of N non-negative
 * squares of rounded differences, relative error ≤ (N + 4)·ε; doubled for two implementations.
 */
class EnsembleStatisticsTest {
    private static final double EPS = Math.ulp(1.0);

    private static Ensemble random(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Ensemble e = new Ensemble(n, d);
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) e.set(i, j, 10 + Math.sin(j) + r.nextDouble() - 0.5);
        return e;
    }

    /** The pooled finiteness check names the same (first) bad value as the serial one, and passes finite ensembles. */
    @Test
    void parallelFinitenessCheckNamesTheFirstBadValue() {
        int n = 40, d = 5000; // several member blocks
        for (int threads = 1; threads <= 2; threads++) {
            try (Parallel pool = new Parallel(threads)) {
                random(n, d, 3).requireFinite("clean", pool);
                for (int[] at : new int[][] {{0, 0}, {17, 4999}, {39, 123}}) {
                    Ensemble e = random(n, d, 4);
                    e.set(at[0], at[1], Double.POSITIVE_INFINITY);
                    if (at[0] < n - 1) e.set(n - 1, 0, Double.NaN); // later: not the one named
                    String serial = assertThrows(IllegalArgumentException.class, () -> e.requireFinite("x")).getMessage();
                    assertEquals("x member " + at[0] + " component " + at[1] + " = Infinity: expected a finite number", serial);
                    assertEquals(serial, assertThrows(IllegalArgumentException.class, () -> e.requireFinite("x", pool)).getMessage());
                }
            }
        }
    }

    @Test
    void meanAnomaliesVarianceMatchTheDefinitions() {
        for (int[] size : new int[][] {{1, 1}, {2, 3}, {5, 17}, {20, 1025}, {7, 4099}, {64, 40}}) {
            int n = size[0], d = size[1];
            Ensemble e = random(n, d, 100 + n * 31L + d);
            double[] mean = new double[d];
            EnsembleStatistics.mean(e, mean);
            double[] anomalies = new double[n * d];
            EnsembleStatistics.anomalies(e, mean, anomalies);
            for (int j = 0; j < d; j++) {
                double s = 0, abs = 0;
                for (int i = 0; i < n; i++) {
                    s += e.get(i, j);
                    abs += Math.abs(e.get(i, j));
                }
                assertEquals(s / n, mean[j], 2 * (n + 2) * EPS * abs / n, "mean " + n + "x" + d + " j=" + j);
                for (int i = 0; i < n; i++) assertEquals(e.get(i, j) - mean[j], anomalies[i * d + j], 0.0);
            }
            if (n < 2) {
                assertThrows(IllegalArgumentException.class, () -> EnsembleStatistics.variance(e, mean, new double[d]));
                continue;
            }
            double[] var = new double[d];
            EnsembleStatistics.variance(e, mean, var);
            double total = 0;
            for (int j = 0; j < d; j++) {
                double ss = 0;
                for (int i = 0; i < n; i++) {
                    double t = e.get(i, j) - mean[j];
                    ss += t * t;
                }
                assertEquals(ss / (n - 1), var[j], 2 * (n + 4) * EPS * ss / (n - 1), "variance j=" + j);
                total += var[j];
            }
            assertEquals(Math.sqrt(total / d), EnsembleStatistics.spread(var), 2 * (d + 4) * EPS * Math.sqrt(total / d));
            double[] mean2 = new double[d], var2 = new double[d];
            assertEquals(EnsembleStatistics.spread(var), EnsembleStatistics.spread(e, mean2, var2, Parallel.sequential()), 0.0);
            assertArrayEquals(mean, mean2);
        }
    }

    @Test
    void varianceIsAccurateForALargeCommonOffset() {
        // Two-pass (about the mean) keeps small spread around a large value: 1e8 + {−1, 0, +1}·1e-3 has
        // variance 1e-6 exactly in real arithmetic; the one-pass E[x²] − E[x]² would lose it entirely.
        Ensemble e = Ensemble.wrap(3, 2, new double[] {1e8 - 1e-3, 5, 1e8, 5, 1e8 + 1e-3, 5});
        double[] mean = new double[2], var = new double[2];
        EnsembleStatistics.mean(e, mean);
        EnsembleStatistics.variance(e, mean, var);
        assertEquals(1e-6, var[0], 1e-6 * 1e-3); // inputs are rounded to ulp(1e8) ≈ 1.5e-8, relative 1.5e-5 of 1e-3
        assertEquals(0.0, var[1], 0.0);
    }

    @Test
    void weightedMeanIsTheWeightedSumOfMembers() {
        int n = 9, d = 1031;
        Ensemble e = random(n, d, 5);
        double[] w = new double[n];
        double tw = 0;
        for (int i = 0; i < n; i++) tw += w[i] = i + 1;
        for (int i = 0; i < n; i++) w[i] /= tw;
        double[] out = new double[d];
        EnsembleStatistics.weightedMean(e, w, out, Parallel.sequential());
        for (int j = 0; j < d; j++) {
            double s = 0, abs = 0;
            for (int i = 0; i < n; i++) {
                s += w[i] * e.get(i, j);
                abs += Math.abs(w[i] * e.get(i, j));
            }
            assertEquals(s, out[j], 2 * (n + 2) * EPS * abs);
        }
    }

    @Test
    void oneAndTwoThreadsAgreeBitForBit() {
        // Large enough to be split: 24 members × 200 003 components = 4.8M values, several blocks.
        int n = 24, d = 200_003;
        Ensemble e = random(n, d, 77);
        double[] m1 = new double[d], m2 = new double[d], v1 = new double[d], v2 = new double[d], w = new double[n];
        double[] a1 = new double[n * d], a2 = new double[n * d], wm1 = new double[d], wm2 = new double[d];
        for (int i = 0; i < n; i++) w[i] = 1.0 / (i + 2);
        try (Parallel one = new Parallel(1); Parallel two = new Parallel(2)) {
            EnsembleStatistics.mean(e, m1, one);
            EnsembleStatistics.mean(e, m2, two);
            EnsembleStatistics.variance(e, m1, v1, one);
            EnsembleStatistics.variance(e, m1, v2, two);
            EnsembleStatistics.anomalies(e, m1, a1, one);
            EnsembleStatistics.anomalies(e, m1, a2, two);
            EnsembleStatistics.weightedMean(e, w, wm1, one);
            EnsembleStatistics.weightedMean(e, w, wm2, two);
        }
        assertArrayEquals(m1, m2);
        assertArrayEquals(v1, v2);
        assertArrayEquals(a1, a2);
        assertArrayEquals(wm1, wm2);
        double[] seq = new double[d];
        EnsembleStatistics.mean(e, seq);
        assertArrayEquals(m1, seq, "the sequential overload must agree too");
    }

    @Test
    void anomaliesInPlace() {
        Ensemble e = random(4, 13, 3);
        double[] mean = new double[13], expected = new double[4 * 13];
        EnsembleStatistics.mean(e, mean);
        EnsembleStatistics.anomalies(e, mean, expected);
        EnsembleStatistics.anomalies(e, mean, e.data());
        assertArrayEquals(expected, e.data());
    }

    @Test
    void argumentsAreChecked() {
        Ensemble e = new Ensemble(3, 4);
        assertThrows(IllegalArgumentException.class, () -> EnsembleStatistics.mean(e, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> EnsembleStatistics.mean(null, new double[4]));
        assertThrows(IllegalArgumentException.class, () -> EnsembleStatistics.anomalies(e, new double[4], new double[11]));
        assertThrows(IllegalArgumentException.class, () -> EnsembleStatistics.weightedMean(e, new double[2], new double[4], Parallel.sequential()));
        double[] m = new double[4];
        assertThrows(IllegalArgumentException.class, () -> EnsembleStatistics.variance(e, m, m));
    }
}
