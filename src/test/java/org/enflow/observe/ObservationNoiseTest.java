package org.enflow.observe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.RandomStreams;
import org.junit.jupiter.api.Test;

/** Synthetic observations y = h(x) + ε and the Gaussian likelihood. */
class ObservationNoiseTest {
    static UniformRandomProvider obsStream(long seed) {
        return new RandomStreams(seed).stream(RandomStreams.Purpose.OBSERVATIONS);
    }

    /**
     * With n iid draws, the sample mean of ε has standard error σ/√n and the sample variance has standard
     * error ≈ σ²√(2/n) (Gaussian fourth moment). We allow 5 standard errors: a correct sampler fails with
     * probability ≈ 6e-7 per check (and never, at a fixed seed), while a wrong scale (σ instead of σ², a
     * missing √) or a biased draw is off by many standard errors at n = 2·10⁵.
     */
    @Test
    void noiseHasTheRequestedMeanAndVariance() {
        int n = 200_000;
        double sigma = 0.5;
        ObservationOperator h = Operators.arctan(n);
        double[] truth = TestOperators.gaussian(n, 1);
        Observation y = ObservationNoise.withSigma(h, sigma).observe(truth, 0, obsStream(462133975L));
        double[] hx = new double[n];
        h.apply(truth, 0, hx, 0);
        double[] eps = new double[n];
        for (int l = 0; l < n; l++) eps[l] = y.values()[l] - hx[l];
        checkMoments(eps, sigma * sigma, n, "sigma 0.5");
        assertArrayEquals(new double[] {0.25, 0.25}, java.util.Arrays.copyOf(y.variances(), 2), 0.0);

        // Diagonal R, ten different variances: the standardized noise ε_l/√R_l is N(0, 1).
        double[] var = new double[n];
        for (int l = 0; l < n; l++) var[l] = 0.01 * (1 + l % 10);
        Observation yd = new ObservationNoise(h, var).observe(truth, 0, obsStream(979497033L));
        double[] z = new double[n];
        for (int l = 0; l < n; l++) z[l] = (yd.values()[l] - hx[l]) / Math.sqrt(var[l]);
        checkMoments(z, 1.0, n, "diagonal R");
        // Per variance class (n/10 draws each) the raw variance matches its own R_l.
        for (int c = 0; c < 10; c++) {
            double s = 0;
            int m = 0;
            for (int l = c; l < n; l += 10, m++) s += Math.pow(yd.values()[l] - hx[l], 2);
            double r = 0.01 * (1 + c);
            assertEquals(r, s / m, 5 * r * Math.sqrt(2.0 / m), "variance class " + c);
        }
    }

    static void checkMoments(double[] e, double variance, int n, String what) {
        double mean = 0;
        for (double v : e) mean += v;
        mean /= n;
        double s2 = 0;
        for (double v : e) s2 += (v - mean) * (v - mean);
        s2 /= n - 1;
        assertEquals(0.0, mean, 5 * Math.sqrt(variance / n), what + " mean");
        assertEquals(variance, s2, 5 * variance * Math.sqrt(2.0 / n), what + " variance");
    }

    @Test
    void maskedNoiseIsExactlyZeroAndDropsOutOfTheLikelihood() {
        int d = 2000;
        ObservationOperator h = Operators.parse("mask:0.5>arctan", d, new RandomStreams(715319214L));
        double[] w = h.likelihoodWeights();
        double[] truth = TestOperators.gaussian(d, 2);
        Observation y = ObservationNoise.withSigma(h, 0.1).observe(truth, 0, obsStream(19704671L));
        GaussianLikelihood lik = new GaussianLikelihood(y);
        int observed = 0;
        for (int k = 0; k < d; k++) {
            if (w[k] == 0) assertEquals(0.0, y.values()[k], 0.0, "y at masked " + k);
            else observed++;
        }
        assertEquals(observed, lik.observedCount());
        // E(x) equals the sum over observed entries only, exactly: masked terms are exact zeros, and adding
        // 0.0 changes no partial sum. Changing x at masked entries does not change E at all.
        double[] x = TestOperators.gaussian(d, 3);
        double[] hx = new double[d];
        h.apply(x, 0, hx, 0);
        double e = lik.energy(hx, 0);
        double[] x2 = x.clone();
        for (int k = 0; k < d; k++) if (w[k] == 0) x2[k] = 1e6 * (k + 1);
        double[] hx2 = new double[d];
        h.apply(x2, 0, hx2, 0);
        assertEquals(e, lik.energy(hx2, 0), 0.0);
        double direct = 0;
        for (int k = 0; k < d; k++) if (w[k] == 1) direct += Math.pow(y.values()[k] - hx[k], 2) / 0.01;
        assertEquals(0.5 * direct, e, 1e-13 * e); // summation order differs (4 accumulators): rounding only
        // Even an observation with non-zero values at masked entries (e.g. real data) is ignored there.
        double[] yv = y.values().clone();
        for (int k = 0; k < d; k++) if (w[k] == 0) yv[k] = 123.0;
        GaussianLikelihood lik2 = new GaussianLikelihood(new Observation(yv, h, y.variances()));
        assertEquals(e, lik2.energy(hx, 0), 0.0);
    }

