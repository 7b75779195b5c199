package org.enflow.filter.generative;

import org.enflow.kernel.Require;

/**
 * The variance-exploding path (enff.md §2, unused in the published EnFF results): μ_t^j = x^f_j and
 * σ_t = s(τ) with τ = 1 − t + τ_min, s(τ)² = σ_lo²(r^{2τ} − 1)/(2 ln r), r = σ_hi/σ_lo; the source is
 * s(1)·N(0, I).
 */
public final class VePath implements ProbabilityPath {
    private final double sigmaLo, sigmaHi, tauMin, logR;

    public VePath(double sigmaLo, double sigmaHi, double tauMin) {
        this.sigmaLo = Require.positive("sigma_lo", sigmaLo);
        this.sigmaHi = Require.positive("sigma_hi", sigmaHi);
        this.tauMin = Require.positive("tau_min", tauMin);
        if (!(sigmaHi > sigmaLo)) throw new IllegalArgumentException("sigma_hi = " + sigmaHi + ": expected > sigma_lo = " + sigmaLo);
        this.logR = Math.log(sigmaHi / sigmaLo);
    }

    /** s(τ). */
    public double s(double tau) {
        return Math.sqrt(sigmaLo * sigmaLo * Math.expm1(2 * tau * logR) / (2 * logR));
    }

    private double tau(double t) {
        return 1.0 - t + tauMin;
    }

    @Override
    public double forecastWeight(double t) {
        return 1.0;
    }

    @Override
    public double forecastWeightRate(double t) {
        return 0.0;
    }

    @Override
    public double sigma(double t) {
        return s(tau(t));
    }

    /** dσ/dt = −ds/dτ = −σ_lo² r^{2τ}/(2 s(τ)). */
    @Override
    public double sigmaRate(double t) {
        double tau = tau(t);
        return -sigmaLo * sigmaLo * Math.exp(2 * tau * logR) / (2 * s(tau));
    }

    @Override
    public boolean pairedSource() {
        return false;
    }

    @Override
    public double sourceSigma() {
        return s(1.0);
    }

    @Override
    public String describe() {
        return "ve(sigma_lo=" + sigmaLo + ", sigma_hi=" + sigmaHi + ", tau_min=" + tauMin + ")";
    }
}
