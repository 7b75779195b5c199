package org.enflow.filter.classical;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.common.Resampler;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.observe.Observation;
import org.junit.jupiter.api.Test;

class BootstrapParticleFilterTest {
    static Ensemble standardNormal(int n, Random rnd) {
        Ensemble e = new Ensemble(n, 1);
        for (int i = 0; i < n; i++) e.set(i, 0, rnd.nextGaussian());
        return e;
    }

    static double weightedMean(Ensemble e, double[] w) {
        double m = 0;
        for (int i = 0; i < e.members(); i++) m += (w == null ? 1.0 / e.members() : w[i]) * e.get(i, 0);
        return m;
    }

    static double weightedVar(Ensemble e, double[] w) {
        double m = weightedMean(e, w), v = 0;
        for (int i = 0; i < e.members(); i++) v += (w == null ? 1.0 / e.members() : w[i]) * Math.pow(e.get(i, 0) - m, 2);
        return v;
    }

    /** Oracle 4: prior N(0,1), R = 0.25, y = 1, N = 10⁵: posterior mean 0.8 ± 0.01, variance 0.2 ± 0.01. */
    @Test
    void oneStepPosteriorMoments() {
        int n = 100_000;
        Observation obs = new Observation(new double[] {1}, TestOperators.identity(1), new double[] {0.25});
        for (Resampler r : Resampler.values()) {
            for (double threshold : new double[] {0.0, 1.0}) {
                Ensemble e = standardNormal(n, new Random(41));
                BootstrapParticleFilter f = new BootstrapParticleFilter(n, r, threshold, 0, 1.0, new RandomStreams(3), Parallel.sequential());
                f.assimilate(e, obs);
                assertEquals(threshold == 1.0, f.resampledLast());
                // Monte Carlo error of the mean ~ sqrt(0.2/N_eff) ≈ 0.002 (N_eff ≈ 0.6 N): 0.01 is 5 standard errors.
                assertEquals(0.8, weightedMean(e, f.weights()), 0.01, r + " threshold " + threshold);
                assertEquals(0.2, weightedVar(e, f.weights()), 0.01, r + " threshold " + threshold);
            }
        }
    }

    /** Without resampling the weights carry over: two updates with y₁, y₂ equal one update with both. */
    @Test
    void weightsCarryOverAcrossCycles() {
        int n = 2000;
        Ensemble e1 = standardNormal(n, new Random(42)), e2 = e1.copy();
        var h = TestOperators.identity(1);
        BootstrapParticleFilter twice = new BootstrapParticleFilter(n, Resampler.SYSTEMATIC, 0.0, 0, 1.0, new RandomStreams(3), Parallel.sequential());
        twice.assimilate(e1, new Observation(new double[] {1}, h, new double[] {0.5}));
        twice.assimilate(e1, new Observation(new double[] {0.4}, h, new double[] {0.5}));
        // Product of the two likelihoods: Gaussian with precision 2/0.5 and mean 0.7, i.e. y = 0.7, R = 0.25.
        BootstrapParticleFilter once = new BootstrapParticleFilter(n, Resampler.SYSTEMATIC, 0.0, 0, 1.0, new RandomStreams(3), Parallel.sequential());
        once.assimilate(e2, new Observation(new double[] {0.7}, h, new double[] {0.25}));
        assertArrayEquals(once.weights(), twice.weights(), 1e-12);
        assertArrayEquals(e2.data(), e1.data(), 0.0);
    }

    @Test
    void jitterMovesOnlyDuplicatedParticlesAndUsesTheWeightedCovariance() {
        int n = 500;
        Random rnd = new Random(43);
        Ensemble e = new Ensemble(n, 2);
        for (int i = 0; i < n; i++) {
            e.set(i, 0, rnd.nextGaussian());
            e.set(i, 1, 3 * rnd.nextGaussian());
        }
        Ensemble before = e.copy();
        BootstrapParticleFilter f = new BootstrapParticleFilter(n, Resampler.SYSTEMATIC, 1.0, 0.7, 1.0, new RandomStreams(5), Parallel.sequential());
        f.assimilate(e, new Observation(new double[] {0.5, 0.5}, TestOperators.identity(2), new double[] {1, 1}));
        int unchanged = 0, moved = 0;
        java.util.Set<Double> original = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) original.add(before.get(i, 0));
        for (int i = 0; i < n; i++) {
            if (original.contains(e.get(i, 0))) unchanged++;
            else moved++;
        }
        assertTrue(unchanged > 0 && moved > 0, unchanged + " unchanged, " + moved + " moved");
        // No member is NaN, and the filter returns uniform weights after resampling.
        e.requireFinite("analysis");
        for (double w : f.weights()) assertEquals(1.0 / n, w, 0.0);
    }

    @Test
    void degenerateWeightsAreHandledWithoutNaN() {
        int n = 50;
        Ensemble e = standardNormal(n, new Random(44));
        // An observation 40 σ away: all but the nearest particle get weight exp(−huge) = 0.
        BootstrapParticleFilter f = new BootstrapParticleFilter(n, Resampler.RESIDUAL, 0.5, 0.5, 1.0, new RandomStreams(5), Parallel.sequential());
        f.assimilate(e, new Observation(new double[] {40}, TestOperators.identity(1), new double[] {1}));
        e.requireFinite("analysis");
        // Likelihood overflow: every innovation² is +∞ → reported, not NaN.
        Ensemble g = standardNormal(n, new Random(45));
        IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> new BootstrapParticleFilter(n, Resampler.SYSTEMATIC, 0.5, 0, 1.0, new RandomStreams(5), Parallel.sequential())
                        .assimilate(g, new Observation(new double[] {1e300}, TestOperators.identity(1), new double[] {1e-300})));
        assertTrue(ex.getMessage().contains("-infinity"), ex.getMessage());
    }

    @Test
    void deterministicAcrossThreadCounts() {
        // N > d (jitter through the d×d factor, large member blocks) and N = 20 at d = 20000 (jitter through
        // the N-column factor, the members cut in two blocks, ancestors copied in parallel).
        for (int[] c : new int[][] {{3000, 40}, {20, 20000}}) {
            int n = c[0], d = c[1];
            Random rnd = new Random(46);
            Ensemble e = EtkfTest.randomEnsemble(n, d, rnd, 1);
            Observation obs = EtkfTest.observe(TestOperators.identity(d), new double[d], 1, rnd);
            Ensemble a = e.copy(), b = e.copy();
            try (Parallel two = new Parallel(2)) {
                new BootstrapParticleFilter(n, Resampler.SYSTEMATIC, 1.0, 0.7, 1.0, new RandomStreams(6), Parallel.sequential()).assimilate(a, obs);
                new BootstrapParticleFilter(n, Resampler.SYSTEMATIC, 1.0, 0.7, 1.0, new RandomStreams(6), two).assimilate(b, obs);
            }
            assertArrayEquals(a.data(), b.data(), "N=" + n + " d=" + d);
        }
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class,
                () -> new BootstrapParticleFilter(1, Resampler.SYSTEMATIC, 0.5, 0, 1.0, new RandomStreams(1), Parallel.sequential()));
        assertThrows(IllegalArgumentException.class,
                () -> new BootstrapParticleFilter(10, Resampler.SYSTEMATIC, 1.5, 0, 1.0, new RandomStreams(1), Parallel.sequential()));
        assertThrows(IllegalArgumentException.class,
                () -> new BootstrapParticleFilter(10, Resampler.SYSTEMATIC, 0.5, -1, 1.0, new RandomStreams(1), Parallel.sequential()));
    }
}
