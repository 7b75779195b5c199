package org.enflow.filter;

import org.enflow.ensemble.Ensemble;
import org.enflow.observe.Observation;

/**
 * An ensemble filter: one call per assimilation cycle turns the forecast ensemble into the analysis
 * ensemble, in place. Filters that need state across cycles (EnFF-F2P's previous analysis) keep it
 * themselves. Randomness comes from the filter's own seeded per-member streams.
 */
public interface Filter {
    /** Called once with the initial ensemble, before the first cycle. */
    default void initialize(Ensemble initial) {}

    /** Replaces {@code ensemble} (the forecast) by the analysis given {@code observation}. */
    void assimilate(Ensemble ensemble, Observation observation);

    /** Number of field evaluations of the last analysis (NFE), for generative filters; 0 otherwise. */
    default long lastFieldEvaluations() {
        return 0;
    }

    /**
     * Normalized importance weights of the current ensemble members (same order), or {@code null} when
     * the members are equally weighted, which is the case for every filter except a particle filter
     * that carries weights across cycles without resampling. Ensemble statistics (mean, spread, metrics)
     * of a weighted ensemble must use these weights. The array is owned by the filter and valid until
     * its next {@link #assimilate}; the forecast keeps the weights of the previous analysis.
     */
    default double[] weights() {
        return null;
    }

    /** A short name with the main hyperparameters, for logs. */
    String describe();
}
