package org.enflow.filter.generative;

import org.enflow.kernel.Require;

/**
 * The linear (α_t, β_t) forward-diffusion schedule of EnSF (ensf.md §2): data at t = 0, noise at t = 1,
 * p(z_t | x₀) = N(α_t x₀, β_t² I) with
 *
 * <pre>
 *   α_t = 1 − (1 − ε_α)t,   β_t² = ε_β + (1 − ε_β)t,
 *   f(t) = d ln α_t/dt = −(1 − ε_α)/α_t,   g(t)² = dβ_t²/dt − 2f(t)β_t² = (1 − ε_β) + 2(1 − ε_α)β_t²/α_t.
 * </pre>
 */
public final class DiffusionSchedule {
    private final double epsAlpha, epsBeta;

    /** @param epsAlpha ε_α in [0.01, 1] (smaller makes f and g² stiff); @param epsBeta ε_β in [0, 1) */
    public DiffusionSchedule(double epsAlpha, double epsBeta) {
        this.epsAlpha = Require.inRange("eps_alpha", epsAlpha, 0.01, 1.0);
        Require.inRange("eps_beta", epsBeta, 0.0, 1.0);
        if (epsBeta == 1.0) throw new IllegalArgumentException("eps_beta = 1: expected a number in [0, 1)");
        this.epsBeta = epsBeta;
    }

    public double epsAlpha() {
        return epsAlpha;
    }

    public double epsBeta() {
        return epsBeta;
    }

    public double alpha(double t) {
        return 1.0 - (1.0 - epsAlpha) * t;
    }

    public double beta2(double t) {
        return epsBeta + (1.0 - epsBeta) * t;
    }

    /** f(t) = −(1 − ε_α)/α_t; exactly 0 when ε_α = 1. */
    public double drift(double t) {
        return -(1.0 - epsAlpha) / alpha(t);
    }

    /** g(t)². */
    public double diffusion2(double t) {
        return (1.0 - epsBeta) + 2.0 * (1.0 - epsAlpha) * beta2(t) / alpha(t);
    }

    /** The log signal-to-noise ratio λ_t = ln α_t − ½ ln β_t² (DPM-solver). */
    public double logSnr(double t) {
        return Math.log(alpha(t)) - 0.5 * Math.log(beta2(t));
    }
}
