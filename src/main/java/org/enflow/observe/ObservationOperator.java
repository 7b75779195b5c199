package org.enflow.observe;

/**
 * An observation operator h: R^d -> R^p with its adjoint-Jacobian product J_h(x)^T r.
 *
 * <p>Methods work on flat arrays at offsets so that callers can pass members of an ensemble without
 * copying. Implementations are thread-safe and allocate nothing per call.
 */
public interface ObservationOperator {
    /** Input (state) dimension d. */
    int inputDim();

    /** Output (observation) dimension p. */
    int outputDim();

    /** y[yOff .. yOff+p) = h(x[xOff .. xOff+d)). */
    void apply(double[] x, int xOff, double[] y, int yOff);

    /** out[outOff .. outOff+d) = J_h(x)^T r, with r = r[rOff .. rOff+p). */
    void adjoint(double[] x, int xOff, double[] r, int rOff, double[] out, int outOff);

    /**
     * The physical coordinate of each output (the grid index of its source component), used for
     * localization. Length p.
     */
    double[] positions();

    /**
     * A short name in the grammar of {@link Operators#parse}, stages in application order, e.g.
     * "arctan" or "every:2:1>arctan".
     */
    String describe();

    /**
     * The weight of each output in the Gaussian log-likelihood −½ Σ_l w_l (y_l − h_l(x))² / R_l: 1 for an
     * output that observes the state, 0 for an output that is identically zero whatever x is (the
     * unobserved entries of a zero mask). Such entries carry no information; with observations drawn by
     * {@link ObservationNoise} both y_l and h_l(x) are exactly 0 there, so they contribute exactly 0 even
     * without the weight. Classical filters that count or perturb observations should skip them (or,
     * better, use the Select form). Default: all ones. Returns a new array: call it once, at setup.
     */
    default double[] likelihoodWeights() {
        double[] w = new double[outputDim()];
        java.util.Arrays.fill(w, 1.0);
        return w;
    }
}
