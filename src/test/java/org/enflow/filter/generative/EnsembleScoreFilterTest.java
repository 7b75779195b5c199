package org.enflow.filter.generative;

import static org.enflow.filter.generative.EnsembleFlowFilterTest.obs;
import static org.enflow.filter.generative.EnsembleFlowFilterTest.randomEnsemble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;
import org.junit.jupiter.api.Test;

/** The test oracles of ensf.md (1–6) and the filter's contracts. */
class EnsembleScoreFilterTest {
    static final long SEED = 462133975L;

    // ------------------------------------------------------------------ oracle 1: schedule

    @Test
    void diffusionMatchesFiniteDifferencesOfTheSchedule() {
        for (double[] eps : new double[][] {{0.5, 0.025}, {0.05, 0.0}, {0.9, 0.2}, {1.0, 0.275}}) {
            DiffusionSchedule s = new DiffusionSchedule(eps[0], eps[1]);
            for (double t : new double[] {0.1, 0.5, 0.93}) {
                // Richardson-extrapolated central differences, error O(h^4) + O(u/h): below 1e-9 here even where
                // alpha_t is small (eps_alpha = 0.05 at t = 0.93 makes the third derivative of f large).
                double h = 1e-4;
                double dBeta2 = richardson(s::beta2, t, h);
                double f = richardson(u -> Math.log(s.alpha(u)), t, h);
                assertEquals(f, s.drift(t), 1e-8 * Math.max(1, Math.abs(f)));
                assertEquals(dBeta2 - 2 * f * s.beta2(t), s.diffusion2(t), 1e-8 * Math.max(1, Math.abs(s.diffusion2(t))));
            }
        }
        DiffusionSchedule pure = new DiffusionSchedule(1.0, 0.1);
        for (double t : new double[] {0, 0.3, 1}) {
            assertEquals(0.0, pure.drift(t), 0.0);
            assertEquals(0.9, pure.diffusion2(t), 1e-15);
        }
    }

    private static double richardson(java.util.function.DoubleUnaryOperator g, double t, double h) {
        double d1 = (g.applyAsDouble(t + h) - g.applyAsDouble(t - h)) / (2 * h);
        double d2 = (g.applyAsDouble(t + h / 2) - g.applyAsDouble(t - h / 2)) / h;
        return (4 * d2 - d1) / 3;
    }

    // ------------------------------------------------------------------ oracle 2: N = 1

    @Test
    void mixtureEqualsPairedEqualsExactScoreForOneMember() {
        int d = 5;
        SplittableRandom rnd = new SplittableRandom(1);
        Ensemble x = randomEnsemble(rnd, 1, d, 2.0);
        double[] z0 = new double[d];
        for (int c = 0; c < d; c++) z0[c] = rnd.nextGaussian();
        // One probability-flow step from t = 1 to 0: z' = (1 + Δf)z − ½Δg²·s with s = −(z − α₁x)/β₁².
        EnsfConfig cfg = EnsfConfig.defaults(2).withSampler(ScoreSampler.ODE);
        double[] zm = z0.clone(), zp = z0.clone();
        Observation ob = obs(TestOperators.identity(d), new double[d], 1.0);
        filter(cfg, 1).sample(zm, 1, x, ob);
        filter(cfg.withPriorScore(PriorScore.PAIRED), 1).sample(zp, 1, x, ob);
        DiffusionSchedule s = new DiffusionSchedule(0.5, 0.025);
        double dt = -1, f = s.drift(1), g2 = s.diffusion2(1), a = s.alpha(1), b2 = s.beta2(1);
        for (int c = 0; c < d; c++) {
            double score = -(z0[c] - a * x.get(0, c)) / b2;
            double expected = (1 + dt * f) * z0[c] - 0.5 * dt * g2 * score;
            assertEquals(expected, zm[c], 1e-14 * 10);
            assertEquals(expected, zp[c], 1e-14 * 10);
        }
        // Over a whole EM analysis with a likelihood, the two estimators stay identical for N = 1.
        Ensemble a1 = x.copy(), a2 = x.copy();
        double[] yv = {0.3, -0.2, 1.1, 0.0, 0.5};
        filter(EnsfConfig.defaults(6), 1).assimilate(a1, obs(TestOperators.arctan(d), yv, 0.2));
        filter(EnsfConfig.defaults(6).withPriorScore(PriorScore.PAIRED), 1).assimilate(a2, obs(TestOperators.arctan(d), yv, 0.2));
        assertArrayEquals(a1.data(), a2.data());
    }

