package org.enflow.filter.classical;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Blas;
import org.enflow.kernel.Parallel;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;

/**
 * The ensemble statistics every classical analysis starts from, on flat member-major arrays:
 * mean x̄ (d), anomalies A (N×d), predicted observations h(x_i) (N×p) with mean ȳ, and the whitened
 * observation anomalies Ŷ = (h(x_i) − ȳ) R^{-1/2} (N×p) and innovation d̂ = (y − ȳ) R^{-1/2} (p).
 * Workspaces grow on demand and are reused across cycles; nothing is allocated once sizes are stable.
 *
 * <p>The column statistics run in one pass per column tile (the tile's N rows stay in cache between the
 * mean and the anomalies), in parallel over fixed column blocks; every column is summed over members in
 * member order. Where those blocks would be narrower than {@value #MIN_BLOCK_COLUMNS} columns (many members, few
 * columns) they run over fixed blocks of members instead: each block's column sums in member order, the blocks'
 * sums added in block order, then the anomalies row by row. Either way the cut depends on N and d alone, so
 * results do not depend on the thread count. Small problems run inline.
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
    /** Per member block, its column sums (the member-block form of the column statistics). */
    private double[] partials = new double[0];

    /** Members per block when applying h in parallel: enough work per block to amortize a fork. */
    private static final int MEMBER_GRAIN_ELEMENTS = 1 << 16;
    /** Values (members × columns) per parallel column block: ~30 µs of streaming (the caller works too, see Parallel). */
    private static final int BLOCK_VALUES = 1 << 15;
    /** Columns per cache tile inside a block: N rows of this many doubles stay in L2 between passes. */
    private static final int TILE = 1024;
    /**
     * Narrowest column block: eight cache lines of each row. At N = 10⁴, d = 40 the blocks were three columns wide, so
     * two threads read (and wrote anomalies into) the same cache lines of every row: the EnKF's column statistics took
     * 1.5 times the single-thread work on two threads.
     */
    static final int MIN_BLOCK_COLUMNS = 64;

    private void applyOperator(double[] x, ObservationOperator h, Parallel parallel) {
        int grain = Math.max(1, MEMBER_GRAIN_ELEMENTS / Math.max(1, d + p));
        if (Parallel.blockCount(n, grain) == 1) {
            applyOperator(x, h, 0, n);
            return;
        }
        parallel.forRange(n, grain, (block, from, to) -> applyOperator(x, h, from, to));
    }

    private void applyOperator(double[] x, ObservationOperator h, int from, int to) {
        double[] pred = predicted;
        for (int i = from; i < to; i++) {
            h.apply(x, i * d, pred, i * p);
            for (int l = i * p, end = l + p; l < end; l++) {
                if (!Double.isFinite(pred[l]))
                    throw new IllegalStateException("h(x) of member " + i + " has component " + (l - i * p) + " = " + pred[l]
                            + ": the observation operator returned a non-finite value");
            }
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
        meanAndAnomalies(x, n, d, mean, anomalies, parallel);
        applyOperator(x, h, parallel);
        if (!needWhitened) {
            meanAndAnomalies(predicted, n, p, predictedMean, null, parallel);
            return;
        }
        double[] r = obs.variances(), y = obs.values();
        int grain = Math.max(1, BLOCK_VALUES / n);
        if (Parallel.blockCount(p, grain) == 1) whiten(r, y, 0, p);
        else if (grain < MIN_BLOCK_COLUMNS) whitenByMembers(r, y, parallel);
        else parallel.forRange(p, grain, (b, c0, c1) -> whiten(r, y, c0, c1));
    }

    /** {@link #whiten} over fixed member blocks: ȳ as {@link #meanByMembers}, then d̂ and R^{-1/2}, then Ŷ by rows. */
    private void whitenByMembers(double[] r, double[] y, Parallel parallel) {
        double[] pred = predicted, pm = predictedMean, isr = invSqrtR, w = whitened;
        meanByMembers(pred, n, p, pm, parallel);
        for (int l = 0; l < p; l++) {
            isr[l] = 1 / Math.sqrt(r[l]);
            innovation[l] = (y[l] - pm[l]) * isr[l];
        }
        int pp = p;
        parallel.forRange(n, memberGrain(p), (b, i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int o = i * pp;
                for (int l = 0; l < pp; l++) w[o + l] = (pred[o + l] - pm[l]) * isr[l];
            }
        });
    }

    /** Members per block of the member-block form: about {@value #BLOCK_VALUES} values, a multiple of 4 (sumOfRows' step). */
    private static int memberGrain(int cols) {
        return Math.max(4, BLOCK_VALUES / cols / 4 * 4);
    }

    /**
     * mean[0..cols) of the n rows of x over fixed blocks of {@link #memberGrain} members: each block's column sums in
     * member order, then the blocks' sums added in block order.
     */
    private void meanByMembers(double[] x, int n, int cols, double[] mean, Parallel parallel) {
        int grain = memberGrain(cols), blocks = Parallel.blockCount(n, grain);
        if (partials.length < blocks * cols) partials = new double[blocks * cols];
        double[] part = partials;
        parallel.forRange(n, grain, (b, i0, i1) -> Blas.sumOfRows(x, i0 * cols, i1 - i0, cols, cols, part, b * cols));
        System.arraycopy(part, 0, mean, 0, cols);
        for (int b = 1; b < blocks; b++) Blas.axpy(1.0, part, b * cols, mean, 0, cols);
        Blas.scale(1.0 / n, mean, 0, cols);
    }

    /** Observation columns [c0, c1): ȳ, R^{-1/2}, d̂ and Ŷ, tile by tile. */
    private void whiten(double[] r, double[] y, int c0, int c1) {
        double[] pred = predicted, pm = predictedMean, isr = invSqrtR, w = whitened;
        for (int t0 = c0; t0 < c1; t0 += TILE) {
            int t1 = Math.min(c1, t0 + TILE);
            columnMean(pred, n, p, pm, t0, t1);
            for (int l = t0; l < t1; l++) {
                isr[l] = 1 / Math.sqrt(r[l]);
                innovation[l] = (y[l] - pm[l]) * isr[l];
            }
            for (int i = 0; i < n; i++) {
                int o = i * p;
                for (int l = t0; l < t1; l++) w[o + l] = (pred[o + l] - pm[l]) * isr[l];
            }
        }
    }

    /**
     * mean (and, if {@code anomalies} is not null, x_i − mean) of the n rows of length d in x, in parallel
     * over column blocks, each column summed in member order; or, where those blocks would be narrower than
     * {@value #MIN_BLOCK_COLUMNS} columns, over member blocks ({@link #meanByMembers}).
     */
    void meanAndAnomalies(double[] x, int n, int d, double[] mean, double[] anomalies, Parallel parallel) {
        int grain = Math.max(1, BLOCK_VALUES / n);
        if (Parallel.blockCount(d, grain) == 1) {
            meanAndAnomalies(x, n, d, mean, anomalies, 0, d);
        } else if (grain < MIN_BLOCK_COLUMNS) {
            meanByMembers(x, n, d, mean, parallel);
            if (anomalies != null)
                parallel.forRange(n, memberGrain(d), (b, i0, i1) -> {
                    for (int i = i0; i < i1; i++) Blas.addScaled(x, i * d, -1.0, mean, 0, anomalies, i * d, d);
                });
        } else {
            parallel.forRange(d, grain, (b, c0, c1) -> meanAndAnomalies(x, n, d, mean, anomalies, c0, c1));
        }
    }

    private static void meanAndAnomalies(double[] x, int n, int d, double[] mean, double[] anomalies, int c0, int c1) {
        for (int t0 = c0; t0 < c1; t0 += TILE) {
            int t1 = Math.min(c1, t0 + TILE), w = t1 - t0;
            columnMean(x, n, d, mean, t0, t1);
            if (anomalies != null)
                for (int i = 0; i < n; i++) Blas.addScaled(x, i * d + t0, -1.0, mean, t0, anomalies, i * d + t0, w);
        }
    }

    /** mean[t0..t1) = (1/n) Σ_i x[i·d + t0 ..], summed in member order. */
    static void columnMean(double[] x, int n, int d, double[] mean, int t0, int t1) {
        Blas.sumOfRows(x, t0, n, t1 - t0, d, mean, t0);
        Blas.scale(1.0 / n, mean, t0, t1 - t0);
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
