package org.enflow.filter.common;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Blas;
import org.enflow.kernel.Parallel;
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
        apply(e, Parallel.sequential());
    }

    /** Values per block of the mean's column blocks (at least {@value #MIN_COLUMNS} columns) and of the update's member blocks. */
    private static final int BLOCK_VALUES = 1 << 14, MIN_COLUMNS = 16;

    /**
     * Inflates the ensemble in place, in parallel: the mean over fixed column blocks, each column summed in member
     * order (the bits of {@link Moments#mean}), then the members over fixed blocks; the result does not depend on
     * the thread count.
     */
    public void apply(Ensemble e, Parallel parallel) {
        if (factor == 1.0) return;
        int n = e.members(), d = e.dim();
        if (mean.length < d) mean = new double[d];
        double[] x = e.data(), m = mean;
        double inv = 1.0 / n, s = factor;
        parallel.forRange(d, Math.max(MIN_COLUMNS, BLOCK_VALUES / n), (b, c0, c1) -> {
            Blas.sumOfRows(x, c0, n, c1 - c0, d, m, c0);
            for (int k = c0; k < c1; k++) m[k] *= inv;
        });
        parallel.forRange(n, Math.max(1, BLOCK_VALUES / d), (b, from, to) -> {
            for (int i = from; i < to; i++) {
                int o = i * d;
                for (int k = 0; k < d; k++) x[o + k] = m[k] + s * (x[o + k] - m[k]);
            }
        });
    }
}
