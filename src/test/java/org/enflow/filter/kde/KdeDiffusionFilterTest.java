package org.enflow.filter.kde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterSettings;
import org.enflow.filter.Filters;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;
import org.enflow.observe.Operators;
import org.junit.jupiter.api.Test;

/** The filter as a whole: determinism across thread counts, argument validation, the factory, the SDE sampler. */
class KdeDiffusionFilterTest {
    private static Ensemble l96Like(int n, int d, long seed) {
        double[] x = KdeTesting.normals(seed, n * d);
        for (int i = 0; i < x.length; i++) x[i] = 2.5 + 3 * x[i];
        return Ensemble.wrap(n, d, x);
    }

    private static Observation halfObserved(int d, long seed) {
        ObservationOperator h = Operators.every(d, 2, 1);
        double[] y = KdeTesting.normals(seed, h.outputDim());
        for (int l = 0; l < y.length; l++) y[l] = 2.5 + 3 * y[l];
        return Observation.withSigma(y, h, Math.sqrt(0.5));
    }

    private static double[] run(KdeConfig cfg, int n, int d, int threads) {
        Ensemble e = l96Like(n, d, 3);
        try (Parallel p = new Parallel(threads)) {
            KdeDiffusionFilter f = new KdeDiffusionFilter(cfg, n, new RandomStreams(77), p);
            f.assimilate(e, halfObserved(d, 4));
            f.assimilate(e, halfObserved(d, 5)); // a second cycle continues the member streams
        }
        return e.data();
    }

    @Test
    void oneAndTwoThreadsGiveBitIdenticalAnalyses() {
        // N = 300 queries: several 64-row blocks of the fused kernel, split differently by 1 and 2 threads.
        for (int d : new int[] {3, 40}) {
            KdeConfig ode = KdeConfig.defaults();
            assertArrayEquals(run(ode, 300, d, 1), run(ode, 300, d, 2), "ode d=" + d);
        }
        KdeConfig sde = KdeConfig.defaults().withBandwidths(0.3, Double.NaN, 30).withSde(50, 1.0);
        assertArrayEquals(run(sde, 300, 40, 1), run(sde, 300, 40, 2), "sde");
    }

    /**
     * At d = 5000, N = 20 the filter forms the mean and the coordinate spreads over several column blocks, in
     * parallel: the bandwidths are the serial rule's bits. s̄ = 0.3 puts Silverman's σ_x below its cap and
     * s̄ = 10 puts σ_max above its floor, so both depend on every spread.
     */
    @Test
    void columnBlockedSpreadsGiveTheSerialBandwidthsBitForBit() {
        int n = 20, d = 5000;
        for (double scale : new double[] {0.3, 10}) {
            double[] x = KdeTesting.normals(12, n * d);
            for (int i = 0; i < x.length; i++) x[i] = 2.5 + scale * x[i];
            for (int threads : new int[] {1, 2}) {
                Ensemble e = Ensemble.wrap(n, d, x.clone());
                try (Parallel p = new Parallel(threads)) {
                    KdeDiffusionFilter f = new KdeDiffusionFilter(KdeConfig.defaults(), n, new RandomStreams(3), p);
                    f.assimilate(e, halfObserved(d, 13));
                    String what = "scale " + scale + ", threads " + threads;
                    assertEquals(KdeBandwidth.silverman(x, n, d), f.lastSigmaX(), 0, what);
                    assertEquals(KdeBandwidth.sigmaMax(x, n, d), f.lastSigmaMax(), 0, what);
                    if (scale < 1) assertTrue(f.lastSigmaX() < KdeBandwidth.SILVERMAN_CAP, what);
                    else assertTrue(f.lastSigmaMax() > KdeBandwidth.SIGMA_MAX_FLOOR, what);
                }
            }
        }
    }

