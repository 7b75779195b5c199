package org.enflow.filter.flowdas;

import org.enflow.kernel.Exp;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Require;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;

/**
 * One member's guided Euler–Maruyama sweep over the interpolant SDE (flowdas.md §5), in the drift's
 * normalized coordinates. For k = 0 … N_s − 2, s = k/(N_s − 1), Δs = 1/(N_s − 1), s clamped to
 * [1e-5, 1 − 1e-5] inside the drift:
 *
 * <ol>
 *   <li>b = b(s, X, x₀);</li>
 *   <li>J endpoint estimates x̂₁⁽ʲ⁾ ({@link Endpoint}; ξ_j ~ N(0, I));</li>
 *   <li>a_j = −½ Σ_l w_l (y_l − h_l(x̂₁⁽ʲ⁾))²/R_l, softmax weights ω = softmax(a), and the ascent direction
 *       D = Σ_j ω_j (∂x̂₁⁽ʲ⁾/∂X)ᵀ ∇_{x̂} a_j = ∇_X log p̂(y|X), p̂ = (1/J)Σ_j exp a_j (ξ fixed), exact: the
 *       vector–Jacobian products go through the drift's own {@link TransitionDrift.Evaluator#adjoint};
 *       for Heun ∂x̂/∂X = I + ½(1−s)(J_b + J_b₂(I + (1−s)J_b)), so with V = Σω_j∇a_j and
 *       U = Σ_j J_b₂⁽ʲ⁾ᵀ ω_j∇a_j: D = V + ½(1−s)U + ½(1−s)J_bᵀ(V + (1−s)U);</li>
 *   <li>X ← X + [b + λσ(s)²D]Δs + σ(s)√Δs·ξ (principled; {@link GuidanceMode} for the others).</li>
 * </ol>
 *
 * Gradients of h act in the state's raw coordinates x = shift + scale·u, so ∇_u = scale ⊙ ∇_x. Random
 * numbers per step, from the member's own stream: J·d endpoint draws (when guided), then d for the step.
 * Not thread-safe: one instance per thread; nothing is allocated per step.
 */
final class GuidedTransition {
    private final FlowDasConfig config;
    private final StochasticInterpolant ip;
    private final Normalization norm;
    private final int d, samples;
    private final TransitionDrift.Evaluator atX, atSamples;
    private final double[] x, b, xi, xTilde, b2, xHat, logit, weight, v, wv, u, vSum, uSum, tmp, tmp2, ascent, raw, gradRaw;
    private double[] hx = new double[0], resid = new double[0];

    GuidedTransition(FlowDasConfig config, TransitionDrift drift) {
        this.config = Require.notNull("config", config);
        Require.notNull("drift", drift);
        this.ip = drift.interpolant();
        this.norm = drift.normalization();
        this.d = drift.dim();
        this.samples = config.samples();
        int jd = samples * d;
        atX = drift.evaluator(1);
        atSamples = drift.evaluator(samples);
        x = new double[d];
        b = new double[d];
        xi = new double[jd];
        xTilde = new double[jd];
        b2 = new double[jd];
        xHat = new double[jd];
        logit = new double[samples];
        weight = new double[samples];
        v = new double[jd];
        wv = new double[jd];
        u = new double[jd];
        vSum = new double[d];
        uSum = new double[d];
        tmp = new double[d];
        tmp2 = new double[d];
        ascent = new double[d];
        raw = new double[d];
        gradRaw = new double[d];
    }

    /** What the guidance needs of one observation, shared read-only by all members of a cycle. */
    static final class Likelihood {
        final ObservationOperator h;
        final double[] y, precision, mask;
        final double meanVariance;
        final int p;

        Likelihood(Observation observation) {
            Require.notNull("observation", observation);
            h = observation.operator();
            y = observation.values().clone();
            p = y.length;
            mask = h.likelihoodWeights();
            precision = new double[p];
            double[] r = observation.variances();
            double sum = 0;
            for (int l = 0; l < p; l++) {
                precision[l] = mask[l] / r[l];
                sum += r[l];
            }
            meanVariance = sum / p;
        }
    }

