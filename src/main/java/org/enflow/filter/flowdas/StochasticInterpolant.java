package org.enflow.filter.flowdas;

import org.enflow.kernel.Require;

/**
 * The stochastic interpolant of FlowDAS (flowdas.md §1–2) between the state x₀ at the previous
 * assimilation time and x₁ at the next one, over interpolant time s ∈ [0, 1]:
 *
 * <pre>
 *   I_s = α(s)x₀ + β(s)x₁ + σ(s)√s·z,   α = 1 − s,  β = s²,  σ = ε(1 − s),  z ~ N(0, I)
 *   R_s = α̇x₀ + β̇x₁ + σ̇√s·z = −x₀ + 2s·x₁ − ε√s·z          (the drift's regression target)
 * </pre>
 *
 * The SDE dX = b(s, X, x₀)ds + σ(s)dW with X₀ = x₀ and b(s, x, x₀) = E[R_s | I_s = x, x₀] then has
 * X₁ ~ p(x₁ | x₀). All quantities are in the drift's (normalized) coordinates.
 *
 * @param epsilon ε ({@code sigma_coef} upstream; 1 in every released configuration)
 */
public record StochasticInterpolant(double epsilon) {
    /** Drift evaluations clamp s to [S_MIN, S_MAX] (flowdas.md §5). */
    public static final double S_MIN = 1e-5, S_MAX = 1 - 1e-5;

    public StochasticInterpolant {
        Require.positive("epsilon", epsilon);
    }

    public static double clamp(double s) {
        return Math.min(S_MAX, Math.max(S_MIN, s));
    }

    /** σ(s) = ε(1 − s), the diffusion coefficient of the SDE. */
    public double sigma(double s) {
        return epsilon * (1 - s);
    }

    /** I_s for one coordinate. */
    public double sample(double s, double x0, double x1, double z) {
        return (1 - s) * x0 + s * s * x1 + epsilon * (1 - s) * Math.sqrt(s) * z;
    }

    /** R_s for one coordinate (the same z as {@link #sample}). */
    public double target(double s, double x0, double x1, double z) {
        return -x0 + 2 * s * x1 - epsilon * Math.sqrt(s) * z;
    }

    /**
     * The endpoint-noise scale of the upstream estimate x̂₁ = X + ½(b + b₂)(1 − s) + ε·κ(s)ξ:
     * κ(s) = ∫_s^1 (1−u)/(2√u) du = 2/3 − √s + s^{3/2}/3 (ε = 1 upstream; here scaled by ε).
     */
    public double kappaNoise(double s) {
        double r = Math.sqrt(s);
        return epsilon * (2.0 / 3 - r + s * r / 3);
    }

    /** The exact Itô std of ∫_s^1 σ dW: ε(1 − s)^{3/2}/√3 (the alternative endpoint noise). */
    public double itoNoise(double s) {
        double u = 1 - s;
        return epsilon * u * Math.sqrt(u) / Math.sqrt(3);
    }

    /**
     * κ_b(s) of the closed-form drift for a Gaussian transition with per-coordinate std c (flowdas.md §3):
     * (2s³c² − ε²s(1−s)) / (s⁴c² + ε²s(1−s)²) = Cov(R_s, I_s)/Var(I_s) at fixed x₀; finite on (0, 1] for
     * c &gt; 0, → −1 as s → 0 and = 2 at s = 1.
     */
    public double kappaDrift(double s, double c) {
        double c2 = c * c, e2 = epsilon * epsilon, u = 1 - s;
        return (2 * s * s * s * c2 - e2 * s * u) / (s * s * s * s * c2 + e2 * s * u * u);
    }
}
