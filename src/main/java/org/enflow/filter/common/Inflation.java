package org.enflow.filter.common;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Require;

/**
 * Multiplicative inflation of the anomalies about the ensemble mean, x_i ← x̄ + s(x_i − x̄): the
 * covariance grows by s². Applied after the analysis (DAPPER's {@code infl}, enff-code's
 * {@code inflation_scale}); s = 1 is a no-op.
 */
public final class Inflation {
    private final double factor;
    private double[] mean = new double[0];

    public Inflation(double factor) {
        this.factor = Require.positive("inflation", factor);
    }

    public double factor() {
        return factor;
    }

    /** Inflates the ensemble in place (allocates only when the dimension grows). */
    public void apply(Ensemble e) {
        if (factor == 1.0) return;
        int n = e.members(), d = e.dim();
        if (mean.length < d) mean = new double[d];
        double[] x = e.data();
        Moments.mean(x, 0, n, d, mean);
        double s = factor;
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int k = 0; k < d; k++) x[o + k] = mean[k] + s * (x[o + k] - mean[k]);
        }
    }
}