    // ------------------------------------------------------------------ oracle 3: integrators

    /**
     * Gaussian prior N(m, P) with P = 0 (one member: the estimators give exactly −(z − α_t m)/β_t²), no
     * likelihood, start N(α₁m, 1): the exact reverse process returns N(m, ε_β).
     */
    @Test
    void samplersReturnTheGaussianLawOfAPointPrior() {
        int m = 2000;
        double mean0 = 1.3, epsBeta = 0.025;
        Ensemble x = Ensemble.wrap(1, 1, new double[] {mean0});
        Observation none = obs(TestOperators.identity(1), new double[] {0}, 1e30);
        double[] start = new double[m];
        new Gaussian(new RandomStreams(5).stream(RandomStreams.Purpose.AUXILIARY)).fill(start, 0, m);
        for (int i = 0; i < m; i++) start[i] += 0.5 * mean0; // α₁ = ε_α = 0.5
        double meanSe = Math.sqrt(epsBeta / m), varSe = epsBeta * Math.sqrt(2.0 / m);
        for (ScoreSampler sampler : ScoreSampler.values()) {
            double[] z = start.clone();
            filter(EnsfConfig.defaults(1001).withSampler(sampler), 1).sample(z, m, x, none);
            double mu = mean(z), var = variance(z, mu);
            // Monte Carlo error (4 standard errors) plus the O(|Δ|) = O(1e-3) discretization bias.
            assertEquals(mean0, mu, 4 * meanSe + 2e-3, sampler + " mean");
            assertEquals(epsBeta, var, 4 * varSe + 2e-3 * epsBeta * 10, sampler + " variance");
        }
        // The ODE is deterministic per latent: the same start gives the same output.
        double[] z1 = start.clone(), z2 = start.clone();
        filter(EnsfConfig.defaults(51).withSampler(ScoreSampler.ODE), 1).sample(z1, m, x, none);
        filter(EnsfConfig.defaults(51).withSampler(ScoreSampler.ODE), 1).sample(z2, m, x, none);
        assertArrayEquals(z1, z2);
    }

    /** With N members the exact reverse process returns the mixture (1/N)Σ N(x_j, ε_β): its mean and variance. */
    @Test
    void samplersReturnTheMomentsOfTheEnsembleMixture() {
        int n = 20, m = 2000;
        double epsBeta = 0.025;
        SplittableRandom rnd = new SplittableRandom(3);
        Ensemble x = randomEnsemble(rnd, n, 1, 0.8);
        double xm = mean(x.data()), xv = variance(x.data(), xm) * (n - 1) / n; // population variance
        Observation none = obs(TestOperators.identity(1), new double[] {0}, 1e30);
        double[] start = new double[m];
        new Gaussian(new RandomStreams(6).stream(RandomStreams.Purpose.AUXILIARY)).fill(start, 0, m);
        for (int i = 0; i < m; i++) start[i] += 0.5 * x.data()[rnd.nextInt(n)];
        double tv = xv + epsBeta;
        for (ScoreSampler sampler : ScoreSampler.values()) {
            double[] z = start.clone();
            filter(EnsfConfig.defaults(301).withSampler(sampler), n).sample(z, m, x, none);
            double mu = mean(z), var = variance(z, mu);
            assertEquals(xm, mu, 4 * Math.sqrt(tv / m) + 0.01, sampler + " mean");
            assertEquals(tv, var, 4 * tv * Math.sqrt(2.0 / m) + 0.01 * tv, sampler + " variance");
        }
    }