    @Test
    void everyOutputConsumesOneDrawAndTheSameSeedGivesTheSameObservation() {
        int d = 300;
        ObservationOperator h = Operators.parse("mask:0.3>tanh", d, new RandomStreams(9));
        ObservationNoise noise = ObservationNoise.withSigma(h, 0.2);
        double[] truth = TestOperators.gaussian(d, 5);
        Observation a = noise.observe(truth, 0, obsStream(1));
        Observation b = noise.observe(truth, 0, obsStream(1));
        assertArrayEquals(a.values(), b.values(), 0.0);
        Gaussian g1 = new Gaussian(obsStream(2)), g2 = new Gaussian(obsStream(2));
        noise.addTo(new double[d], 0, g1);
        for (int l = 0; l < d; l++) g2.next();
        assertEquals(g2.next(), g1.next(), 0.0); // masked outputs consume a draw too
        // The truth may sit at an offset inside an ensemble-like array.
        double[] padded = new double[d + 7];
        System.arraycopy(truth, 0, padded, 7, d);
        assertArrayEquals(a.values(), noise.observe(padded, 7, obsStream(1)).values(), 0.0);
    }

    /** ∇_x log p(y|x) = J_hᵀ [w (y − h(x))/R] against central differences of −E(h(x)) (same error budget as AdjointTest). */
    @Test
    void precisionResidualThroughTheAdjointIsTheLogLikelihoodGradient() {
        int d = 500;
        for (String spec : new String[] {"arctan", "every:2:1>arctan", "mask:0.5>power:3>tanh"}) {
            ObservationOperator h = Operators.parse(spec, d, new RandomStreams(4));
            int p = h.outputDim();
            double[] var = new double[p];
            for (int l = 0; l < p; l++) var[l] = 0.05 + 0.01 * (l % 3);
            Observation y = new ObservationNoise(h, var).observe(TestOperators.gaussian(d, 6), 0, obsStream(3));
            GaussianLikelihood lik = new GaussianLikelihood(y);
            double[] x = TestOperators.awayFromZero(d, 7), v = TestOperators.gaussian(d, 8);
            double[] hx = new double[p], res = new double[p], grad = new double[d];
            h.apply(x, 0, hx, 0);
            lik.precisionResidual(hx, 0, res, 0);
            h.adjoint(x, 0, res, 0, grad, 0);
            double eps = 1e-5;
            double[] xp = x.clone(), xm = x.clone(), hp = new double[p], hm = new double[p];
            for (int k = 0; k < d; k++) {
                xp[k] += eps * v[k];
                xm[k] -= eps * v[k];
            }
            h.apply(xp, 0, hp, 0);
            h.apply(xm, 0, hm, 0);
            double fd = -(lik.energy(hp, 0) - lik.energy(hm, 0)) / (2 * eps);
            double an = 0, scale = 0;
            for (int k = 0; k < d; k++) {
                an += v[k] * grad[k];
                scale += Math.abs(v[k] * grad[k]);
            }
            assertEquals(an, fd, 1e-6 * scale, spec);
        }
    }

    @Test
    void inputsAreValidated() {
        ObservationOperator h = Operators.arctan(3);
        assertThrows(IllegalArgumentException.class, () -> ObservationNoise.withSigma(h, 0));
        assertThrows(IllegalArgumentException.class, () -> ObservationNoise.withSigma(h, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ObservationNoise(h, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new ObservationNoise(h, new double[] {1, -1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new ObservationNoise(h, new double[] {1, Double.NaN, 1}));
        ObservationNoise noise = ObservationNoise.withSigma(h, 1);
        assertThrows(IllegalArgumentException.class, () -> noise.observe(new double[2], 0, obsStream(1)));
        assertThrows(IllegalArgumentException.class, () -> noise.observe(new double[3], 0, null));
        assertThrows(IllegalArgumentException.class, () -> noise.addTo(new double[2], 0, new Gaussian(obsStream(1))));
        GaussianLikelihood lik = new GaussianLikelihood(noise.observe(new double[3], 0, obsStream(1)));
        assertThrows(IllegalArgumentException.class, () -> lik.energy(new double[2], 0));
        assertTrue(lik.energy(new double[3], 0) > 0);
    }
}
