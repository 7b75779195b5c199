package org.enflow.observe;

import org.enflow.kernel.Require;

/**
 * The Gaussian likelihood of one observation, p(y | x) ∝ exp(−E(x)) with
 *
 * <pre>
 *   E(x) = ½ Σ_l w_l (y_l − h_l(x))² / R_l,      ∇_x log p(y | x) = J_h(x)ᵀ [w (y − h(x)) / R]
 * </pre>
 *
 * where w are the operator's {@link ObservationOperator#likelihoodWeights() weights}: masked
 * (ZeroMask-unobserved) entries contribute exactly 0, whatever y holds there. Callers evaluate h(x)
 * themselves (batched over members) and pass it in; nothing here allocates per call.
 */
public final class GaussianLikelihood {
    private final double[] y;
    /** w_l / R_l. */
    private final double[] precision;
    private final int observed;

    public GaussianLikelihood(Observation observation) {
        Require.notNull("observation", observation);
        double[] w = observation.operator().likelihoodWeights();
        double[] r = observation.variances();
        this.y = observation.values().clone();
        this.precision = new double[y.length];
        int count = 0;
        for (int l = 0; l < y.length; l++) {
            precision[l] = w[l] / r[l];
            if (w[l] != 0) count++;
        }
        this.observed = count;
    }

    /** Number of outputs with weight ≠ 0 (the effective number of scalar observations). */
    public int observedCount() {
        return observed;
    }

    public int dim() {
        return y.length;
    }

    /** E = ½ Σ_l w_l (y_l − hx_l)² / R_l for hx = hx[off .. off+p). */
    public double energy(double[] hx, int off) {
        ElementwiseOperator.checkSpan("hx", hx, off, y.length);
        int p = y.length;
        // Four independent accumulators in a fixed order: deterministic and not latency-bound.
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int l = 0;
        for (; l + 3 < p; l += 4) {
            double e0 = y[l] - hx[off + l], e1 = y[l + 1] - hx[off + l + 1];
            double e2 = y[l + 2] - hx[off + l + 2], e3 = y[l + 3] - hx[off + l + 3];
            s0 += precision[l] * e0 * e0;
            s1 += precision[l + 1] * e1 * e1;
            s2 += precision[l + 2] * e2 * e2;
            s3 += precision[l + 3] * e3 * e3;
        }
        for (; l < p; l++) {
            double e = y[l] - hx[off + l];
            s0 += precision[l] * e * e;
        }
        return 0.5 * ((s0 + s1) + (s2 + s3));
    }

    /**
     * out[outOff + l] = w_l (y_l − hx_l) / R_l: feed it to {@link ObservationOperator#adjoint} to get
     * ∇_x log p(y | x) = −∇E(x).
     */
    public void precisionResidual(double[] hx, int off, double[] out, int outOff) {
        ElementwiseOperator.checkSpan("hx", hx, off, y.length);
        ElementwiseOperator.checkSpan("out", out, outOff, y.length);
        for (int l = 0; l < y.length; l++) out[outOff + l] = precision[l] * (y[l] - hx[off + l]);
    }
}
