package org.enflow.model;

/**
 * The right-hand side f of dx/dt = f(x, t), batched over members on flat arrays. Implement this to
 * supply your own model; wrap it with an {@link Integrator} to get a {@link Model}.
 */
public interface Drift {
    /** State dimension d. */
    int dim();

    /**
     * Writes f(x_i, t) into {@code out} for members i in [from, to): member i's state is
     * {@code x[i*d .. (i+1)*d)} and its drift goes to the same positions of {@code out}. Must be safe to
     * call concurrently on disjoint member ranges and must not allocate.
     */
    void evaluate(double[] x, double[] out, int from, int to, double t);
}
