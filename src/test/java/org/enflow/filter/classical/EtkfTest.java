package org.enflow.filter.classical;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;
import org.junit.jupiter.api.Test;

class EtkfTest {
    static Ensemble randomEnsemble(int n, int d, Random rnd, double spread) {
        Ensemble e = new Ensemble(n, d);
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) e.set(i, k, Math.sin(k) + spread * rnd.nextGaussian());
        return e;
    }

    static Observation observe(ObservationOperator h, double[] truth, double sigma, Random rnd) {
        double[] y = new double[h.outputDim()];
        h.apply(truth, 0, y, 0);
        for (int l = 0; l < y.length; l++) y[l] += sigma * rnd.nextGaussian();
        return Observation.withSigma(y, h, sigma);
    }

    /** Oracle 1: with linear H and P^f the ensemble covariance, the ETKF analysis is the KF analysis, for any N ≥ 2. */
    @Test
    void equalsKalmanFilterWithEnsembleCovariance() {
        Random rnd = new Random(11);
        int d = 10;
        for (int n : new int[] {2, 3, 7, 11, 40}) {
            for (ObservationOperator h : new ObservationOperator[] {TestOperators.every(d, 2, 1), TestOperators.identity(d)}) {
                Ensemble e = randomEnsemble(n, d, rnd, 1.5);
                double[] truth = new double[d];
                for (int k = 0; k < d; k++) truth[k] = rnd.nextGaussian();
                Observation obs = observe(h, truth, 0.5, rnd);
                KalmanFilter kf = new KalmanFilter(d, null, null);
                kf.setState(Stats.mean(e), Stats.covariance(e));
                kf.analyze(obs);
                new Etkf(n, 1.0, false, new RandomStreams(1), Parallel.sequential()).assimilate(e, obs);
                double[] m = Stats.mean(e), p = Stats.covariance(e);
                double scale = Stats.maxAbs(kf.covariance()) + 1;
                // Both are backward-stable O(N³ + d³) computations on O(1) data: 1e-10 relative.
                assertTrue(Stats.maxAbsDiff(m, kf.mean()) <= 1e-10 * (1 + Stats.maxAbs(kf.mean())), "mean N=" + n);
                assertTrue(Stats.maxAbsDiff(p, kf.covariance()) <= 1e-10 * scale, "covariance N=" + n);
                // Anomalies sum to zero: W1 = 1 (to rounding of the transform, ~N·ε relative to the entries).
                double[] anomalySum = new double[d];
                for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) anomalySum[k] += e.get(i, k) - m[k];
                assertTrue(Stats.maxAbs(anomalySum) <= 1e-12 * n * scale, "anomaly sum " + Stats.maxAbs(anomalySum));
            }
        }
    }

    @Test
    void inflationScalesCovarianceAndRotationPreservesMoments() {
        Random rnd = new Random(12);
        int d = 6, n = 9;
        Ensemble e0 = randomEnsemble(n, d, rnd, 1);
        double[] truth = new double[d];
        Observation obs = observe(TestOperators.identity(d), truth, 1, rnd);
        Ensemble plain = e0.copy(), inflated = e0.copy(), rotated = e0.copy();
        new Etkf(n, 1.0, false, new RandomStreams(3), Parallel.sequential()).assimilate(plain, obs);
        new Etkf(n, 1.3, false, new RandomStreams(3), Parallel.sequential()).assimilate(inflated, obs);
        new Etkf(n, 1.0, true, new RandomStreams(3), Parallel.sequential()).assimilate(rotated, obs);
        double[] p = Stats.covariance(plain);
        double[] pi = Stats.covariance(inflated), pr = Stats.covariance(rotated);
        for (int i = 0; i < d * d; i++) {
            assertEquals(1.69 * p[i], pi[i], 1e-12 * (1 + Math.abs(p[i])));
            assertEquals(p[i], pr[i], 1e-12 * (1 + Math.abs(p[i])));
        }
        assertArrayEquals(Stats.mean(plain), Stats.mean(inflated), 1e-12);
        assertArrayEquals(Stats.mean(plain), Stats.mean(rotated), 1e-12);
        // The rotation did change the members.
        assertTrue(Stats.maxAbsDiff(plain.data(), rotated.data()) > 1e-3);
    }

    /**
     * From N = 97 with d ≤ 2(N−1)/3 the rotation is applied as reflectors without forming Ω
     * ({@link org.enflow.filter.common.RandomRotation#rotateColumns}): it must still keep the mean and the
     * covariance of the unrotated analysis (ETKF's p×p route, and the LETKF in both of its paths).
     */
    @Test
    void directRotationPreservesMoments() {
        Random rnd = new Random(14);
        int d = 30, n = 120;
        Ensemble e0 = randomEnsemble(n, d, rnd, 1);
        Observation obs = observe(TestOperators.identity(d), new double[d], 1, rnd);
        for (int kind = 0; kind < 3; kind++) {
            Ensemble plain = e0.copy(), rotated = e0.copy();
            if (kind == 0) {
                new Etkf(n, 1.1, false, new RandomStreams(3), Parallel.sequential()).assimilate(plain, obs);
                new Etkf(n, 1.1, true, new RandomStreams(3), Parallel.sequential()).assimilate(rotated, obs);
            } else {
                Letkf a = new Letkf(n, 1.1, false, 2, new RandomStreams(3), Parallel.sequential());
                Letkf b = new Letkf(n, 1.1, true, 2, new RandomStreams(3), Parallel.sequential());
                a.forcedPath = b.forcedPath = kind == 2;
                a.assimilate(plain, obs);
                b.assimilate(rotated, obs);
            }
            double[] p = Stats.covariance(plain), pr = Stats.covariance(rotated);
            double scale = Stats.maxAbs(p);
            assertTrue(Stats.maxAbsDiff(p, pr) <= 1e-12 * n * scale, "kind " + kind + ": " + Stats.maxAbsDiff(p, pr));
            assertArrayEquals(Stats.mean(plain), Stats.mean(rotated), 1e-12 * n, "kind " + kind);
            assertTrue(Stats.maxAbsDiff(plain.data(), rotated.data()) > 1e-3, "kind " + kind + ": not rotated");
        }
    }

    /**
     * The law of the rotated analysis. For Ω Haar on the orthogonal matrices fixing 1 and analysis
     * anomalies B (columns orthogonal to 1), row 0 of ΩB is e₀ᵀΩB = ξᵀB with ξ uniform on the sphere of
     * radius √((N−1)/N) in 1^⊥, so E[(ΩB)₀ᵀ(ΩB)₀] = BᵀB/N = (N−1)/N·P^a exactly. The ETKF's Cholesky
     * square root must reproduce it (a square root that is not R·W with R orthogonal fixing 1 would not),
     * and so must the LETKF's global rotation. Each entry is compared with its own Monte Carlo standard
     * error (5 s.e.) over 3000 draws.
     */
    @Test
    void rotatedAnalysisHasTheHaarLaw() {
        Random rnd = new Random(13);
        int d = 8, n = 6, reps = 3000; // p = d ≥ N: the N×N route (p < N takes the p×p route)
        Ensemble e0 = randomEnsemble(n, d, rnd, 1);
        Observation obs = observe(TestOperators.identity(d), new double[d], 1, rnd);
        Ensemble plain = e0.copy();
        new Etkf(n, 1.0, false, new RandomStreams(3), Parallel.sequential()).assimilate(plain, obs);
        double[] mean = Stats.mean(plain), cov = Stats.covariance(plain);
        for (boolean local : new boolean[] {false, true}) {
            Filter f = local ? new Letkf(n, 1.0, true, Double.POSITIVE_INFINITY, new RandomStreams(4), Parallel.sequential())
                    : new Etkf(n, 1.0, true, new RandomStreams(4), Parallel.sequential());
            double[] m1 = new double[d * d], m2 = new double[d * d];
            Ensemble e = e0.copy();
            for (int r = 0; r < reps; r++) {
                e.copyFrom(e0);
                f.assimilate(e, obs);
                for (int k = 0; k < d; k++)
                    for (int l = 0; l < d; l++) {
                        double v = (e.get(0, k) - mean[k]) * (e.get(0, l) - mean[l]);
                        m1[k * d + l] += v / reps;
                        m2[k * d + l] += v * v / reps;
                    }
            }
            for (int i = 0; i < d * d; i++) {
                double expected = (n - 1.0) / n * cov[i], se = Math.sqrt((m2[i] - m1[i] * m1[i]) / reps);
                assertEquals(expected, m1[i], 5 * se + 1e-12, (local ? "LETKF" : "ETKF") + " entry " + i);
            }
        }
    }

    @Test
    void rejectsTooFewMembersAndMismatchedEnsembles() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new Etkf(1, 1.0, false, new RandomStreams(1), Parallel.sequential()));
        assertTrue(ex.getMessage().contains("members = 1"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Etkf(3, 0.0, false, new RandomStreams(1), Parallel.sequential()));
        Etkf f = new Etkf(3, 1.0, false, new RandomStreams(1), Parallel.sequential());
        Ensemble e = new Ensemble(4, 2);
        assertThrows(IllegalArgumentException.class,
                () -> f.assimilate(e, Observation.withSigma(new double[2], TestOperators.identity(2), 1)));
    }

    @Test
    void nonFiniteObservationOperatorOutputIsReported() {
        Etkf f = new Etkf(3, 1.0, false, new RandomStreams(1), Parallel.sequential());
        Ensemble e = randomEnsemble(3, 2, new Random(1), 1);
        e.set(1, 0, 1e308);
        ObservationOperator square = TestOperators.matrix(new double[] {1e10, 0, 0, 1}, 2, 2, new double[] {0, 1});
        IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> f.assimilate(e, Observation.withSigma(new double[2], square, 1)));
        assertTrue(ex.getMessage().contains("member 1"), ex.getMessage());
    }
    /**
     * The same cases as EnkfPoTest's (columns split for N ≤ 32 and long p, rows split, the Cholesky path
     * shared out), p &lt; N (the p×p route, its products and row sums in parallel) and N = 400 at d = 40 (the
     * small-ensemble transform over row blocks; the rotation's compact-WY blocks over column blocks).
     */
    @Test
    void deterministicAcrossThreadCounts() {
        int[][] cases = {{20, 3000, 2}, {20, 12000, 1}, {40, 3000, 1}, {200, 400, 1}, {300, 200, 1}, {400, 40, 1}};
        for (int[] c : cases) {
            int n = c[0], d = c[1];
            Random rnd = new Random(36);
            Ensemble e = randomEnsemble(n, d, rnd, 1);
            Observation obs = observe(TestOperators.every(d, c[2], 0), new double[d], 1, rnd);
            for (boolean rotate : new boolean[] {false, true}) {
                Ensemble a = e.copy(), b = e.copy();
                try (Parallel two = new Parallel(2)) {
                    new Etkf(n, 1.02, rotate, new RandomStreams(7), Parallel.sequential()).assimilate(a, obs);
                    new Etkf(n, 1.02, rotate, new RandomStreams(7), two).assimilate(b, obs);
                }
                assertArrayEquals(a.data(), b.data(), "N=" + n + " d=" + d + " rotate=" + rotate);
            }
        }
    }
}
