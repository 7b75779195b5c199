package org.enflow.filter.kde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.observe.Observation;
import org.enflow.observe.Operators;
import org.junit.jupiter.api.Test;

/**
 * kde_diffusion.md test oracles 3 (σ_y → ∞: the plain KDE), 4 (N = 1: x₁ + σ_x z exactly) and 5 (second
 * part: the t form and the σ̄ form reach the same endpoint).
 */
class KdeLimitsTest {
    @Test
    void hugeSigmaYGivesThePlainKdeOfTheForecast() {
        // Oracle 3: uniform weights, so the output is distributed as (1/N) Σ N(x_i, σ_x²). Two-sample KS at
        // N = 2000 against direct draws x_i + σ_x ξ_i: the α = 0.001 critical value is 1.949·√(2/N) = 0.0616.
        int n = 2000;
        double sigmaX = 0.3;
        double[] x = KdeTesting.normals(5, n);
        for (int i = 0; i < n; i++) x[i] = (i % 3 == 0 ? -2.5 : 1.5) + 0.6 * x[i]; // a lopsided two-mode forecast
        double[] direct = KdeTesting.normals(6, n);
        for (int i = 0; i < n; i++) direct[i] = x[i] + sigmaX * direct[i];
        Ensemble e = Ensemble.wrap(n, 1, x.clone());
        KdeDiffusionFilter f = new KdeDiffusionFilter(KdeConfig.defaults().withBandwidths(sigmaX, 1e12, Double.NaN), n,
                new RandomStreams(9), new Parallel(2));
        f.assimilate(e, Observation.withSigma(new double[] {0.7}, Operators.identity(1), 0.5));
        assertEquals(n, f.lastEffectiveSampleSize(), 1e-6 * n);
        double ks = KdeTesting.ksStatistic(e.data(), direct);
        assertTrue(ks < 1.949 * Math.sqrt(2.0 / n), "KS statistic " + ks);
        System.out.printf("oracle 3: KS %.4f (critical %.4f), %d steps, %d evaluations%n", ks, 1.949 * Math.sqrt(2.0 / n),
                f.lastAcceptedSteps(), f.lastFieldEvaluations());
    }

    @Test
    void oneMemberGivesTheMemberPlusSigmaXTimesTheLatent() {
        // Oracle 4: D ≡ x₁, so du/dσ̄ = u/σ̄ is linear and u(σ_x) = (σ_x/σ_max)·u(σ_max) = σ_x z.
        double sigmaX = 0.3, sigmaMax = 50;
        double[] x1 = {1.5, -2, 20};
        for (FlowForm form : FlowForm.values()) {
            Ensemble e = Ensemble.wrap(1, 3, x1.clone());
            KdeConfig cfg = KdeConfig.defaults().withBandwidths(sigmaX, 2, sigmaMax).withNoiseless(true).withForm(form);
            KdeDiffusionFilter f = new KdeDiffusionFilter(cfg, 1, new RandomStreams(4), Parallel.sequential());
            f.assimilate(e, Observation.withSigma(new double[] {19}, Operators.component(3, 2), 1));
            // Noiseless: member 0's FILTER stream gives z first.
            UniformRandomProvider rng = new RandomStreams(4).streams(RandomStreams.Purpose.FILTER, 1)[0];
            double[] z = new double[3];
            new Gaussian(rng).fill(z, 0, 3);
            for (int k = 0; k < 3; k++) {
                // Local error per step ≤ atol + rtol|u| with |u| ≤ σ_max|z|; ~20–40 steps accumulate at most
                // 40·(1e-5 + 1e-5·50|z|) — far less in practice since the error shrinks with u.
                double want = x1[k] + sigmaX * z[k];
                assertEquals(want, e.data()[k], 40 * (1e-5 + 1e-5 * sigmaMax * Math.abs(z[k])), form + " k=" + k);
                assertEquals(want, e.data()[k], 1e-4, form + " k=" + k);
            }
        }
    }

    @Test
    void timeAndSigmaFormsReachTheSameEndpoint() {
        // Oracle 5: the two forms are the same ODE under the change of variable σ̄ = σ_x + t(σ_max − σ_x).
        int n = 200, d = 3;
        double[] c = KdeTesting.normals(11, n * d), l = KdeTesting.normals(12, n);
        for (int i = 0; i < c.length; i++) c[i] *= 3;
        for (double tol : new double[] {1e-5, 1e-9}) {
            double[] ut = KdeTesting.normals(13, n * d);
            for (int i = 0; i < ut.length; i++) ut[i] *= 50;
            double[] us = ut.clone();
            KdeSchedule sch = new KdeSchedule(0.2, 50);
            KdePosteriorSampler s = new KdePosteriorSampler(Parallel.sequential(), tol, tol);
            s.sampleOde(c, n, d, l, sch, FlowForm.TIME, ut, n);
            int stepsT = s.lastAcceptedSteps();
            s.sampleOde(c, n, d, l, sch, FlowForm.SIGMA, us, n);
            int stepsS = s.lastAcceptedSteps();
            double maxDiff = 0;
            for (int i = 0; i < ut.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ut[i] - us[i]));
            System.out.printf("oracle 5: tol %.0e: t form %d steps, sigma form %d steps, max |diff| %.3e%n", tol, stepsT, stepsS, maxDiff);
            // Both global errors are O(tol) relative to the start scale σ_max: allow 100·tol·σ_max.
            assertTrue(maxDiff < 100 * tol * 50, "tol " + tol + ": max difference " + maxDiff);
        }
    }
}
