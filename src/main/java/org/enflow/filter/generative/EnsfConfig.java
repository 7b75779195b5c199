package org.enflow.filter.generative;

import java.util.Locale;
import org.enflow.kernel.Require;

/**
 * Hyperparameters of the Ensemble Score Filter (ensf.md).
 *
 * @param epsAlpha        ε_α of the schedule (α₁ = ε_α), in [0.01, 1]
 * @param epsBeta         ε_β of the schedule (β₀² = ε_β), in [0, 1)
 * @param priorScore      MIXTURE (full-ensemble softmax) or PAIRED (member-paired)
 * @param sampler         EM, ODE or DPM
 * @param gridPoints      K ≥ 2 grid points t_k = 1 − k/(K − 1): K − 1 score evaluations (the EnFF-repository
 *                        convention; the EnSF repository's N_t steps is K = N_t + 1, see {@link #withSteps})
 * @param clamp           C > 0: each component of the total score is clamped to [−C, C] (may be +∞)
 * @param inflation       s > 0 in x_i ← x̄ + s(x_i − x̄)
 * @param standardizeNoise re-standardize the start noise per dimension across the ensemble (EnSF repository)
 * @param addMeanAtStart  add α₁·x^f_{j(i)} to the start (paired: j = i; mixture: a uniform member draw)
 */
public record EnsfConfig(double epsAlpha, double epsBeta, PriorScore priorScore, ScoreSampler sampler, int gridPoints,
                         double clamp, double inflation, boolean standardizeNoise, boolean addMeanAtStart) {
    public EnsfConfig {
        Require.notNull("priorScore", priorScore);
        Require.notNull("sampler", sampler);
        Require.atLeast("gridPoints", gridPoints, 2);
        if (!(clamp > 0)) throw new IllegalArgumentException("clamp = " + clamp + ": expected a number > 0 (or Infinity)");
        Require.positive("inflation", inflation);
        new DiffusionSchedule(epsAlpha, epsBeta); // validates ε_α and ε_β
        if (sampler == ScoreSampler.DPM && !(epsBeta > 0))
            throw new IllegalArgumentException("eps_beta = " + epsBeta + ": the DPM sampler needs eps_beta > 0 (λ at t = 0 is finite)");
    }

    /** The spec's Java defaults: ε = (0.5, 0.025), MIXTURE, EM, C = 1000, no standardization, no added mean. */
    public static EnsfConfig defaults(int gridPoints) {
        return new EnsfConfig(0.5, 0.025, PriorScore.MIXTURE, ScoreSampler.EM, gridPoints, 1000, 1.0, false, false);
    }

    /** The "official EnSF" preset: PAIRED, N_t = 500 EM steps, standardized start noise. */
    public static EnsfConfig officialEnsf() {
        return new EnsfConfig(0.5, 0.025, PriorScore.PAIRED, ScoreSampler.EM, 501, 1000, 1.0, true, false);
    }

    /** The EnSF-repository convention: N_t steps t_k = 1 − k/N_t, k = 0..N_t, i.e. K = N_t + 1 grid points. */
    public EnsfConfig withSteps(int steps) {
        Require.positive("steps", steps);
        return withGridPoints(steps + 1);
    }

    public EnsfConfig withGridPoints(int k) {
        return new EnsfConfig(epsAlpha, epsBeta, priorScore, sampler, k, clamp, inflation, standardizeNoise, addMeanAtStart);
    }

    public EnsfConfig withEps(double a, double b) {
        return new EnsfConfig(a, b, priorScore, sampler, gridPoints, clamp, inflation, standardizeNoise, addMeanAtStart);
    }

    public EnsfConfig withPriorScore(PriorScore p) {
        return new EnsfConfig(epsAlpha, epsBeta, p, sampler, gridPoints, clamp, inflation, standardizeNoise, addMeanAtStart);
    }

    public EnsfConfig withSampler(ScoreSampler s) {
        return new EnsfConfig(epsAlpha, epsBeta, priorScore, s, gridPoints, clamp, inflation, standardizeNoise, addMeanAtStart);
    }

    public EnsfConfig withClamp(double c) {
        return new EnsfConfig(epsAlpha, epsBeta, priorScore, sampler, gridPoints, c, inflation, standardizeNoise, addMeanAtStart);
    }

    public EnsfConfig withStart(boolean standardize, boolean addMean) {
        return new EnsfConfig(epsAlpha, epsBeta, priorScore, sampler, gridPoints, clamp, inflation, standardize, addMean);
    }

    public EnsfConfig withInflation(double s) {
        return new EnsfConfig(epsAlpha, epsBeta, priorScore, sampler, gridPoints, clamp, s, standardizeNoise, addMeanAtStart);
    }

    /** Score evaluations per analysis: K − 1. */
    public int fieldEvaluations() {
        return gridPoints - 1;
    }

    public String describe() {
        return "ensf(" + priorScore.name().toLowerCase(Locale.ROOT) + ", " + sampler.name().toLowerCase(Locale.ROOT)
                + ", eps_alpha=" + epsAlpha + ", eps_beta=" + epsBeta + ", K=" + gridPoints + " (NFE=" + fieldEvaluations()
                + "), clamp=" + clamp + (inflation != 1.0 ? ", inflation=" + inflation : "")
                + (standardizeNoise ? ", standardized" : "") + (addMeanAtStart ? ", mean at start" : "") + ")";
    }
}