    @Test
    void automaticBandwidthsFollowTheSpecRules() {
        int n = 500, d = 40;
        Ensemble e = l96Like(n, d, 8);
        double[] x = e.data().clone();
        KdeDiffusionFilter f = new KdeDiffusionFilter(KdeConfig.defaults(), n, new RandomStreams(1), Parallel.sequential());
        f.assimilate(e, halfObserved(d, 9));
        // Silverman: (4/42)^(1/44)·s̄·500^(−1/44) with s̄ ≈ 3 → about 2.5, so the cap 0.5 applies.
        assertEquals(0.5, f.lastSigmaX(), 0);
        assertEquals(KdeBandwidth.silverman(x, n, d), f.lastSigmaX(), 0);
        // σ_max = max(50, 10·spread), spread ≈ 3.
        assertEquals(Math.max(50, 10 * 3), f.lastSigmaMax(), 2.0);
        // Silverman below the cap: N = 1000 points of std 0.1 in d = 1: (4/3)^(1/5)·0.1·1000^(−1/5) ≈ 0.0266.
        double[] small = KdeTesting.normals(3, 1000);
        for (int i = 0; i < small.length; i++) small[i] *= 0.1;
        double sbar = Math.sqrt(KdeTesting.variance(small, 1000) * 1000 / 999);
        assertEquals(Math.pow(4.0 / 3, 0.2) * sbar * Math.pow(1000, -0.2), KdeBandwidth.silverman(small, 1000, 1), 1e-15);
        assertEquals(50, KdeBandwidth.sigmaMax(small, 1000, 1), 0);
        double[] wide = small.clone();
        for (int i = 0; i < wide.length; i++) wide[i] *= 100;
        assertEquals(10 * sbar * 100, KdeBandwidth.sigmaMax(wide, 1000, 1), 1e-9);
    }

    @Test
    void analysisIsFiniteAndMovesTowardTheObservation() {
        // The observed components end up closer to y* than the forecast mean was (information enters).
        int n = 400, d = 40;
        Ensemble e = l96Like(n, d, 12);
        Observation obs = halfObserved(d, 13);
        double before = 0, after = 0;
        double[] fm = new double[d];
        for (int i = 0; i < n; i++) for (int c = 0; c < d; c++) fm[c] += e.data()[i * d + c] / n;
        KdeDiffusionFilter f = new KdeDiffusionFilter(KdeConfig.defaults().withBandwidths(0.3, 1.0, Double.NaN), n,
                new RandomStreams(2), new Parallel(2));
        f.assimilate(e, obs);
        double[] am = new double[d];
        for (int i = 0; i < n; i++) for (int c = 0; c < d; c++) am[c] += e.data()[i * d + c] / n;
        for (int l = 0; l < obs.dim(); l++) {
            int c = 2 * l + 1;
            before += (fm[c] - obs.values()[l]) * (fm[c] - obs.values()[l]);
            after += (am[c] - obs.values()[l]) * (am[c] - obs.values()[l]);
        }
        assertTrue(after < before, "squared innovation " + after + " vs forecast " + before);
        assertTrue(f.lastFieldEvaluations() > 2 && f.lastAcceptedSteps() > 0);
        assertTrue(f.describe().contains("pf-ode t-form dopri5"), f.describe());
    }

