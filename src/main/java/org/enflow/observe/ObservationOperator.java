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

    /**
     * True when h acts componentwise: every output k is φ(x_c) for a scalar function φ of one state
     * component c, distinct outputs read distinct components, and unobserved components influence nothing.
     * Then J_h(x)ᵀ r at component c needs only x_c, so a filter can evaluate likelihood gradients block by
     * block while it streams over the state ({@link #adjointResidualBlock}). Default: false (filters then
     * use {@link #apply} and {@link #adjoint} on whole vectors).
     */
    default boolean isComponentwise() {
        return false;
    }

    /**
     * True when h is componentwise ({@link #isComponentwise()}) with p = d and output c reading component c:
     * h_c(x) = φ(x_c), or identically 0 where masked. Then h(x) restricted to a range of components needs only
     * those components, and a filter can apply h block by block while it streams over the state
     * ({@link #applyBlock}). Default: false.
     */
    default boolean isAligned() {
        return false;
    }

    /**
     * For an aligned operator ({@link #isAligned()}), outputs [from, to) of h(x): reads x_c at
     * {@code x[xOff + c − from]} and writes h_c(x) to {@code y[yOff + c − from]}, the same bits as {@link #apply}
     * gives for those outputs. {@code y} may be {@code x} at the same offset. Must not allocate.
     *
     * @throws UnsupportedOperationException if the operator is not aligned
     */
    default void applyBlock(double[] x, int xOff, int from, int to, double[] y, int yOff) {
        throw new UnsupportedOperationException(describe() + " is not component-aligned; use apply");
    }

    /**
     * For a componentwise operator ({@link #isComponentwise()}), one block of the weighted residual
     * adjoint J_h(x)ᵀ (w ⊙ (y − h(x))) = −∇_x ½Σ_k w_k (y_k − h_k(x))²: for each state component c in
     * [from, to), reads x_c at {@code x[xOff + c − from]} and writes
     * φ'(x_c)·w_k·(y_k − φ(x_c)) (k the output observing c), or 0 when no output observes c, to
     * {@code out[outOff + c − from]}. {@code y} and {@code w} are indexed by output. {@code out} must not
     * overlap {@code x}. Must not allocate.
     *
     * @throws UnsupportedOperationException if the operator is not componentwise
     */
    default void adjointResidualBlock(double[] x, int xOff, int from, int to, double[] y, double[] w, double[] out,
                                      int outOff) {
        throw new UnsupportedOperationException(describe() + " is not componentwise; use apply and adjoint");
    }
}
