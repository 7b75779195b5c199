package org.enflow.model.ode;

/**
 * A first-order system y′ = f(t, y) on one flat {@code double[]} of n components: what
 * {@link DormandPrince54} integrates. Implementations write f into the caller-owned {@code dydt} and must
 * not keep references to either array.
 */
@FunctionalInterface
public interface OdeSystem {
    /** dydt[0 .. n) = f(t, y[0 .. n)); {@code y} must not be modified. */
    void evaluate(double t, double[] y, double[] dydt);
}
