package org.enflow.filter.classical;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterSettings;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.observe.Observation;
import org.junit.jupiter.api.Test;

class KalmanFilterTest {
    @Test
    void scalarPosteriorIsAnalytic() {
        // Prior N(0, 1), R = 0.25, y = 1: posterior mean 1/(1 + 0.25) = 0.8, variance 0.25/1.25 = 0.2.
        KalmanFilter kf = new KalmanFilter(1, null, null);
        kf.setState(new double[] {0}, new double[] {1});
        kf.analyze(new Observation(new double[] {1}, TestOperators.identity(1), new double[] {0.25}));
        assertEquals(0.8, kf.mean()[0], 1e-15);
        assertEquals(0.2, kf.covariance()[0], 1e-15);
    }

    @Test
    void forecastPropagatesMeanAndCovariance() {
        double[] m = {0.5, -1, 0, 2, 0.9, 0};
        int d = 3;
        double[] mat = {0.5, -1, 0, 2, 0.9, 0, 0, 0.1, -0.3};
        double[] q = {0.1, 0, 0, 0, 0.2, 0, 0, 0, 0.3};
        KalmanFilter kf = new KalmanFilter(d, mat, q);
        double[] p0 = {2, 0.5, 0, 0.5, 1, 0.1, 0, 0.1, 3};
        double[] m0 = {1, -2, 0.5};
        kf.setState(m0, p0);
        kf.forecast(2);
        // Reference by explicit products.
        double[] mm = m0.clone(), pp = p0.clone();
        for (int s = 0; s < 2; s++) {
            double[] nm = new double[d], np = new double[d * d];
            for (int i = 0; i < d; i++) for (int k = 0; k < d; k++) nm[i] += mat[i * d + k] * mm[k];
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) {
                    double v = q[i * d + j];
                    for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) v += mat[i * d + a] * pp[a * d + b] * mat[j * d + b];
                    np[i * d + j] = v;
                }
            mm = nm;
            pp = np;
        }
        assertArrayEquals(mm, kf.mean(), 1e-13);
        assertArrayEquals(pp, kf.covariance(), 1e-13);
    }

    /**
     * Test problem 6(a): a random 2-D rotation, identity observations with σ = 0.5, 50 cycles. The filter is
     * consistent: the normalized error e_tᵀP_t⁻¹e_t at the last cycle is χ²(2) (mean 2, sd 2); over 400
     * independent runs its mean is within 4 standard errors (0.4) of 2.
     */
    @Test
    void rotation2dTrackingIsConsistent() {
        Random rnd = new Random(7);
        int runs = 400, cycles = 50;
        double nees = 0;
        for (int run = 0; run < runs; run++) {
            double angle = 2 * Math.PI * rnd.nextDouble();
            double[] mat = {Math.cos(angle), -Math.sin(angle), Math.sin(angle), Math.cos(angle)};
            KalmanFilter kf = new KalmanFilter(2, mat, null);
            double[] truth = {1, 0};
            kf.setState(new double[] {truth[0] + rnd.nextGaussian(), truth[1] + rnd.nextGaussian()}, new double[] {1, 0, 0, 1});
            for (int c = 0; c < cycles; c++) {
                truth = new double[] {mat[0] * truth[0] + mat[1] * truth[1], mat[2] * truth[0] + mat[3] * truth[1]};
                kf.forecast(1);
                double[] y = {truth[0] + 0.5 * rnd.nextGaussian(), truth[1] + 0.5 * rnd.nextGaussian()};
                kf.analyze(Observation.withSigma(y, TestOperators.identity(2), 0.5));
                assertEquals(kf.covariance()[1], kf.covariance()[2], 0.0, "symmetric");
            }
            double[] p = kf.covariance();
            double e0 = kf.mean()[0] - truth[0], e1 = kf.mean()[1] - truth[1];
            double det = p[0] * p[3] - p[1] * p[2];
            nees += (p[3] * e0 * e0 - 2 * p[1] * e0 * e1 + p[0] * e1 * e1) / det / runs;
            // A rotation keeps P = p I isotropic and Q = 0: the precision grows by 1/σ² = 4 per cycle, P = I/(1 + 4t).
            assertEquals(1.0 / (1 + 4 * cycles), p[0], 1e-12);
            assertEquals(0.0, p[1], 1e-12);
        }
        assertEquals(2, nees, 0.4);
    }

    @Test
    void rejectsNonlinearOperator() {
        KalmanFilter kf = new KalmanFilter(3, null, null);
        kf.setState(new double[3], new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kf.analyze(Observation.withSigma(new double[3], TestOperators.arctan(3), 1)));
        assertTrue(e.getMessage().contains("linear observation operator"), e.getMessage());
    }

    /** The ensemble carrier: cycling the linear model reproduces the KF exactly, whatever the steps per cycle. */
    @Test
    void carrierFilterReproducesKalmanFilterWhenCycling() {
        Random rnd = new Random(8);
        int d = 6, n = 9;
        double[] mat = LinearTestModel.randomStable(d, 3, 0.95);
        LinearTestModel model = new LinearTestModel(mat, d, null);
        var factory = new KalmanEnsembleFilter.Factory();
        var filter = factory.create(new FilterContext(model, n, new RandomStreams(1), Parallel.sequential()),
                new FilterSettings("kalman", factory.parameters(), java.util.Map.of()));
        Ensemble e = Stats.sample(new double[d], identity(d), n, rnd);
        KalmanFilter kf = new KalmanFilter(d, mat, null);
        kf.setState(Stats.mean(e), Stats.covariance(e));
        var h = TestOperators.every(d, 2, 0);
        double[] truth = new double[d];
        for (int k = 0; k < d; k++) truth[k] = rnd.nextGaussian();
        for (int c = 0; c < 20; c++) {
            int steps = 1 + c % 3;
            model.advance(e, 0, steps);
            kf.forecast(steps);
            Observation obs = EtkfTest.observe(h, truth, 0.5, rnd);
            filter.assimilate(e, obs);
            kf.analyze(obs);
            assertArrayEquals(kf.mean(), Stats.mean(e), 1e-10);
            assertArrayEquals(kf.covariance(), Stats.covariance(e), 1e-10);
        }
        assertThrows(IllegalArgumentException.class, () -> new KalmanEnsembleFilter(d, d));
    }

    static double[] identity(int d) {
        double[] p = new double[d * d];
        for (int i = 0; i < d; i++) p[i * d + i] = 1;
        return p;
    }
}
