package org.enflow.experiment;

import org.enflow.ensemble.Ensemble;
import org.enflow.observe.Observation;

/** Called by {@link TwinExperiment} as it runs (progress bars, tests, custom diagnostics). */
public interface CycleListener {
    /** After spin-up and the initial ensemble, before cycle 0. */
    default void onStart(ExperimentConfig config) {}

    /**
     * After the analysis of one cycle. The arrays are the experiment's own and valid only during the
     * call: read, don't keep or modify.
     */
    default void onCycle(CycleRecord record, double[] truth, Observation observation, Ensemble analysis) {}

    /** A listener that does nothing. */
    CycleListener NONE = new CycleListener() {};
}