    /** Deterministic samplers converge at first order to the same probability-flow solution. */
    @Test
    void odeAndDpmConvergeAtFirstOrderToTheSameFlow() {
        int n = 6, m = 64;
        SplittableRandom rnd = new SplittableRandom(4);
        Ensemble x = randomEnsemble(rnd, n, 2, 1.0);
        Observation ob = obs(TestOperators.identity(2), new double[] {0.2, -0.4}, 0.7);
        double[] start = new double[m * 2];
        for (int i = 0; i < start.length; i++) start[i] = rnd.nextGaussian();
        // Reference: Richardson extrapolation of the ODE solution at 3200 and 6400 steps (error O(dt^2)).
        double[] r1 = run(x, start, m, ScoreSampler.ODE, 3201, ob), r2 = run(x, start, m, ScoreSampler.ODE, 6401, ob);
        double[] ref = new double[r1.length];
        for (int i = 0; i < ref.length; i++) ref[i] = 2 * r2[i] - r1[i];
        double[] dpmFine = run(x, start, m, ScoreSampler.DPM, 6401, ob);
        assertTrue(EnsembleFlowFilterTest.rmsError(dpmFine, ref) < 2e-4, "DPM and ODE limits differ");
        // First order: error ratio per halving -> 2. DPM is erratic at coarse steps here (the likelihood term
        // is not part of its exponential integrator), so its check starts at 400 steps.
        int[][] levels = {{101, 201, 401}, {401, 801, 1601}};
        ScoreSampler[] samplers = {ScoreSampler.ODE, ScoreSampler.DPM};
        for (int q = 0; q < 2; q++) {
            double e1 = EnsembleFlowFilterTest.rmsError(run(x, start, m, samplers[q], levels[q][0], ob), ref);
            double e2 = EnsembleFlowFilterTest.rmsError(run(x, start, m, samplers[q], levels[q][1], ob), ref);
            double e3 = EnsembleFlowFilterTest.rmsError(run(x, start, m, samplers[q], levels[q][2], ob), ref);
            assertTrue(e1 / e2 > 1.8 && e1 / e2 < 2.6, samplers[q] + " ratio " + e1 / e2);
            assertTrue(e2 / e3 > 1.8 && e2 / e3 < 2.6, samplers[q] + " ratio " + e2 / e3);
        }
    }

    private double[] run(Ensemble x, double[] start, int m, ScoreSampler s, int k, Observation ob) {
        double[] z = start.clone();
        filter(EnsfConfig.defaults(k).withSampler(s), x.members()).sample(z, m, x, ob);
        return z;
    }

    // ------------------------------------------------------------------ oracle 4: clusters

    @Test
    void withoutLikelihoodTheOutputClustersAtTheMembersWithUniformOccupancy() {
        double[] sites = {-6, -2, 2, 6};
        int perSite = 100, n = sites.length * perSite;
        double epsBeta = 0.025;
        Ensemble x = new Ensemble(n, 1);
        for (int j = 0; j < n; j++) x.data()[j] = sites[j % sites.length];
        EnsfConfig cfg = EnsfConfig.defaults(301).withStart(false, true);
        filter(cfg, n).assimilate(x, obs(TestOperators.identity(1), new double[] {0}, 1e30));
        int[] counts = new int[sites.length];
        double[] ss = new double[sites.length];
        for (int i = 0; i < n; i++) {
            double v = x.data()[i];
            int best = 0;
            for (int s = 1; s < sites.length; s++) if (Math.abs(v - sites[s]) < Math.abs(v - sites[best])) best = s;
            counts[best]++;
            ss[best] += (v - sites[best]) * (v - sites[best]);
        }
        double chi2 = 0, e = (double) n / sites.length;
        for (int s = 0; s < sites.length; s++) {
            chi2 += (counts[s] - e) * (counts[s] - e) / e;
            double sd = Math.sqrt(ss[s] / counts[s]);
            // ≈100 draws per cluster: the sample std is within ±25% of √ε_β with overwhelming probability.
            assertEquals(Math.sqrt(epsBeta), sd, 0.25 * Math.sqrt(epsBeta), "cluster " + s);
        }
        assertTrue(chi2 < 16.27, "chi2 = " + chi2 + " " + java.util.Arrays.toString(counts)); // df = 3, p = 0.001
    }

    // ------------------------------------------------------------------ oracle 5: clamp

    @Test
    void appliedScoreNeverExceedsTheClamp() {
        int d = 4;
        Ensemble x = Ensemble.wrap(1, d, new double[] {0, 1, -1, 2});
        double[] z = {1e4, -1e4, 3.0, 0.1};
        double[] z0 = z.clone();
        double clamp = 5;
        EnsembleScoreFilter f = filter(EnsfConfig.defaults(2).withSampler(ScoreSampler.ODE).withClamp(clamp), 1);
        f.sample(z, 1, x, obs(TestOperators.identity(d), new double[d], 1.0));
        DiffusionSchedule s = new DiffusionSchedule(0.5, 0.025);
        double cx = 1 - s.drift(1), cf = 0.5 * s.diffusion2(1);
        for (int c = 0; c < d; c++) {
            double applied = (z[c] - cx * z0[c]) / cf;
            assertTrue(Math.abs(applied) <= clamp * (1 + 1e-12), "component " + c + " score " + applied);
        }
        assertEquals(2, f.lastClampHits());
        // Benign case (σ_y = 1, identity): C = 1000 and C = ∞ give the same analysis and no clamp hit.
        SplittableRandom rnd = new SplittableRandom(7);
        Ensemble xf = randomEnsemble(rnd, 10, 30, 1.0);
        double[] yv = new double[30];
        for (int c = 0; c < 30; c++) yv[c] = rnd.nextGaussian();
        Ensemble a = xf.copy(), b = xf.copy();
        EnsembleScoreFilter fa = filter(EnsfConfig.defaults(21), 10);
        fa.assimilate(a, obs(TestOperators.identity(30), yv, 1.0));
        filter(EnsfConfig.defaults(21).withClamp(Double.POSITIVE_INFINITY), 10).assimilate(b, obs(TestOperators.identity(30), yv, 1.0));
        assertArrayEquals(a.data(), b.data());
        assertEquals(0, fa.lastClampHits());
    }

