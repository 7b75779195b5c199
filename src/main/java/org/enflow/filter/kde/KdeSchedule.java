package org.enflow.filter.kde;

import org.enflow.kernel.Require;

/**
 * The variance-exploding kernel-width schedule of the KDE diffusion (kde_diffusion.md §2): the width grows
 * linearly in diffusion time t ∈ [0, 1], σ̄(t) = σ_x + t(σ_max − σ_x), from the KDE bandwidth σ_x at t = 0
 * to the start noise σ_max at t = 1. Drift f = 0 and g²(t) = dσ̄²/dt = 2σ̄(t)(σ_max − σ_x).
 *
 * @param sigmaX   σ_x &gt; 0, the state kernel width and terminal noise level
 * @param sigmaMax σ_max &gt; σ_x, the start noise level
 */
public record KdeSchedule(double sigmaX, double sigmaMax) {
    public KdeSchedule {
        Require.finite("sigma_x", Require.positive("sigma_x", sigmaX));
        Require.finite("sigma_max", sigmaMax);
        if (!(sigmaMax > sigmaX))
            throw new IllegalArgumentException("sigma_max = " + sigmaMax + ": expected a number > sigma_x = " + sigmaX);
    }

    /** σ̄(t). */
    public double sigma(double t) {
        return sigmaX + t * (sigmaMax - sigmaX);
    }

    /** dσ̄/dt = σ_max − σ_x. */
    public double rate() {
        return sigmaMax - sigmaX;
    }

    /** g²(t) = 2σ̄(t)(σ_max − σ_x). */
    public double g2(double t) {
        return 2 * sigma(t) * rate();
    }
}
