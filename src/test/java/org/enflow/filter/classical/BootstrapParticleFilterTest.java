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

    /**
     * Ĉ_w by member-block products or by the packed Gram kernel over Zᵀ: the same matrix up to rounding, so the
     * same resampling and, through a Cholesky factor of condition ≈ 25 (N = 600 weighted draws in d = 257), the
     * same jittered analysis to 1e-10 (values O(1)). Weights spread by a broad observation, so many members are
     * duplicated and jittered and Ĉ_w has full rank.
     */
    @Test
    void packedGramRouteGivesTheMemberBlockCovariance() {
        int n = 600, d = 257;
        Random rnd = new Random(49);
        Ensemble e = EtkfTest.randomEnsemble(n, d, rnd, 1);
        Observation obs = new Observation(new double[d], TestOperators.identity(d), filled(d, 30));
        Ensemble a = e.copy(), b = e.copy();
        try (Parallel two = new Parallel(2)) {
            new BootstrapParticleFilter(n, Resampler.SYSTEMATIC, 1.0, 0.7, 1.0, new RandomStreams(7), two, Integer.MAX_VALUE).assimilate(a, obs);
            new BootstrapParticleFilter(n, Resampler.SYSTEMATIC, 1.0, 0.7, 1.0, new RandomStreams(7), two, 1).assimilate(b, obs);
        }
        int moved = 0;
        java.util.Set<Double> original = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) original.add(e.get(i, 0));
        for (int i = 0; i < n; i++) {
            if (!original.contains(b.get(i, 0))) moved++;
            for (int k = 0; k < d; k++) assertEquals(a.get(i, k), b.get(i, k), 1e-10, "member " + i + ", component " + k);
        }
        assertTrue(moved > n / 10, moved + " of " + n + " members jittered");
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void jitterFromASingularCovarianceStaysInItsRange() {
        // Two particles near y share the weight; the 48 others sit 100 σ away (weight exp(−5000) = 0), so Ĉ_w has
        // rank 1 along x_0 − x_1 and the d×d Cholesky fails. Every member must be its ancestor plus a multiple of
        // u = x_0 − x_1, up to rounding: the computed Ĉ_w is off by O(ε‖Ĉ_w‖), which a square root turns into a
        // component across u of relative size O(√ε) ≈ 1e-8 (the pivoted factor may keep a second, tiny row).
        // The jitter's scale is h·|u|/2 < |u|, so the part of v across u, |v × u|/|u|, must stay below 1e-6·|u|.
        int n = 50, d = 3;
        Random rnd = new Random(47);
        Ensemble e = new Ensemble(n, d);
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) e.set(i, k, (i < 2 ? 0 : 100) + rnd.nextGaussian());
        double[] x0 = {e.get(0, 0), e.get(0, 1), e.get(0, 2)}, x1 = {e.get(1, 0), e.get(1, 1), e.get(1, 2)};
        double[] u = {x0[0] - x1[0], x0[1] - x1[1], x0[2] - x1[2]};
        double un = Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
        // y between the two, so both weights are of order 1/2 (not degenerate: 1 − Σw² ≈ 1/2).
        double[] y = {(x0[0] + x1[0]) / 2, (x0[1] + x1[1]) / 2, (x0[2] + x1[2]) / 2};
        BootstrapParticleFilter f = new BootstrapParticleFilter(n, Resampler.SYSTEMATIC, 1.0, 0.7, 1.0, new RandomStreams(8), Parallel.sequential());
        f.assimilate(e, new Observation(y, TestOperators.identity(d), new double[] {1, 1, 1}));
        e.requireFinite("analysis");
        int moved = 0;
        for (int i = 0; i < n; i++) {
            double[] best = null;
            double bestDist = Double.POSITIVE_INFINITY;
            for (double[] a : new double[][] {x0, x1}) {
                double s = 0;
                for (int k = 0; k < d; k++) s += (e.get(i, k) - a[k]) * (e.get(i, k) - a[k]);
                if (s < bestDist) {
                    bestDist = s;
                    best = a;
                }
            }
            double[] v = {e.get(i, 0) - best[0], e.get(i, 1) - best[1], e.get(i, 2) - best[2]};
            double vn = Math.sqrt(bestDist);
            if (vn > 0) moved++;
            // |v × u| = |v||u| sin θ: zero for a jitter along u.
            double cx = v[1] * u[2] - v[2] * u[1], cy = v[2] * u[0] - v[0] * u[2], cz = v[0] * u[1] - v[1] * u[0];
            assertEquals(0.0, Math.sqrt(cx * cx + cy * cy + cz * cz) / un, 1e-6 * un, "member " + i);
        }
        assertTrue(moved > n / 2, moved + " of " + n + " members jittered");
    }

    @Test
    void aNonFiniteUnobservedComponentIsReportedNotSpread() {
        // Component 1 is not observed, so the weights stay finite; the jitter covariance then meets the NaN.
        int n = 40, d = 2;
        Ensemble e = standardNormal(n, new Random(48));
        Ensemble wide = new Ensemble(n, d);
        for (int i = 0; i < n; i++) {
            wide.set(i, 0, e.get(i, 0));
            wide.set(i, 1, i == 3 ? Double.NaN : 1.0 + i);
        }
        BootstrapParticleFilter f = new BootstrapParticleFilter(n, Resampler.SYSTEMATIC, 1.0, 0.7, 1.0, new RandomStreams(10), Parallel.sequential());
        IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> f.assimilate(wide, new Observation(new double[] {0.2}, TestOperators.every(2, 2, 0), new double[] {1})));
        assertTrue(ex.getMessage().contains("component 1"), ex.getMessage());
    }

    @Test
    void identicalParticlesGetNoJitter() {
        // Ĉ_w = 0: rank 0, every copy equals its ancestor exactly.
        int n = 30, d = 4;
        Ensemble e = new Ensemble(n, d);
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) e.set(i, k, k + 0.5);
        Ensemble before = e.copy();
        new BootstrapParticleFilter(n, Resampler.SYSTEMATIC, 1.0, 0.7, 1.0, new RandomStreams(9), Parallel.sequential())
                .assimilate(e, new Observation(new double[] {0, 1, 2, 3}, TestOperators.identity(d), new double[] {1, 1, 1, 1}));
        assertArrayEquals(before.data(), e.data(), 0.0);
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
        // N > d (jitter through the d×d factor, large member blocks), N = 20 at d = 20000 (jitter through the
        // N-column factor, the members cut in two blocks, ancestors copied in parallel) and N = 600 at d = 300
        // (Ĉ_w by the packed Gram kernel).
        for (int[] c : new int[][] {{3000, 40}, {20, 20000}, {600, 300}}) {
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

    /**
     * For d ≥ N the resampling runs as one pass over column blocks (resampleByColumns); the member-block route computes
     * the same elements by the same fma chains, so the two must agree bit for bit: with jitter and without, with weights
     * that collapse on one member (R = 1: one ancestor, every member jittered) and spread ones (R = √d: some members
     * kept, some duplicated), d a multiple of the lanes or not, on one thread and on two.
     */
    @Test
    void columnPassIsTheMemberBlockRouteBitForBit() {
        int[][] sizes = {{20, 20000}, {20, 1001}, {7, 333}, {64, 64}, {100, 4099}, {33, 50}};
        for (int[] c : sizes) {
            int n = c[0], d = c[1];
            for (double jitter : new double[] {0.7, 0.0}) {
                for (double r : new double[] {1.0, Math.sqrt(d)}) {
                    for (Resampler scheme : new Resampler[] {Resampler.SYSTEMATIC, Resampler.MULTINOMIAL}) {
                        Random rnd = new Random(47 + d);
                        Ensemble e = EtkfTest.randomEnsemble(n, d, rnd, 1);
                        Observation obs = new Observation(new double[d], TestOperators.identity(d), filled(d, r));
                        Ensemble ref = e.copy(), one = e.copy(), two = e.copy();
                        BootstrapParticleFilter members = new BootstrapParticleFilter(n, scheme, 1.0, jitter, 1.0,
                                new RandomStreams(8), Parallel.sequential());
                        members.columnPass = false;
                        members.assimilate(ref, obs);
                        new BootstrapParticleFilter(n, scheme, 1.0, jitter, 1.0, new RandomStreams(8), Parallel.sequential())
                                .assimilate(one, obs);
                        try (Parallel pool = new Parallel(2)) {
                            new BootstrapParticleFilter(n, scheme, 1.0, jitter, 1.0, new RandomStreams(8), pool).assimilate(two, obs);
                        }
                        String what = "N=" + n + " d=" + d + " jitter=" + jitter + " R=" + r + " " + scheme;
                        assertArrayEquals(ref.data(), one.data(), what + ", one thread");
                        assertArrayEquals(ref.data(), two.data(), what + ", two threads");
                        int changed = 0;
                        for (int i = 0; i < n; i++) if (ref.get(i, 0) != e.get(i, 0)) changed++;
                        assertTrue(changed > 0, what + ": the analysis changed no member");
                    }
                }
            }
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
