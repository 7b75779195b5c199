package org.enflow.filter.kde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Vectorization;
import org.enflow.observe.Observation;
import org.enflow.observe.Operators;
import org.junit.jupiter.api.Test;

/**
 * kde_diffusion.md test oracle 6, linear-Gaussian consistency in 1-D: prior N(0, 1), h = x, R = 0.25,
 * y* = 1, N = 4000, σ_x = 0.05. The filter's target Σ ŵ_i N(x_i, σ_x²) is the Kalman posterior with
 * likelihood variance R (noiseless y_i, σ_y = √R: ŵ ∝ N(y*; x_i, σ_y²)) or R + σ_y² (noisy y_i), plus σ_x².
 *
 * <p>The full-size filter runs (N = 4000 members and particles, ~170 right-hand sides of 1.6·10⁷ pairs) take
 * seconds on the vector kernel but minutes on the scalar twin, so they run in the vector pass only; the
 * scalar pass checks the same targets with the 4000 members but 800 particles through the sampler (the
 * denoiser's scalar path is checked against the definition in {@link KdeDenoiserTest}).
 */
class KdeLinearGaussianTest {
    static final int N = 4000;
    static final double R = 0.25, SIGMA_X = 0.05;

    private static double[] analyse(KdeConfig cfg, long seed, double[] prior, KdeDiffusionFilter[] filterOut) {
        Ensemble e = Ensemble.wrap(N, 1, prior.clone());
        KdeDiffusionFilter f = new KdeDiffusionFilter(cfg, N, new RandomStreams(seed), new Parallel(2));
        f.assimilate(e, Observation.withSigma(new double[] {1.0}, Operators.identity(1), Math.sqrt(R)));
        filterOut[0] = f;
        return e.data();
    }

    /** Mean and variance of Σ ŵ_i N(x_i, σ_x²). */
    private static double[] target(double[] x, double[] logWeights) {
        double[] w = KdeTesting.softmax(logWeights, N);
        double m = 0, v = 0;
        for (int i = 0; i < N; i++) m += w[i] * x[i];
        for (int i = 0; i < N; i++) v += w[i] * ((x[i] - m) * (x[i] - m) + SIGMA_X * SIGMA_X);
        return new double[] {m, v};
    }

    @Test
    void noiselessWithSigmaYEqualToTheNoiseStdGivesTheKalmanPosterior() {
        assumeTrue(Vectorization.enabled(), "full-size run on the vector kernel only (see the class comment)");
        double[] prior = KdeTesting.normals(21, N);
        KdeDiffusionFilter[] f = new KdeDiffusionFilter[1];
        double[] out = analyse(KdeConfig.defaults().withBandwidths(SIGMA_X, Math.sqrt(R), Double.NaN).withNoiseless(true), 22, prior, f);
        double mean = KdeTesting.mean(out, N), var = KdeTesting.variance(out, N);
        double[] t = target(prior, f[0].lastLogWeights());
        System.out.printf("oracle 6 noiseless: ESS %.0f, target mean %.4f var %.4f, output mean %.4f var %.4f, %d steps %d evals%n",
                f[0].lastEffectiveSampleSize(), t[0], t[1], mean, var, f[0].lastAcceptedSteps(), f[0].lastFieldEvaluations());
        // ESS/N = E[w]²/E[w²] = 0.4206 for Gaussian weights on a N(0, 1) prior (ESS ≈ 1682); a few % MC error.
        assertEquals(1682, f[0].lastEffectiveSampleSize(), 0.1 * 1682);
        // Particle Monte Carlo error of N outputs: sd(mean) = √(v/N) = 0.0071, sd(var) ≈ v√(2/N) = 0.0045; 4 sd.
        double sdMean = Math.sqrt(0.2025 / N), sdVar = 0.2025 * Math.sqrt(2.0 / N);
        // Against the exact target of this sample, plus the O(spread/σ_max) start approximation (0.01).
        assertEquals(t[0], mean, 4 * sdMean + 0.01);
        assertEquals(t[1], var, 4 * sdVar + 0.005);
        // Against the Kalman posterior: the spec's target tolerances (0.01, 0.005) widened by the particle error.
        assertEquals(0.8, mean, 0.01 + 4 * sdMean);
        assertEquals(0.2 + SIGMA_X * SIGMA_X, var, 0.005 + 4 * sdVar);
    }

