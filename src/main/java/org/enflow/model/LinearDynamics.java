package org.enflow.model;

/**
 * A model whose one-step map is linear, x ← M x (+ optional Gaussian process noise with covariance Q
 * per step): what the exact Kalman filter needs to propagate a mean and a covariance.
 */
public interface LinearDynamics {
    /** State dimension d. */
    int dim();

    /** M, d×d row-major; the caller must not modify it. */
    double[] matrix();

    /** Q per step, d×d row-major, or {@code null} for none (the default). */
    default double[] processNoise() {
        return null;
    }
}
