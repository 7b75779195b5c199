package org.enflow.filter.flowdas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.NoisyModel;

/** Test helper: unguided FlowDAS transition samples from one x₀ compared with the generator's exact law. */
final class TransitionSamples {
    private TransitionSamples() {}

    /** {@code paths} endpoints X₁ (raw coordinates, row-major) of unguided sweeps from {@code x0} (raw). */
    static double[] sample(TransitionDrift drift, FlowDasConfig config, double[] x0, int paths, long seed) {
        int d = drift.dim();
        double[] u0 = new double[d], cond = new double[drift.conditionWidth()], out = new double[d];
        drift.normalization().toUnits(x0, 0, u0, 0);
        drift.condition(u0, 1, cond, Parallel.sequential());
        GuidedTransition t = new GuidedTransition(config.withGuidance(GuidanceMode.NONE), drift);
        Gaussian g = new Gaussian(new RandomStreams(seed).stream(RandomStreams.Purpose.FILTER));
        double[] x = new double[paths * d];
        for (int i = 0; i < paths; i++) {
            t.run(null, cond, 0, u0, 0, out, 0, g);
            drift.normalization().fromUnits(out, 0, x, i * d);
        }
        return x;
    }

    /**
     * The exact variance of the Euler–Maruyama endpoint for the closed-form drift of N(m, c²) (normalized
     * units): the sweep is linear in X, X_{k+1} = X_k + (a_k + κ_b(s_k)X_k)Δs + σ(s_k)√Δs ξ, so
     * Var_{k+1} = (1 + κ_bΔs)²Var_k + σ²Δs from Var_0 = 0. This separates the grid's bias (a few percent
     * for c ≪ √Δs: the variance is created in the last (c/ε)² of s, less than one step) from Monte Carlo error.
     */
    static double discreteStd(double c, double epsilon, int gridPoints) {
        StochasticInterpolant ip = new StochasticInterpolant(epsilon);
        int steps = gridPoints - 1;
        double h = 1.0 / steps, var = 0;
        for (int k = 0; k < steps; k++) {
            double s = k * h, g = 1 + ip.kappaDrift(StochasticInterpolant.clamp(s), c) * h, sigma = ip.sigma(s);
            var = g * g * var + sigma * sigma * h;
        }
        return Math.sqrt(var);
    }

    /** Φ(z), Zelen &amp; Severo (A&amp;S 26.2.17): |error| &lt; 7.5e-8, ample for a KS distance. */
    static double normalCdf(double z) {
        double t = 1 / (1 + 0.2316419 * Math.abs(z));
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        double tail = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * poly;
        return z >= 0 ? 1 - tail : tail;
    }

    /** The one-sample Kolmogorov–Smirnov distance of {@code v} to N(mean, sd²). */
    static double ksDistance(double[] v, double mean, double sd) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        double dmax = 0;
        for (int i = 0; i < n; i++) {
            double f = normalCdf((s[i] - mean) / sd);
            dmax = Math.max(dmax, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        return dmax;
    }

    /**
     * Per coordinate c: the samples' mean within 5 standard errors of the generator's m_c(x₀); the std within
     * 5 standard errors (sd/√(2n)) of {@code expectedStd[c]} (the discrete sweep's exact std for the closed
     * form, q for the generator); and the KS distance to N(m_c, expectedStd_c²) below the α = 0.001 critical
     * value 1.95/√n.
     */
    static void assertMatches(double[] x, int d, NoisyModel model, double[] x0, double[] expectedStd, String what) {
        double[] m = x0.clone();
        model.inner().advance(Ensemble.wrap(1, d, m), 0, 1);
        int n = x.length / d;
        for (int c = 0; c < d; c++) {
            double[] v = new double[n];
            double mean = 0;
            for (int i = 0; i < n; i++) mean += (v[i] = x[i * d + c]) / n;
            double var = 0;
            for (double e : v) var += (e - mean) * (e - mean) / (n - 1);
            double sd = Math.sqrt(var), want = expectedStd[c];
            assertEquals(m[c], mean, 5 * want / Math.sqrt(n), what + ": mean of coordinate " + c);
            assertEquals(want, sd, 5 * want / Math.sqrt(2.0 * n), what + ": std of coordinate " + c);
            double ks = ksDistance(v, m[c], want), critical = 1.95 / Math.sqrt(n);
            assertTrue(ks < critical, what + ": KS distance " + ks + " >= " + critical + " for coordinate " + c);
        }
    }
}