    @Test
    void noisySimulatedMeasurementsTemperTheLikelihoodByRPlusSigmaYSquared() {
        assumeTrue(Vectorization.enabled(), "full-size run on the vector kernel only (see the class comment)");
        double sy = 0.05;
        double rEff = R + sy * sy;
        double kalmanMean = 1.0 / (1 + rEff), kalmanVar = rEff / (1 + rEff) + SIGMA_X * SIGMA_X; // 0.798, 0.2016 + σ_x²
        double[] prior = KdeTesting.normals(31, N);
        KdeDiffusionFilter[] f = new KdeDiffusionFilter[1];
        double[] out = analyse(KdeConfig.defaults().withBandwidths(SIGMA_X, sy, Double.NaN), 32, prior, f);
        double mean = KdeTesting.mean(out, N), var = KdeTesting.variance(out, N);
        double[] t = target(prior, f[0].lastLogWeights());
        System.out.printf("oracle 6 noisy: ESS %.0f, target mean %.4f var %.4f, output mean %.4f var %.4f, %d steps %d evals%n",
                f[0].lastEffectiveSampleSize(), t[0], t[1], mean, var, f[0].lastAcceptedSteps(), f[0].lastFieldEvaluations());
        // ESS ≈ 170 (spec); the weights now carry the noise of y_i, so allow a factor ~1.5 either way.
        assertTrue(f[0].lastEffectiveSampleSize() > 110 && f[0].lastEffectiveSampleSize() < 260, "ESS " + f[0].lastEffectiveSampleSize());
        double sdMean = Math.sqrt(kalmanVar / N), sdVar = kalmanVar * Math.sqrt(2.0 / N);
        assertEquals(t[0], mean, 4 * sdMean + 0.01);
        assertEquals(t[1], var, 4 * sdVar + 0.005);
        // The spec's ±0.1 / ±0.06 (ESS ≈ 170 Monte Carlo error of the target) widened by the particle error.
        assertEquals(kalmanMean, mean, 0.1 + 4 * sdMean);
        assertEquals(kalmanVar, var, 0.06 + 4 * sdVar);
    }

    @Test
    void fewerParticlesThroughTheSamplerMeetTheSameTargets() {
        int m = 800;
        double[] prior = KdeTesting.normals(41, N);
        double xbar = KdeTesting.mean(prior, N);
        double[] centres = new double[N];
        for (int i = 0; i < N; i++) centres[i] = prior[i] - xbar;
        double[] eta = KdeTesting.normals(42, N);
        for (boolean noisy : new boolean[] {false, true}) {
            // ℓ_i as the filter forms it: y_i = x_i (+ √R η_i), ℓ_i = −(y* − y_i)²/(2σ_y²).
            double sy = noisy ? 0.05 : Math.sqrt(R), rEff = noisy ? R + sy * sy : R;
            double[] l = new double[N];
            for (int i = 0; i < N; i++) {
                double y = prior[i] + (noisy ? Math.sqrt(R) * eta[i] : 0);
                l[i] = -(1 - y) * (1 - y) / (2 * sy * sy);
            }
            double[] u = KdeTesting.normals(43, m);
            for (int q = 0; q < m; q++) u[q] *= 50;
            new KdePosteriorSampler(new Parallel(2), 1e-5, 1e-5).sampleOde(centres, N, 1, l, new KdeSchedule(SIGMA_X, 50),
                    FlowForm.TIME, u, m);
            for (int q = 0; q < m; q++) u[q] += xbar;
            double mean = KdeTesting.mean(u, m), var = KdeTesting.variance(u, m);
            double[] t = target(prior, l);
            double kalmanMean = 1.0 / (1 + rEff), kalmanVar = rEff / (1 + rEff) + SIGMA_X * SIGMA_X;
            double sdMean = Math.sqrt(kalmanVar / m), sdVar = kalmanVar * Math.sqrt(2.0 / m);
            String where = (noisy ? "noisy" : "noiseless") + ": mean " + mean + " var " + var + ", target " + t[0] + " " + t[1];
            assertEquals(t[0], mean, 4 * sdMean + 0.01, where);
            assertEquals(t[1], var, 4 * sdVar + 0.005, where);
            assertEquals(kalmanMean, mean, (noisy ? 0.1 : 0.01) + 4 * sdMean, where);
            assertEquals(kalmanVar, var, (noisy ? 0.06 : 0.005) + 4 * sdVar, where);
        }
    }
}