    // ------------------------------------------------------------------ oracle 6: step counting

    @Test
    void gridConventionsCountScoreEvaluations() {
        Ensemble x = randomEnsemble(new SplittableRandom(8), 3, 4, 1.0);
        EnsembleScoreFilter k5 = filter(EnsfConfig.defaults(5), 3);
        k5.assimilate(x.copy(), obs(TestOperators.identity(4), new double[4], 1.0));
        assertEquals(4, k5.lastFieldEvaluations());
        EnsembleScoreFilter nt4 = filter(EnsfConfig.defaults(2).withSteps(4), 3);
        nt4.assimilate(x.copy(), obs(TestOperators.identity(4), new double[4], 1.0));
        assertEquals(4, nt4.lastFieldEvaluations());
        assertArrayEquals(new double[] {1.0, 0.75, 0.5, 0.25}, nt4.evaluationTimes(), 1e-15); // Δ = −0.25, never t = 0
    }

    // ------------------------------------------------------------------ contracts

    @Test
    void resultsAreBitIdenticalForOneAndTwoThreads() {
        int n = 20, d = 3000;
        SplittableRandom rnd = new SplittableRandom(9);
        Ensemble xf = randomEnsemble(rnd, n, d, 1.0);
        double[] yv = new double[d];
        for (int c = 0; c < d; c++) yv[c] = Math.atan(rnd.nextGaussian());
        EnsfConfig[] configs = {EnsfConfig.defaults(6), EnsfConfig.officialEnsf().withSteps(5),
                EnsfConfig.defaults(4).withSampler(ScoreSampler.DPM).withStart(true, true)};
        try (Parallel two = new Parallel(2)) {
            for (EnsfConfig cfg : configs) {
                Ensemble a = xf.copy(), b = xf.copy();
                EnsembleScoreFilter fa = new EnsembleScoreFilter(cfg, n, new RandomStreams(SEED), Parallel.sequential());
                EnsembleScoreFilter fb = new EnsembleScoreFilter(cfg, n, new RandomStreams(SEED), two);
                for (int cycle = 0; cycle < 2; cycle++) {
                    fa.assimilate(a, obs(TestOperators.arctan(d), yv, 0.05));
                    fb.assimilate(b, obs(TestOperators.arctan(d), yv, 0.05));
                }
                assertArrayEquals(a.data(), b.data(), cfg.describe());
            }
        }
    }

