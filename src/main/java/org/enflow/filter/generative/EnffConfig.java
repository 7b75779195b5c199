package org.enflow.filter.generative;

import org.enflow.kernel.Require;

/**
 * Hyperparameters of the Ensemble Flow Filter (enff.md): the probability path (with its σ_min), the
 * guidance and its strength λ, the number K of pseudo-time grid points (K − 1 steps), the integrator and
 * the multiplicative inflation applied after the flow.
 *
 * @param path        OT, F2P or VE
 * @param guidance    none, local (at the endpoint prediction ẑ₁) or exact Monte Carlo
 * @param lambda      local-guidance strength λ ≥ 0 (a gain: λ/σ_y² multiplies the innovation)
 * @param gridPoints  K ≥ 2 grid points t_k = k/(K − 1): K − 1 Euler steps, 2(K − 1) Heun evaluations
 * @param scheme      Euler or Heun
 * @param inflation   s > 0 in x_i ← x̄ + s(x_i − x̄); 1 = none
 */
public record EnffConfig(ProbabilityPath path, Guidance guidance, double lambda, int gridPoints, FlowScheme scheme,
                         double inflation) {
    public EnffConfig {
        Require.notNull("path", path);
        Require.notNull("guidance", guidance);
        Require.nonNegative("lambda", lambda);
        Require.atLeast("gridPoints", gridPoints, 2);
        Require.notNull("scheme", scheme);
        Require.positive("inflation", inflation);
    }

    /** F2P with local guidance, Euler, no inflation: the paper's configuration. */
    public static EnffConfig f2p(double sigmaMin, double lambda, int gridPoints) {
        return new EnffConfig(ProbabilityPath.f2p(sigmaMin), Guidance.LOCAL, lambda, gridPoints, FlowScheme.EULER, 1.0);
    }

    /** OT with local guidance, Euler, no inflation. */
    public static EnffConfig ot(double sigmaMin, double lambda, int gridPoints) {
        return new EnffConfig(ProbabilityPath.ot(sigmaMin), Guidance.LOCAL, lambda, gridPoints, FlowScheme.EULER, 1.0);
    }

    public EnffConfig withGuidance(Guidance g) {
        return new EnffConfig(path, g, lambda, gridPoints, scheme, inflation);
    }

    public EnffConfig withScheme(FlowScheme s) {
        return new EnffConfig(path, guidance, lambda, gridPoints, s, inflation);
    }

    public EnffConfig withInflation(double s) {
        return new EnffConfig(path, guidance, lambda, gridPoints, scheme, s);
    }

    public EnffConfig withGridPoints(int k) {
        return new EnffConfig(path, guidance, lambda, k, scheme, inflation);
    }

    /** Field evaluations per analysis: (K − 1) × evaluations per step. */
    public int fieldEvaluations() {
        return (gridPoints - 1) * scheme.evaluationsPerStep();
    }

    public String describe() {
        return "enff(" + path.describe() + ", guidance=" + guidance.name().toLowerCase(java.util.Locale.ROOT)
                + (guidance == Guidance.LOCAL ? ", lambda=" + lambda : "") + ", K=" + gridPoints + " (NFE="
                + fieldEvaluations() + "), " + scheme.name().toLowerCase(java.util.Locale.ROOT)
                + (inflation != 1.0 ? ", inflation=" + inflation : "") + ")";
    }
}
