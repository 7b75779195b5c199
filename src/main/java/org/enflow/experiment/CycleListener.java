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

    /**
     * The call {@link TwinExperiment} makes after each analysis: as the four-argument form (which it calls by
     * default), plus the analysis weights ({@code null}: equally weighted members).
     */
    default void onCycle(CycleRecord record, double[] truth, Observation observation, Ensemble analysis, double[] weights) {
        onCycle(record, truth, observation, analysis);
    }

    /**
     * With a reference posterior ({@link ReferenceSpec}): its scores of the cycle and the K reference points
     * W2 was computed against, called just before {@link #onCycle} of the same cycle. Read, don't keep.
     */
    default void onReference(ReferenceRecord record, Ensemble referenceSample) {}

    /** A listener that forwards every call to each of {@code listeners} in turn. */
    static CycleListener all(CycleListener... listeners) {
        CycleListener[] ls = listeners.clone();
        return new CycleListener() {
            @Override
            public void onStart(ExperimentConfig config) {
                for (CycleListener l : ls) l.onStart(config);
            }

            @Override
            public void onCycle(CycleRecord record, double[] truth, Observation observation, Ensemble analysis, double[] weights) {
                for (CycleListener l : ls) l.onCycle(record, truth, observation, analysis, weights);
            }

            @Override
            public void onReference(ReferenceRecord record, Ensemble referenceSample) {
                for (CycleListener l : ls) l.onReference(record, referenceSample);
            }
        };
    }

    /** A listener that does nothing. */
    CycleListener NONE = new CycleListener() {};
}