    /**
     * Softmax weights computed by each task for its own rows inside the pass (one block of components) equal weights
     * computed by a call of their own before it, bit for bit, on one and two threads: N = 100 at d = 40 (the member
     * groups and single rows of grouped cuts), N = 9 (not a multiple of 4), the whole-vector guidance path (the first
     * half pass weighs), EM and DPM; and at d = 20000, several blocks of components, where the pass cannot weigh.
     * The runs that can weigh in the pass must do so (counted), so the test cannot pass vacuously.
     */
    @Test
    void weightsComputedInThePassEqualWeightsComputedBeforeIt() {
        int[][] shapes = {{100, 40}, {20, 1000}, {9, 300}, {20, 20000}};
        EnsfConfig[] configs = {EnsfConfig.defaults(6), EnsfConfig.defaults(5).withSampler(ScoreSampler.DPM)};
        try (Parallel two = new Parallel(2)) {
            for (int[] shape : shapes) {
                int n = shape[0], d = shape[1];
                SplittableRandom rnd = new SplittableRandom(15);
                Ensemble xf = randomEnsemble(rnd, n, d, 1.0);
                double[] yv = new double[d];
                for (int c = 0; c < d; c++) yv[c] = Math.atan(rnd.nextGaussian());
                for (boolean general : new boolean[] {false, true}) {
                    ObservationOperator h = general ? TestOperators.general(TestOperators.arctan(d)) : TestOperators.arctan(d);
                    for (EnsfConfig cfg : configs) {
                        double[] reference = null;
                        for (Parallel p : new Parallel[] {Parallel.sequential(), two}) {
                            for (boolean inPass : new boolean[] {false, true}) {
                                Ensemble a = xf.copy();
                                EnsembleScoreFilter f = new EnsembleScoreFilter(cfg, n, new RandomStreams(SEED), p);
                                f.engine().allowWeighInPass = inPass;
                                for (int cycle = 0; cycle < 2; cycle++) f.assimilate(a, obs(h, yv, 0.5));
                                String what = cfg.describe() + ", n = " + n + ", d = " + d + ", " + h.describe() + ", " + p
                                        + ", weights in pass: " + inPass;
                                if (inPass && d < 20000) assertTrue(f.engine().weighedInPass > 0, what);
                                if (!inPass || d == 20000) assertEquals(0, f.engine().weighedInPass, what);
                                if (reference == null) reference = a.data();
                                else assertArrayEquals(reference, a.data(), what);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * EM noise drawn inside the update tasks (rows held whole; the fused pass draws it chunk by chunk) equals noise
     * drawn for all particles before each step, on one and on two threads: d = 1000 is one chunk per row, d = 5000
     * five (the last one short), and the whole-vector guidance path (two half passes) keeps whole noise rows.
     */
    @Test
    void noiseDrawnInThePassEqualsNoiseDrawnBeforeTheStep() {
        int n = 20;
        for (int d : new int[] {1000, 5000}) {
            for (boolean general : new boolean[] {false, true}) {
                SplittableRandom rnd = new SplittableRandom(12);
                Ensemble xf = randomEnsemble(rnd, n, d, 1.0);
                double[] yv = new double[d];
                for (int c = 0; c < d; c++) yv[c] = Math.atan(rnd.nextGaussian());
                ObservationOperator h = general ? TestOperators.general(TestOperators.arctan(d)) : TestOperators.arctan(d);
                double[] reference = null;
                try (Parallel two = new Parallel(2)) {
                    for (Parallel p : new Parallel[] {Parallel.sequential(), two}) {
                        for (boolean inPass : new boolean[] {false, true}) {
                            Ensemble a = xf.copy();
                            EnsembleScoreFilter f = new EnsembleScoreFilter(EnsfConfig.defaults(6), n, new RandomStreams(SEED), p);
                            f.noiseInPass(inPass);
                            for (int cycle = 0; cycle < 2; cycle++) f.assimilate(a, obs(h, yv, 0.05));
                            if (reference == null) reference = a.data();
                            else assertArrayEquals(reference, a.data(), "d = " + d + ", " + h.describe() + ", " + p + ", noise in pass: " + inPass);
                        }
                    }
                }
            }
        }
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> EnsfConfig.defaults(10).withEps(0.001, 0.025));
        assertThrows(IllegalArgumentException.class, () -> EnsfConfig.defaults(10).withEps(0.5, 1.0));
        assertThrows(IllegalArgumentException.class, () -> EnsfConfig.defaults(1));
        assertThrows(IllegalArgumentException.class, () -> EnsfConfig.defaults(10).withClamp(0));
        assertThrows(IllegalArgumentException.class, () -> EnsfConfig.defaults(10).withEps(0.5, 0.0).withSampler(ScoreSampler.DPM));
        EnsembleScoreFilter f = filter(EnsfConfig.defaults(10).withPriorScore(PriorScore.PAIRED), 3);
        assertThrows(IllegalArgumentException.class, () -> f.sample(new double[8], 4, new Ensemble(3, 2), obs(TestOperators.identity(2), new double[2], 1)));
    }

    // ------------------------------------------------------------------ helpers

    static EnsembleScoreFilter filter(EnsfConfig cfg, int n) {
        return new EnsembleScoreFilter(cfg, n, new RandomStreams(SEED), Parallel.common());
    }

    static double mean(double[] a) {
        double s = 0;
        for (double v : a) s += v;
        return s / a.length;
    }

    static double variance(double[] a, double mu) {
        double s = 0;
        for (double v : a) s += (v - mu) * (v - mu);
        return s / (a.length - 1);
    }
}
