package org.enflow.filter.classical;

import org.enflow.ensemble.Ensemble;
import org.enflow.filter.common.Moments;
import org.enflow.kernel.Parallel;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;

/**
 * The ensemble statistics every classical analysis starts from, on flat member-major arrays:
 * mean x̄ (d), anomalies A (N×d), predicted observations h(x_i) (N×p) with mean ȳ, and the whitened
 * observation anomalies Ŷ = (h(x_i) − ȳ) R^{-1/2} (N×p) and innovation d̂ = (y − ȳ) R^{-1/2} (p).
 * Workspaces grow on demand and are reused across cycles; nothing is allocated once sizes are stable.
 */
final class ObservedEnsemble {
    int n, d, p;
    double[] mean = new double[0];
    double[] anomalies = new double[0];
    double[] predicted = new double[0];
    double[] predictedMean = new double[0];
    double[] whitened = new double[0];
    double[] innovation = new double[0];
    double[] invSqrtR = new double[0];

    /** Members per block when applying h in parallel: enough work per block to amortize a fork. */
    private static final int MEMBER_GRAIN_ELEMENTS = 1 << 16;

    /** h(x_i) into {@link #predicted} only (no means, anomalies or whitening): what the particle filter needs. */
    void computePredictedOnly(Ensemble e, Observation obs, Parallel parallel) {
        n = e.members();
        d = e.dim();
        ObservationOperator h = obs.operator();
        if (h.inputDim() != d)
            throw new IllegalArgumentException("observation operator input dimension " + h.inputDim()
                    + " does not match the state dimension " + d);
        p = h.outputDim();
        if (predicted.length < n * p) predicted = new double[n * p];
        applyOperator(e.data(), h, parallel);
    }

    private void applyOperator(double[] x, ObservationOperator h, Parallel parallel) {
        int grain = Math.max(1, MEMBER_GRAIN_ELEMENTS / Math.max(1, d + p));
        final double[] pred = predicted;
        final int dd = d, pp = p;
        parallel.forRange(n, grain, (block, from, to) -> {
            for (int i = from; i < to; i++) h.apply(x, i * dd, pred, i * pp);
        });
        for (int i = 0; i < n * p; i++) {
            if (!Double.isFinite(pred[i]))
                throw new IllegalStateException("h(x) of member " + i / p + " has component " + i % p + " = " + pred[i]
                        + ": the observation operator returned a non-finite value");
        }
    }

    void compute(Ensemble e, Observation obs, Parallel parallel, boolean needWhitened) {
        n = e.members();
        d = e.dim();
        ObservationOperator h = obs.operator();
        if (h.inputDim() != d)
            throw new IllegalArgumentException("observation operator input dimension " + h.inputDim()
                    + " does not match the state dimension " + d);
        p = h.outputDim();
        ensure();
        double[] x = e.data();
        Moments.mean(x, 0, n, d, mean);
        Moments.anomalies(x, 0, n, d, mean, anomalies);
        applyOperator(x, h, parallel);
        double[] pred = predicted;
        Moments.mean(pred, 0, n, p, predictedMean);
        if (!needWhitened) return;
        double[] r = obs.variances();
        double[] y = obs.values();
        for (int l = 0; l < p; l++) {
            invSqrtR[l] = 1 / Math.sqrt(r[l]);
            innovation[l] = (y[l] - predictedMean[l]) * invSqrtR[l];
        }
        for (int i = 0; i < n; i++) {
            int o = i * p;
            for (int l = 0; l < p; l++) whitened[o + l] = (pred[o + l] - predictedMean[l]) * invSqrtR[l];
        }
    }

    private void ensure() {
        if (mean.length < d) mean = new double[d];
        if (anomalies.length < n * d) anomalies = new double[n * d];
        if (predicted.length < n * p) predicted = new double[n * p];
        if (whitened.length < n * p) whitened = new double[n * p];
        if (predictedMean.length < p) predictedMean = new double[p];
        if (innovation.length < p) innovation = new double[p];
        if (invSqrtR.length < p) invSqrtR = new double[p];
    }
}
