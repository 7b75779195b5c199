package org.enflow.filter.kde;

import java.util.Locale;
import org.enflow.kernel.Require;

/**
 * Hyperparameters of the closed-form KDE conditional diffusion filter (kde_diffusion.md). A NaN bandwidth
 * means "automatic, per analysis" (§7's Java defaults).
 *
 * @param sigmaX     σ_x &gt; 0, the state kernel width (= terminal noise), or NaN: Silverman's rule
 *                   (4/(d+2))^(1/(d+4))·(mean per-coordinate std)·N^(−1/(d+4)), capped at 0.5
 * @param sigmaY     σ_y &gt; 0, the measurement kernel width (a tempering knob: the effective likelihood
 *                   variance is R + σ_y² with noisy simulated measurements), or NaN: σ_y,l = √R_ll per component
 * @param sigmaMax   σ_max &gt; σ_x, the start noise, or NaN: max(50, 10 × forecast spread)
 * @param rtol       DOPRI5 relative tolerance
 * @param atol       DOPRI5 absolute tolerance
 * @param noiseless  simulate y_i = h(x_i) without measurement noise (default: y_i = h(x_i) + N(0, R))
 * @param sampler    ODE (DOPRI5 probability flow) or SDE (Euler–Maruyama "SKDE")
 * @param form       the ODE's independent variable, t or σ̄
 * @param sdePoints  N_t ≥ 2 grid points of the SDE sampler (N_t − 1 score evaluations)
 * @param sdeA       a ∈ [0, 1] of the SDE sampler: 1 the reverse SDE, 0 the Euler probability-flow ODE
 */
public record KdeConfig(double sigmaX, double sigmaY, double sigmaMax, double rtol, double atol, boolean noiseless,
                        KdeSampler sampler, FlowForm form, int sdePoints, double sdeA) {
    /** The KDE code's tolerances, rtol = atol = 1e-5. */
    public static final double DEFAULT_TOLERANCE = 1e-5;
    /** The code's N_t for the SDE sampler. */
    public static final int DEFAULT_SDE_POINTS = 5000;

    public KdeConfig {
        if (!Double.isNaN(sigmaX)) Require.finite("sigma_x", Require.positive("sigma_x", sigmaX));
        if (!Double.isNaN(sigmaY)) Require.finite("sigma_y", Require.positive("sigma_y", sigmaY));
        if (!Double.isNaN(sigmaMax)) {
            Require.finite("sigma_max", Require.positive("sigma_max", sigmaMax));
            if (!Double.isNaN(sigmaX) && !(sigmaMax > sigmaX))
                throw new IllegalArgumentException("sigma_max = " + sigmaMax + ": expected a number > sigma_x = " + sigmaX);
        }
        Require.finite("rtol", Require.positive("rtol", rtol));
        Require.finite("atol", Require.nonNegative("atol", atol));
        Require.notNull("sampler", sampler);
        Require.notNull("form", form);
        Require.atLeast("sde_points", sdePoints, 2);
        Require.inRange("sde_a", sdeA, 0, 1);
    }

    /** The spec's Java defaults: automatic bandwidths, noisy simulated measurements, DOPRI5 at 1e-5 in the t form. */
    public static KdeConfig defaults() {
        return new KdeConfig(Double.NaN, Double.NaN, Double.NaN, DEFAULT_TOLERANCE, DEFAULT_TOLERANCE, false,
                KdeSampler.ODE, FlowForm.TIME, DEFAULT_SDE_POINTS, 1.0);
    }

    public KdeConfig withBandwidths(double sx, double sy, double smax) {
        return new KdeConfig(sx, sy, smax, rtol, atol, noiseless, sampler, form, sdePoints, sdeA);
    }

    public KdeConfig withTolerances(double r, double a) {
        return new KdeConfig(sigmaX, sigmaY, sigmaMax, r, a, noiseless, sampler, form, sdePoints, sdeA);
    }

    public KdeConfig withNoiseless(boolean v) {
        return new KdeConfig(sigmaX, sigmaY, sigmaMax, rtol, atol, v, sampler, form, sdePoints, sdeA);
    }

    public KdeConfig withForm(FlowForm f) {
        return new KdeConfig(sigmaX, sigmaY, sigmaMax, rtol, atol, noiseless, sampler, f, sdePoints, sdeA);
    }

    public KdeConfig withSde(int points, double a) {
        return new KdeConfig(sigmaX, sigmaY, sigmaMax, rtol, atol, noiseless, KdeSampler.SDE, form, points, a);
    }

    /** One line naming the integration (which ODE form, or the SDE) and every setting. */
    public String describe() {
        String integration = sampler == KdeSampler.ODE
                ? "pf-ode " + form.label() + "-form dopri5(rtol=" + num(rtol) + ", atol=" + num(atol) + ")"
                : "sde euler-maruyama(points=" + sdePoints + ", a=" + num(sdeA) + ")";
        return "kde(" + integration + ", sigma_x=" + (Double.isNaN(sigmaX) ? "auto(silverman)" : num(sigmaX))
                + ", sigma_y=" + (Double.isNaN(sigmaY) ? "auto(obs std)" : num(sigmaY))
                + ", sigma_max=" + (Double.isNaN(sigmaMax) ? "auto(max(50, 10 spread))" : num(sigmaMax))
                + (noiseless ? ", noiseless y_i" : ", noisy y_i") + ")";
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%s", v);
    }
}