    @Test
    void sdeWithoutNoiseIsTheEulerProbabilityFlow() {
        // One member: u' = (σ̄′/σ̄)u has the solution u ∝ σ̄(t), linear in t, which Euler steps reproduce exactly
        // (u_{k+1} = u_k(1 − Δt σ̄′/σ̄_k) = u_k σ̄_{k+1}/σ̄_k): the output is x₁ + σ_x z up to round-off.
        double sx = 0.5, smax = 10;
        Ensemble e = Ensemble.wrap(1, 2, new double[] {1, -1});
        KdeConfig cfg = KdeConfig.defaults().withBandwidths(sx, 1, smax).withNoiseless(true).withSde(200, 0.0);
        KdeDiffusionFilter f = new KdeDiffusionFilter(cfg, 1, new RandomStreams(6), Parallel.sequential());
        f.assimilate(e, Observation.withSigma(new double[] {0}, Operators.component(2, 0), 1));
        assertEquals(199, f.lastFieldEvaluations());
        double[] z = new double[2];
        new org.enflow.kernel.Gaussian(new RandomStreams(6).streams(RandomStreams.Purpose.FILTER, 1)[0]).fill(z, 0, 2);
        assertEquals(1 + sx * z[0], e.data()[0], 1e-12);
        assertEquals(-1 + sx * z[1], e.data()[1], 1e-12);

        // Two members: the Euler flow converges to the DOPRI5 flow at first order (10× the points, ~10× less error).
        double[] centres = {-1, 1}, l = {0, -0.5};
        KdeSchedule sch = new KdeSchedule(0.3, smax);
        double[] start = KdeTesting.normals(50, 16);
        for (int i = 0; i < start.length; i++) start[i] *= smax;
        double[] ref = start.clone();
        new KdePosteriorSampler(Parallel.sequential(), 1e-11, 1e-11).sampleOde(centres, 2, 1, l, sch, FlowForm.TIME, ref, 16);
        double[] err = new double[2];
        int[] points = {300, 3000};
        for (int k = 0; k < 2; k++) {
            double[] u = start.clone();
            new KdePosteriorSampler(Parallel.sequential(), 1e-5, 1e-5).sampleSde(centres, 2, 1, l, sch, points[k], 0.0,
                    new org.enflow.kernel.Gaussian[0], u, 16);
            for (int i = 0; i < 16; i++) err[k] = Math.max(err[k], Math.abs(u[i] - ref[i]));
        }
        assertTrue(err[1] < err[0] / 5 && err[1] < 0.05, "Euler errors " + err[0] + ", " + err[1]);
    }

    @Test
    void reverseSdeSamplesTheKernelWidthForOneMember() {
        // a = 1 with one member: the reverse SDE's marginal at t = 0 is N(x₁, σ_x²). Many particles via the
        // sampler: variance within 4 sd (σ_x²√(2/m)) plus an O(Δt) Euler–Maruyama bias (≤ 5% at 2000 points).
        int m = 4000;
        double sx = 0.5, smax = 10;
        double[] u = KdeTesting.normals(40, m);
        for (int i = 0; i < m; i++) u[i] *= smax;
        org.enflow.kernel.Gaussian[] g = new org.enflow.kernel.Gaussian[m];
        var rngs = new RandomStreams(41).streams(RandomStreams.Purpose.FILTER, m);
        for (int i = 0; i < m; i++) g[i] = new org.enflow.kernel.Gaussian(rngs[i]);
        KdePosteriorSampler s = new KdePosteriorSampler(Parallel.sequential(), 1e-5, 1e-5);
        s.sampleSde(new double[] {0}, 1, 1, new double[] {0}, new KdeSchedule(sx, smax), 2000, 1.0, g, u, m);
        double var = KdeTesting.variance(u, m), mean = KdeTesting.mean(u, m);
        assertEquals(0, mean, 4 * sx / Math.sqrt(m));
        assertEquals(sx * sx, var, 4 * sx * sx * Math.sqrt(2.0 / m) + 0.05 * sx * sx);
    }

