package org.enflow.filter.flowdas;

import org.enflow.kernel.Parallel;

/**
 * The drift b(s, x, x₀) of the FlowDAS interpolant SDE for one transition kernel p(x₁ | x₀), in the
 * coordinates of its {@link #normalization()}: either the closed form for a Gaussian transition
 * ({@link GaussianTransitionDrift}) or a trained network ({@link MlpDrift}).
 *
 * <p>The dependence on x₀ goes through a per-member <em>conditioning</em> vector, computed once per
 * assimilation cycle for all members by {@link #condition} (x₀ itself for a network; x₀ and the mean map
 * m(x₀) for the closed form). Evaluations then run per member on an {@link Evaluator}, which holds the
 * scratch space of one thread.
 */
public interface TransitionDrift {
    /** State dimension d. */
    int dim();

    /** The interpolant this drift belongs to (its ε). */
    StochasticInterpolant interpolant();

    /** The coordinates the drift acts in. */
    Normalization normalization();

    /** Values of conditioning per member. */
    int conditionWidth();

    /**
     * Conditioning of {@code members} states x₀ (normalized, row-major d each) into {@code out}
     * (row-major {@link #conditionWidth()} each).
     */
    void condition(double[] x0, int members, double[] out, Parallel parallel);

    /** Scratch space for evaluating up to {@code maxRows} points at once (one per thread). */
    Evaluator evaluator(int maxRows);

    /** A short description for logs. */
    String describe();

    /** Evaluations of one drift; not thread-safe, allocation-free. */
    interface Evaluator {
        /**
         * out[outOff + r·d ..] = b(s, x_r, x₀) for the {@code rows} points x_r = x[xOff + r·d ..], all with the
         * same s (already clamped by the caller) and the conditioning at {@code cond[condOff ..]}.
         */
        void drift(double s, double[] x, int xOff, int rows, double[] cond, int condOff, double[] out, int outOff);

        /**
         * For the rows of the last {@link #drift} call: out[outOff + r·d ..] = (∂b/∂x (s, x_r))ᵀ g_r with
         * g_r = g[gOff + r·d ..] (a vector–Jacobian product per row).
         */
        void adjoint(double[] g, int gOff, double[] out, int outOff);
    }
}
