package org.enflow.ensemble;

import org.enflow.kernel.Blas;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;

/**
 * Per-component ensemble statistics: mean, anomalies, unbiased variance (1/(N−1)), spread and weighted
 * means, on the flat member-major array, written into caller-owned arrays (nothing allocates but the
 * small fork/join bookkeeping of a parallel call).
 *
 * <p>Each component is accumulated over members in member order by the {@link Blas} row reductions,
 * whose per-column result does not depend on how components are split into blocks. So the sequential
 * and the {@link Parallel} versions give bit-identical results for any thread count. Large ensembles are
 * split over components (or members, for anomalies) in blocks of at least ~2^20 values (~0.5 ms).
 */
public final class EnsembleStatistics {
    /** Values per parallel block: below this a fork/join round trip is not worth it. */
    private static final int BLOCK_VALUES = 1 << 20;

    private EnsembleStatistics() {}

    /** out[j] = (1/N) Σ_i x_ij. */
    public static void mean(Ensemble e, double[] out) {
        mean(e, out, Parallel.sequential());
    }

    /** out[j] = (1/N) Σ_i x_ij. */
    public static void mean(Ensemble e, double[] out, Parallel par) {
        check(e, par);
        int n = e.members(), d = e.dim();
        Require.length("out", out, d);
        double[] x = e.data();
        double inv = 1.0 / n;
        if (Parallel.blockCount(d, columnGrain(n)) == 1) { // inline: no lambda, nothing allocated
            Blas.sumOfRows(x, 0, n, d, d, out, 0);
            Blas.scale(inv, out, 0, d);
            return;
        }
        par.forRange(d, columnGrain(n), (blk, c0, c1) -> {
            Blas.sumOfRows(x, c0, n, c1 - c0, d, out, c0);
            Blas.scale(inv, out, c0, c1 - c0);
        });
    }

    /** out[j] = Σ_i w_i x_ij (weights used as given: normalize them first for a weighted mean). */
    public static void weightedMean(Ensemble e, double[] weights, double[] out, Parallel par) {
        check(e, par);
        int n = e.members(), d = e.dim();
        Require.length("weights", weights, n);
        Require.length("out", out, d);
        double[] x = e.data();
        if (Parallel.blockCount(d, columnGrain(n)) == 1) {
            Blas.weightedSumOfRows(weights, 0, x, 0, n, d, d, out, 0);
            return;
        }
        par.forRange(d, columnGrain(n), (blk, c0, c1) -> Blas.weightedSumOfRows(weights, 0, x, c0, n, c1 - c0, d, out, c0));
    }

    /** out (N·d, member-major) = x_i − mean for every member; {@code out} may be {@code e.data()} (in place). */
    public static void anomalies(Ensemble e, double[] mean, double[] out) {
        anomalies(e, mean, out, Parallel.sequential());
    }

    /** out (N·d, member-major) = x_i − mean for every member; {@code out} may be {@code e.data()} (in place). */
    public static void anomalies(Ensemble e, double[] mean, double[] out, Parallel par) {
        check(e, par);
        int n = e.members(), d = e.dim();
        Require.length("mean", mean, d);
        Require.length("out", out, e.data().length);
        if (out == mean) throw new IllegalArgumentException("out must not be the mean array");
        double[] x = e.data();
        if (Parallel.blockCount(n, Math.max(1, BLOCK_VALUES / d)) == 1) {
            for (int i = 0; i < n; i++) Blas.addScaled(x, i * d, -1.0, mean, 0, out, i * d, d);
            return;
        }
        par.forRange(n, Math.max(1, BLOCK_VALUES / d), (blk, i0, i1) -> {
            for (int i = i0; i < i1; i++) Blas.addScaled(x, i * d, -1.0, mean, 0, out, i * d, d);
        });
    }

    /** out[j] = (1/(N−1)) Σ_i (x_ij − mean_j)², the unbiased variance about the given mean; needs N ≥ 2. */
    public static void variance(Ensemble e, double[] mean, double[] out) {
        variance(e, mean, out, Parallel.sequential());
    }

    /** out[j] = (1/(N−1)) Σ_i (x_ij − mean_j)², the unbiased variance about the given mean; needs N ≥ 2. */
    public static void variance(Ensemble e, double[] mean, double[] out, Parallel par) {
        check(e, par);
        int n = e.members(), d = e.dim();
        if (n < 2) throw new IllegalArgumentException("members = " + n + ": the ensemble variance needs at least 2 members");
        Require.length("mean", mean, d);
        Require.length("out", out, d);
        if (out == mean) throw new IllegalArgumentException("out must not be the mean array");
        double[] x = e.data();
        double inv = 1.0 / (n - 1);
        if (Parallel.blockCount(d, columnGrain(n)) == 1) {
            Blas.squaredDeviationsOfRows(x, 0, n, d, d, mean, 0, out, 0);
            Blas.scale(inv, out, 0, d);
            return;
        }
        par.forRange(d, columnGrain(n), (blk, c0, c1) -> {
            Blas.squaredDeviationsOfRows(x, c0, n, c1 - c0, d, mean, c0, out, c0);
            Blas.scale(inv, out, c0, c1 - c0);
        });
    }

    /** √((1/d) Σ_j variance_j): the ensemble spread compared with the RMSE of the mean. */
    public static double spread(double[] variance) {
        Require.notNull("variance", variance);
        Require.positive("variance.length", variance.length);
        return Math.sqrt(Blas.sum(variance, 0, variance.length) / variance.length);
    }

    /** Computes mean (into {@code mean}) and variance (into {@code variance}) and returns the spread. */
    public static double spread(Ensemble e, double[] mean, double[] variance, Parallel par) {
        mean(e, mean, par);
        variance(e, mean, variance, par);
        return spread(variance);
    }

    private static int columnGrain(int members) {
        return Math.max(64, BLOCK_VALUES / members);
    }

    private static void check(Ensemble e, Parallel par) {
        Require.notNull("ensemble", e);
        Require.notNull("par", par);
    }
}