    /**
     * The sweep of one member: from x₀ = {@code x0[x0Off ..]} (normalized) to X₁ written to
     * {@code out[outOff ..]}, with conditioning {@code cond[condOff ..]} and noise from {@code g}.
     */
    void run(Likelihood lik, double[] cond, int condOff, double[] x0, int x0Off, double[] out, int outOff, Gaussian g) {
        System.arraycopy(x0, x0Off, x, 0, d);
        int steps = config.gridPoints() - 1;
        double h = 1.0 / steps, root = Math.sqrt(h);
        GuidanceMode mode = config.guidance();
        for (int k = 0; k < steps; k++) {
            double s = k * h, sigma = ip.sigma(s);
            atX.drift(StochasticInterpolant.clamp(s), x, 0, 1, cond, condOff, b, 0);
            if (mode == GuidanceMode.NONE) {
                for (int c = 0; c < d; c++) x[c] += b[c] * h + sigma * root * g.next();
                continue;
            }
            g.fill(xi, 0, samples * d);
            endpoints(lik, s, cond, condOff, mode);
            ascent(s);
            double gain = mode == GuidanceMode.PRINCIPLED ? config.lambda() * sigma * sigma * h : config.zeta();
            for (int c = 0; c < d; c++) x[c] += b[c] * h + gain * ascent[c] + sigma * root * g.next();
        }
        System.arraycopy(x, 0, out, outOff, d);
    }

    /**
     * log p̂(y | x₀) = log (1/J)Σ_j exp a(X₁⁽ʲ⁾): the J-sample Monte Carlo likelihood of the transition, the
     * consistency weight of a member (flowdas.md §7), from J <em>unguided</em> sweeps of {@code gridPoints}
     * points (noise from {@code g}). The spec's s = 0 endpoint estimates cannot serve here: at s = 0 the
     * drift carries no information about x₁ (β̇(0) = 0), and for the closed form the Heun estimate is
     * exactly 2εκ(0)ξ and the Euler one εξ, whatever x₀ and m(x₀) are.
     */
    double logLikelihoodOfTransition(Likelihood lik, double[] cond, int condOff, double[] x0, int x0Off, int gridPoints,
                                     Gaussian g) {
        int steps = gridPoints - 1;
        double h = 1.0 / steps, root = Math.sqrt(h);
        double max = Double.NEGATIVE_INFINITY;
        if (hx.length < lik.p) {
            hx = new double[lik.p];
            resid = new double[lik.p];
        }
        for (int j = 0; j < samples; j++) {
            System.arraycopy(x0, x0Off, x, 0, d);
            for (int k = 0; k < steps; k++) {
                double s = k * h, sigma = ip.sigma(s);
                atX.drift(StochasticInterpolant.clamp(s), x, 0, 1, cond, condOff, b, 0);
                for (int c = 0; c < d; c++) x[c] += b[c] * h + sigma * root * g.next();
            }
            norm.fromUnits(x, 0, raw, 0);
            lik.h.apply(raw, 0, hx, 0);
            double a = 0;
            for (int l = 0; l < lik.p; l++) {
                double e = lik.y[l] - hx[l];
                a -= 0.5 * lik.precision[l] * e * e;
            }
            logit[j] = a;
            max = Math.max(max, a);
        }
        for (int j = 0; j < samples; j++) weight[j] = logit[j] - max;
        Exp.inPlace(weight, 0, samples);
        double total = 0;
        for (int j = 0; j < samples; j++) total += weight[j];
        return max + StrictMath.log(total / samples);
    }

    /**
     * log p̂(y | X) at interpolant time s for the given X and fixed endpoint draws ξ (J·d values), and its
     * gradient ∇_X log p̂ into {@code gradient}: the quantity the principled guidance ascends (for tests
     * and diagnostics).
     */
    double logLikelihood(Likelihood lik, double s, double[] state, double[] cond, int condOff, double[] draws, double[] gradient) {
        System.arraycopy(state, 0, x, 0, d);
        System.arraycopy(draws, 0, xi, 0, samples * d);
        atX.drift(StochasticInterpolant.clamp(s), x, 0, 1, cond, condOff, b, 0);
        double value = endpoints(lik, s, cond, condOff, GuidanceMode.PRINCIPLED);
        ascent(s);
        System.arraycopy(ascent, 0, gradient, 0, d);
        return value;
    }