    @Test
    void rejectsBadInput() {
        KdeDiffusionFilter f = new KdeDiffusionFilter(KdeConfig.defaults(), 10, new RandomStreams(1), Parallel.sequential());
        assertThrows(IllegalArgumentException.class, () -> f.assimilate(l96Like(9, 4, 1), halfObserved(4, 1)));
        assertThrows(IllegalArgumentException.class, () -> f.assimilate(l96Like(10, 6, 1), halfObserved(4, 1)));
        Ensemble bad = l96Like(10, 4, 1);
        bad.data()[7] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> f.assimilate(bad, halfObserved(4, 1)));
        assertThrows(IllegalArgumentException.class, () -> f.assimilate(null, halfObserved(4, 1)));
        // Automatic σ_x needs N ≥ 2; an explicit σ_x ≥ the automatic σ_max = 50 is refused at the analysis.
        KdeDiffusionFilter one = new KdeDiffusionFilter(KdeConfig.defaults(), 1, new RandomStreams(1), Parallel.sequential());
        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class, () -> one.assimilate(l96Like(1, 4, 1), halfObserved(4, 1)));
        assertTrue(e1.getMessage().contains("sigma_x"), e1.getMessage());
        KdeDiffusionFilter big = new KdeDiffusionFilter(KdeConfig.defaults().withBandwidths(60, Double.NaN, Double.NaN), 10,
                new RandomStreams(1), Parallel.sequential());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> big.assimilate(l96Like(10, 4, 1), halfObserved(4, 1)));
        assertTrue(e2.getMessage().contains("sigma_max"), e2.getMessage());
        // Collapsed ensemble with automatic σ_x.
        KdeDiffusionFilter auto = new KdeDiffusionFilter(KdeConfig.defaults(), 3, new RandomStreams(1), Parallel.sequential());
        assertThrows(IllegalStateException.class, () -> auto.assimilate(Ensemble.wrap(3, 2, new double[6]),
                Observation.withSigma(new double[] {0}, Operators.component(2, 0), 1)));
        // Config validation.
        assertThrows(IllegalArgumentException.class, () -> KdeConfig.defaults().withBandwidths(-1, 1, 50));
        assertThrows(IllegalArgumentException.class, () -> KdeConfig.defaults().withBandwidths(1, 0, 50));
        assertThrows(IllegalArgumentException.class, () -> KdeConfig.defaults().withBandwidths(1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> KdeConfig.defaults().withTolerances(0, 1e-5));
        assertThrows(IllegalArgumentException.class, () -> KdeConfig.defaults().withTolerances(1e-5, -1));
        assertThrows(IllegalArgumentException.class, () -> KdeConfig.defaults().withSde(1, 1));
        assertThrows(IllegalArgumentException.class, () -> KdeConfig.defaults().withSde(10, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new KdeDiffusionFilter(KdeConfig.defaults(), 0, new RandomStreams(1), Parallel.sequential()));
        assertThrows(IllegalArgumentException.class, () -> new KdeDiffusionFilter(null, 3, new RandomStreams(1), Parallel.sequential()));
    }

    private static KdeConfig parse(Map<String, String> given) {
        KdeFactory k = new KdeFactory();
        return KdeFactory.config(new FilterSettings("kde", k.parameters(), given));
    }

    @Test
    void factoryParsesAndChecksSettings() {
        assertEquals("kde", Filters.byName("kde").name());
        KdeConfig d = parse(Map.of());
        assertTrue(Double.isNaN(d.sigmaX()) && Double.isNaN(d.sigmaY()) && Double.isNaN(d.sigmaMax()));
        assertEquals(1e-5, d.rtol());
        assertEquals(1e-5, d.atol());
        assertFalse(d.noiseless());
        assertEquals(KdeSampler.ODE, d.sampler());
        assertEquals(FlowForm.TIME, d.form());
        KdeConfig c = parse(Map.of("sigma_x", "0.4", "sigma_y", "2", "sigma_max", "50", "noiseless", "true", "form", "sigma",
                "sampler", "sde", "sde_points", "100", "sde_a", "0"));
        assertEquals(0.4, c.sigmaX());
        assertEquals(2, c.sigmaY());
        assertEquals(50, c.sigmaMax());
        assertTrue(c.noiseless());
        assertEquals(FlowForm.SIGMA, c.form());
        assertEquals(KdeSampler.SDE, c.sampler());
        assertEquals(100, c.sdePoints());
        assertEquals(0, c.sdeA());
        for (Map<String, String> bad : java.util.List.of(Map.of("sigma_x", "-1"), Map.of("sigma_y", "zero"), Map.of("sigma_max", "0"),
                Map.of("sigma_x", "5", "sigma_max", "4"), Map.of("sampler", "ddim"), Map.of("form", "x"), Map.of("sde_points", "1"),
                Map.of("sde_a", "2"), Map.of("rtol", "0"), Map.of("atol", "-1"), Map.of("noiseless", "maybe"), Map.of("bandwidth", "1"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(bad), bad.toString());
            assertTrue(e.getMessage().startsWith("--set "), e.getMessage());
        }
        var filter = new KdeFactory().create(new FilterContext(null, 5, new RandomStreams(1), Parallel.sequential()),
                new FilterSettings("kde", new KdeFactory().parameters(), Map.of("sigma_x", "0.4")));
        assertTrue(filter.describe().contains("sigma_x=0.4"), filter.describe());
    }
}
