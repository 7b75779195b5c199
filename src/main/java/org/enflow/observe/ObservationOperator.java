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

    /** A short name, e.g. "arctan" or "every(2,1)∘arctan". */
    String describe();
}
