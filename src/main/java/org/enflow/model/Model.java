package org.enflow.model;

import org.enflow.ensemble.Ensemble;

/**
 * A forecast model: advances every member of an ensemble in place, in parallel over members and
 * deterministically (the result does not depend on the thread count).
 */
public interface Model {
    /** State dimension d. */
    int dim();

    /** The model time step. */
    double dt();

    /**
     * Advances every member of {@code ensemble} by {@code steps} time steps, starting at time {@code t0}.
     * Implementations must not allocate per step.
     */
    void advance(Ensemble ensemble, double t0, int steps);

    /** A short name for logs, e.g. "lorenz96(d=40, F=8)". */
    String describe();
}
