package org.enflow.filter.classical;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;
import org.junit.jupiter.api.Test;

class EnkfPoTest {
    /** Oracle 3: one linear-Gaussian update with N = 10⁴: mean within 4·sqrt(tr P_a/N), covariance within 5%. */
    @Test
    void oneStepConvergesToKalman() {
        Random rnd = new Random(31);
        int d = 4, n = 10_000;
        double[] m0 = {1, -1, 0.5, 0};
        double[] p0 = {2, 0.5, 0, 0.1, 0.5, 1, 0.2, 0, 0, 0.2, 1.5, 0.3, 0.1, 0, 0.3, 1};
        ObservationOperator h = TestOperators.every(d, 2, 0);
        Observation obs = new Observation(new double[] {0.3, 1.2}, h, new double[] {0.5, 0.25});
        KalmanFilter kf = new KalmanFilter(d, null, null);
        kf.setState(m0, p0);
        kf.analyze(obs);
        for (boolean center : new boolean[] {false, true}) {
            Ensemble e = Stats.sample(m0, p0, n, rnd);
            new EnkfPo(n, 1.0, false, center, Double.POSITIVE_INFINITY, new RandomStreams(2), Parallel.sequential()).assimilate(e, obs);
            double[] m = Stats.mean(e), p = Stats.covariance(e);
            double tr = 0;
            for (int k = 0; k < d; k++) tr += kf.covariance()[k * d + k];
            double err = 0;
            for (int k = 0; k < d; k++) err += (m[k] - kf.mean()[k]) * (m[k] - kf.mean()[k]);
            assertTrue(Math.sqrt(err) <= 4 * Math.sqrt(tr / n), "mean error " + Math.sqrt(err));
            double rel = Stats.frobeniusDiff(p, kf.covariance()) / Stats.frobenius(kf.covariance());
            assertTrue(rel <= 0.05, "covariance relative error " + rel);
        }
    }

    /** Localization with an infinite radius takes the dense path and must equal the Woodbury path. */
    @Test
    void localizedPathWithInfiniteRadiusEqualsEnsembleSpacePath() {
        Random rnd = new Random(32);
        int d = 12, n = 5;
        Ensemble e = EtkfTest.randomEnsemble(n, d, rnd, 1);
        ObservationOperator h = TestOperators.identity(d);
        assertTrue(EnkfPo.ensembleSpaceIsCheaper(n, d, d));
        assertFalse(EnkfPo.ensembleSpaceIsCheaper(10_000, 4, 2));
        Observation obs = EtkfTest.observe(h, new double[d], 0.6, rnd);
        Ensemble a = e.copy(), b = e.copy();
        new EnkfPo(n, 1.1, false, false, Double.POSITIVE_INFINITY, new RandomStreams(4), Parallel.sequential()).assimilate(a, obs);
        EnkfPo loc = new EnkfPo(n, 1.1, false, false, 1e300, new RandomStreams(4), Parallel.sequential());
        loc.assimilate(b, obs);
        assertTrue(Stats.maxAbsDiff(a.data(), b.data()) < 1e-11, "diff " + Stats.maxAbsDiff(a.data(), b.data()));
    }

    @Test
    void localizationLeavesDistantComponentsUnchanged() {
        Random rnd = new Random(33);
        int d = 40, n = 10;
        Ensemble e = EtkfTest.randomEnsemble(n, d, rnd, 1);
        ObservationOperator h = TestOperators.select(d, 5);
        Observation obs = Observation.withSigma(new double[] {2}, h, 0.5);
        Ensemble a = e.copy();
        new EnkfPo(n, 1.0, false, false, 2, new RandomStreams(4), Parallel.sequential()).assimilate(a, obs);
        for (int k = 0; k < d; k++) {
            boolean within = org.enflow.filter.common.GaspariCohn.periodicDistance(k, 5, d) < 2 * 1.82 * 2;
            if (!within) for (int i = 0; i < n; i++) assertEquals(e.get(i, k), a.get(i, k), 0.0);
        }
        assertNotEquals(e.get(0, 5), a.get(0, 5));
    }

    @Test
    void centredPerturbationsKeepTheMeanUpdateDeterministic() {
        // With centred perturbations the analysis mean equals the deterministic Kalman-gain update of the mean.
        Random rnd = new Random(34);
        int d = 5, n = 7;
        Ensemble e = EtkfTest.randomEnsemble(n, d, rnd, 1);
        ObservationOperator h = TestOperators.identity(d);
        Observation obs = EtkfTest.observe(h, new double[d], 1, rnd);
        KalmanFilter kf = new KalmanFilter(d, null, null);
        kf.setState(Stats.mean(e), Stats.covariance(e));
        kf.analyze(obs);
        new EnkfPo(n, 1.0, false, true, Double.POSITIVE_INFINITY, new RandomStreams(5), Parallel.sequential()).assimilate(e, obs);
        assertArrayEquals(kf.mean(), Stats.mean(e), 1e-12);
    }

    @Test
    void deterministicAcrossThreadCounts() {
        // Cases: the plain path; p > 2·2048 columns with N ≤ 32 (the products split by columns); N = 40 (by rows);
        // N = 200 (the Cholesky factor and the solves shared out by columns); N = 1000 with p = 400 (the gain
        // form: the p×p factor by rows, its solves by columns, the members' updates by members); N = 2000 with d = 40
        // (the column statistics over member blocks, as at N = 1000).
        int[][] cases = {{20, 3000, 2}, {20, 12000, 1}, {40, 3000, 1}, {200, 400, 1}, {1000, 800, 2}, {2000, 40, 1}};
        for (int[] c : cases) {
            int n = c[0], d = c[1];
            Random rnd = new Random(35);
            Ensemble e = EtkfTest.randomEnsemble(n, d, rnd, 1);
            Observation obs = EtkfTest.observe(TestOperators.every(d, c[2], 0), new double[d], 1, rnd);
            assertEquals(n >= 1000, !EnkfPo.ensembleSpaceIsCheaper(n, d, d / c[2]), "N=" + n + ": which form");
            Ensemble a = e.copy(), b = e.copy();
            try (Parallel two = new Parallel(2)) {
                new EnkfPo(n, 1.05, true, false, Double.POSITIVE_INFINITY, new RandomStreams(6), Parallel.sequential()).assimilate(a, obs);
                new EnkfPo(n, 1.05, true, false, Double.POSITIVE_INFINITY, new RandomStreams(6), two).assimilate(b, obs);
            }
            assertArrayEquals(a.data(), b.data(), "N=" + n + " d=" + d);
        }
    }
}