    /**
     * From x, b = b(s, x) and ξ: the endpoint estimates, the softmax weights and the per-sample ascent
     * vectors v_j (∇_{x̂} a_j, or ∇_{x̂}(−r_j) for the upstream mode), all in normalized units. Returns
     * log p̂ = logsumexp(a) − log J (principled) or logsumexp of the upstream logits − log J.
     */
    private double endpoints(Likelihood lik, double s, double[] cond, int condOff, GuidanceMode mode) {
        int jd = samples * d;
        double rest = 1 - s;
        Endpoint endpoint = config.endpoint();
        if (endpoint == Endpoint.EULER) {
            double noise = ip.sigma(s) * Math.sqrt(rest);
            for (int j = 0; j < samples; j++)
                for (int c = 0; c < d; c++) xHat[j * d + c] = x[c] + b[c] * rest + noise * xi[j * d + c];
        } else {
            double noise = config.endpointNoise() == EndpointNoise.KAPPA ? ip.kappaNoise(s) : ip.itoNoise(s);
            if (endpoint == Endpoint.HEUN) {
                for (int j = 0; j < samples; j++)
                    for (int c = 0; c < d; c++) xTilde[j * d + c] = x[c] + b[c] * rest + noise * xi[j * d + c];
                atSamples.drift(StochasticInterpolant.S_MAX, xTilde, 0, samples, cond, condOff, b2, 0);
                for (int i = 0; i < jd; i++) {
                    int c = i % d;
                    xHat[i] = x[c] + 0.5 * (b[c] + b2[i]) * rest + noise * xi[i];
                }
            } else { // LORENZ: b₂ = b(1 − 1e-5, X) shared by all samples
                atSamples.drift(StochasticInterpolant.S_MAX, x, 0, 1, cond, condOff, b2, 0);
                for (int j = 0; j < samples; j++)
                    for (int c = 0; c < d; c++) xHat[j * d + c] = x[c] + 0.5 * (b[c] + b2[c]) * rest + noise * xi[j * d + c];
            }
        }
        if (hx.length < lik.p) {
            hx = new double[lik.p];
            resid = new double[lik.p];
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < samples; j++) {
            int o = j * d;
            norm.fromUnits(xHat, o, raw, 0);
            lik.h.apply(raw, 0, hx, 0);
            double value;
            if (mode == GuidanceMode.UPSTREAM) {
                double r2 = 0;
                for (int l = 0; l < lik.p; l++) {
                    double e = lik.mask[l] * (lik.y[l] - hx[l]);
                    r2 += e * e;
                    resid[l] = e;
                }
                double r = Math.sqrt(r2);
                value = -r / (2 * lik.meanVariance);
                double inv = r > 0 ? 1 / r : 0; // ∇(−r) = J_hᵀ e / r
                for (int l = 0; l < lik.p; l++) resid[l] *= inv;
            } else {
                double a = 0;
                for (int l = 0; l < lik.p; l++) {
                    double e = lik.y[l] - hx[l];
                    a -= 0.5 * lik.precision[l] * e * e;
                    resid[l] = lik.precision[l] * e;
                }
                value = a;
            }
            logit[j] = value;
            max = Math.max(max, value);
            lik.h.adjoint(raw, 0, resid, 0, gradRaw, 0);
            for (int c = 0; c < d; c++) v[o + c] = gradRaw[c] * norm.scale(c);
        }
        for (int j = 0; j < samples; j++) weight[j] = logit[j] - max;
        Exp.inPlace(weight, 0, samples);
        double total = 0;
        for (int j = 0; j < samples; j++) total += weight[j];
        for (int j = 0; j < samples; j++) weight[j] /= total;
        return max + StrictMath.log(total / samples);
    }

    /** D = Σ_j ω_j (∂x̂⁽ʲ⁾/∂X)ᵀ v_j into {@link #ascent}, from the state {@link #endpoints} left. */
    private void ascent(double s) {
        double rest = 1 - s;
        java.util.Arrays.fill(vSum, 0);
        for (int j = 0; j < samples; j++)
            for (int c = 0; c < d; c++) vSum[c] += weight[j] * v[j * d + c];
        switch (config.endpoint()) {
            case EULER -> { // ∂x̂/∂X = I + (1−s)J_b
                atX.adjoint(vSum, 0, tmp, 0);
                for (int c = 0; c < d; c++) ascent[c] = vSum[c] + rest * tmp[c];
            }
            case LORENZ -> { // ∂x̂/∂X = I + ½(1−s)(J_b + J_b₂)
                atX.adjoint(vSum, 0, tmp, 0);
                atSamples.adjoint(vSum, 0, tmp2, 0);
                for (int c = 0; c < d; c++) ascent[c] = vSum[c] + 0.5 * rest * (tmp[c] + tmp2[c]);
            }
            default -> { // HEUN
                int jd = samples * d;
                for (int i = 0; i < jd; i++) wv[i] = weight[i / d] * v[i];
                atSamples.adjoint(wv, 0, u, 0);
                java.util.Arrays.fill(uSum, 0);
                for (int j = 0; j < samples; j++)
                    for (int c = 0; c < d; c++) uSum[c] += u[j * d + c];
                for (int c = 0; c < d; c++) tmp2[c] = vSum[c] + rest * uSum[c];
                atX.adjoint(tmp2, 0, tmp, 0);
                for (int c = 0; c < d; c++) ascent[c] = vSum[c] + 0.5 * rest * uSum[c] + 0.5 * rest * tmp[c];
            }
        }
    }
}
