package org.enflow.experiment;

import java.util.Arrays;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.AbsDifferenceSums;
import org.enflow.kernel.PairwiseDistances;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;

/**
 * Per-cycle verification scores of an ensemble against the truth (protocol.md §2).
 *
 * <ul>
 *   <li>RMSE of the ensemble mean: sqrt((1/d) Σ_j (x̄_j − x*_j)²).</li>
 *   <li>Spread (RMV): sqrt((1/d) Σ_j var_j), var_j with the 1/(N−1) normalization.</li>
 *   <li>CRPS, averaged over components, in the plain (not "fair") variant
 *       (1/N)Σ_i|x_ij − x*_j| − (1/(2N²))Σ_{i,k}|x_ij − x_kj|; the pair sum is computed by sorting,
 *       Σ_{i,k}|a_i − a_k| = 2Σ_i (2i − N − 1) a_(i) with 1-based order statistics, O(N log N).</li>
 *   <li>Energy score (1/N)Σ_i‖x_i − x*‖ − (1/(2N²))Σ_{i,k}‖x_i − x_k‖, O(N²d).</li>
 * </ul>
 *
 * <p>Every score is a sum over components cut into blocks that depend only on d and N (never on the thread
 * count) and combined in block order, so a score is bit-identical for any {@link Parallel}.
 */
public final class Metrics {
    /** The energy score is skipped (reported as null) above this many N·N·d operations per cycle. */
    public static final double ENERGY_SCORE_MAX_WORK = 1e11;

    /** Components handled together inside a block: the working set (N rows of CHUNK doubles) stays in L1/L2. */
    private static final int CHUNK = 512;

    private Metrics() {}

    /** True when the O(N²d) energy score is cheap enough to compute every cycle (N·N·d ≤ 1e11). */
    public static boolean energyScoreAffordable(int members, int dim) {
        return (double) members * members * dim <= ENERGY_SCORE_MAX_WORK;
    }

    /** RMSE of the ensemble mean against {@code truth}. */
    public static double rmse(Ensemble ensemble, double[] truth, Parallel parallel) {
        check(ensemble, truth, parallel);
        int n = ensemble.members(), d = ensemble.dim();
        double[] x = ensemble.data();
        double sum = blockSum(parallel, d, grain(65536, n), (from, to) -> {
            double[] mean = new double[Math.min(CHUNK, to - from)];
            double s = 0;
            for (int c0 = from; c0 < to; c0 += CHUNK) {
                int len = Math.min(CHUNK, to - c0);
                columnMeans(x, n, d, c0, len, mean);
                for (int j = 0; j < len; j++) {
                    double e = mean[j] - truth[c0 + j];
                    s += e * e;
                }
            }
            return s;
        });
        return Math.sqrt(sum / d);
    }

    /** Spread (root mean variance, 1/(N−1)); needs at least 2 members. */
    public static double spread(Ensemble ensemble, Parallel parallel) {
        Require.notNull("ensemble", ensemble);
        Require.notNull("parallel", parallel);
        int n = ensemble.members(), d = ensemble.dim();
        if (n < 2) throw new IllegalArgumentException("members = " + n + ": the spread needs at least 2 members");
        double[] x = ensemble.data();
        double sum = blockSum(parallel, d, grain(65536, n), (from, to) -> {
            double[] mean = new double[Math.min(CHUNK, to - from)];
            double[] ss = new double[mean.length];
            double s = 0;
            for (int c0 = from; c0 < to; c0 += CHUNK) {
                int len = Math.min(CHUNK, to - c0);
                columnMeans(x, n, d, c0, len, mean);
                Arrays.fill(ss, 0, len, 0.0);
                for (int i = 0; i < n; i++) {
                    int off = i * d + c0;
                    for (int j = 0; j < len; j++) {
                        double a = x[off + j] - mean[j];
                        ss[j] += a * a;
                    }
                }
                for (int j = 0; j < len; j++) s += ss[j];
            }
            return s;
        });
        return Math.sqrt(sum / ((double) d * (n - 1)));
    }

    /**
     * CRPS averaged over components (plain 1/(2N²) variant). The pair sum Σ_{i,k}|x_ij − x_kj| is computed
     * by direct pairs for N ≤ {@value #CRPS_PAIRWISE_MAX_MEMBERS} (N²/2 branch-free differences per component,
     * vectorized across components by {@link AbsDifferenceSums}: at N = 20 many times faster than sorting
     * 20 strided values)
     * and by the sorting formula above that (O(N log N)); both are the same sum up to rounding.
     */
    public static double crps(Ensemble ensemble, double[] truth, Parallel parallel) {
        check(ensemble, truth, parallel);
        return ensemble.members() <= CRPS_PAIRWISE_MAX_MEMBERS ? crpsPairwise(ensemble, truth, parallel)
                : crpsSorting(ensemble, truth, parallel);
    }

    /** Up to this ensemble size the CRPS pair sum is computed pair by pair rather than by sorting. */
    static final int CRPS_PAIRWISE_MAX_MEMBERS = 128;

    /** CRPS by the sorting formula, one component at a time. */
    static double crpsSorting(Ensemble ensemble, double[] truth, Parallel parallel) {
        int n = ensemble.members(), d = ensemble.dim();
        double[] x = ensemble.data();
        double sum = blockSum(parallel, d, grain(8192, n), (from, to) -> {
            double[] column = new double[n];
            double s = 0;
            for (int j = from; j < to; j++) {
                for (int i = 0; i < n; i++) column[i] = x[i * d + j];
                s += crpsInPlace(column, n, truth[j]);
            }
            return s;
        });
        return sum / d;
    }

    /** CRPS with the pair sum taken over pairs i < k ({@link AbsDifferenceSums}), for chunks of components at once. */
    static double crpsPairwise(Ensemble ensemble, double[] truth, Parallel parallel) {
        int n = ensemble.members(), d = ensemble.dim();
        double[] x = ensemble.data();
        double sum = blockSum(parallel, d, grain(1 << 20, n * n), (from, to) -> {
            double[] abs = new double[Math.min(PAIR_CHUNK, to - from)], pairs = new double[abs.length];
            double s = 0;
            for (int c0 = from; c0 < to; c0 += PAIR_CHUNK) {
                int len = Math.min(PAIR_CHUNK, to - c0);
                AbsDifferenceSums.compute(x, c0, n, d, len, truth, c0, abs, pairs);
                // Σ_{i,k} over ordered pairs = 2Σ_{i<k}, so (1/(2N²))Σ_{i,k} = Σ_{i<k}/N².
                double invN = 1.0 / n, invN2 = 1.0 / ((double) n * n);
                for (int j = 0; j < len; j++) s += abs[j] * invN - pairs[j] * invN2;
            }
            return s;
        });
        return sum / d;
    }

    /** Components per chunk of the pairwise CRPS (the sums of a chunk are formed before they are added in). */
    private static final int PAIR_CHUNK = 256;

    /** CRPS of one scalar ensemble {@code members} against {@code truth} (plain variant); does not modify the input. */
    public static double crps(double[] members, double truth) {
        Require.notNull("members", members);
        if (members.length == 0) throw new IllegalArgumentException("members.length = 0: expected at least 1 member");
        return crpsInPlace(members.clone(), members.length, truth);
    }

    /** Sorts {@code a[0..n)} and returns its CRPS against {@code y}. */
    private static double crpsInPlace(double[] a, int n, double y) {
        double abs = 0;
        for (int i = 0; i < n; i++) abs += Math.abs(a[i] - y);
        Arrays.sort(a, 0, n);
        return abs / n - sortedPairSum(a, n) / (2.0 * n * n);
    }

    /**
     * Σ_{i,k}|a_i − a_k| over all ordered pairs of the sorted values {@code a[0..n)}:
     * 2Σ_i (2i − N − 1) a_(i), i = 1..N.
     */
    public static double sortedPairSum(double[] sorted, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (2.0 * (i + 1) - n - 1) * sorted[i];
        return 2 * s;
    }

    /**
     * Energy score of the ensemble against {@code truth}; O(N²d). The squared distances ‖x_i − x*‖² and
     * ‖x_i − x_k‖² come from the kernel's difference-based {@link PairwiseDistances#squaredStreaming}
     * (accurate for close members, vectorized, thread-count independent).
     */
    public static double energyScore(Ensemble ensemble, double[] truth, Parallel parallel) {
        check(ensemble, truth, parallel);
        int n = ensemble.members(), d = ensemble.dim();
        double[] x = ensemble.data();
        double[] pairs = new double[n * n], toTruth = new double[n];
        double[] work = new double[Math.max(PairwiseDistances.streamingWorkspaceLength(n, n, d),
                PairwiseDistances.streamingWorkspaceLength(n, 1, d))];
        PairwiseDistances.squaredStreaming(parallel, x, 0, n, x, 0, n, d, pairs, work);
        PairwiseDistances.squaredStreaming(parallel, x, 0, n, truth, 0, 1, d, toTruth, work);
        double near = 0, between = 0;
        for (int i = 0; i < n; i++) near += Math.sqrt(toTruth[i]);
        for (int i = 0; i < n; i++) for (int k = i + 1; k < n; k++) between += Math.sqrt(pairs[i * n + k]);
        // Σ_{i,k} over ordered pairs is twice the sum over i < k, so (1/(2N²))·2·between.
        return near / n - between / ((double) n * n);
    }

    // ---- weighted ensembles (a particle filter that carries importance weights, Filter.weights()) ----

    /**
     * The weights to score with: {@code null} (equally weighted) when {@code weights} is null or all its
     * entries are equal, so the unweighted scores and the rank histogram apply; otherwise the weights.
     */
    public static double[] effectiveWeights(double[] weights) {
        if (weights == null) return null;
        for (int i = 1; i < weights.length; i++) if (weights[i] != weights[0]) return weights;
        return null;
    }

    /** RMSE of the weighted mean Σ_i w_i x_i (normalized weights); {@code weights == null}: {@link #rmse}. */
    public static double rmse(Ensemble ensemble, double[] truth, double[] weights, Parallel parallel) {
        if (weights == null) return rmse(ensemble, truth, parallel);
        check(ensemble, truth, parallel);
        int n = ensemble.members(), d = ensemble.dim();
        Require.length("weights", weights, n);
        double[] x = ensemble.data();
        double sum = blockSum(parallel, d, grain(65536, n), (from, to) -> {
            double[] mean = new double[Math.min(CHUNK, to - from)];
            double s = 0;
            for (int c0 = from; c0 < to; c0 += CHUNK) {
                int len = Math.min(CHUNK, to - c0);
                weightedColumnMeans(x, n, d, c0, len, weights, mean);
                for (int j = 0; j < len; j++) {
                    double e = mean[j] - truth[c0 + j];
                    s += e * e;
                }
            }
            return s;
        });
        return Math.sqrt(sum / d);
    }

    /**
     * Spread of a weighted ensemble: sqrt of the mean over components of the unbiased weighted variance
     * Σ_i w_i (x_ij − x̄_j)² / (1 − Σ_i w_i²), which is the 1/(N−1) variance for equal weights.
     * {@code weights == null}: {@link #spread}. A single particle carrying all the weight has spread 0.
     */
    public static double spread(Ensemble ensemble, double[] weights, Parallel parallel) {
        if (weights == null) return spread(ensemble, parallel);
        Require.notNull("ensemble", ensemble);
        Require.notNull("parallel", parallel);
        int n = ensemble.members(), d = ensemble.dim();
        Require.length("weights", weights, n);
        double sw2 = 0;
        for (double w : weights) sw2 += w * w;
        if (!(1 - sw2 > 0)) return 0;
        double[] x = ensemble.data();
        double sum = blockSum(parallel, d, grain(65536, n), (from, to) -> {
            double[] mean = new double[Math.min(CHUNK, to - from)];
            double[] ss = new double[mean.length];
            double s = 0;
            for (int c0 = from; c0 < to; c0 += CHUNK) {
                int len = Math.min(CHUNK, to - c0);
                weightedColumnMeans(x, n, d, c0, len, weights, mean);
                Arrays.fill(ss, 0, len, 0.0);
                for (int i = 0; i < n; i++) {
                    double w = weights[i];
                    int off = i * d + c0;
                    for (int j = 0; j < len; j++) {
                        double a = x[off + j] - mean[j];
                        ss[j] += w * a * a;
                    }
                }
                for (int j = 0; j < len; j++) s += ss[j];
            }
            return s;
        });
        return Math.sqrt(sum / (d * (1 - sw2)));
    }

    /**
     * CRPS of the weighted empirical distribution, averaged over components:
     * Σ_i w_i|x_ij − x*_j| − ½Σ_{i,k} w_i w_k |x_ij − x_kj|, the pair sum by sorting with cumulative weights,
     * 2Σ_i w_(i) a_(i) (W_below − W_above). Equals {@link #crps} for equal weights (up to rounding).
     */
    public static double crps(Ensemble ensemble, double[] truth, double[] weights, Parallel parallel) {
        if (weights == null) return crps(ensemble, truth, parallel);
        check(ensemble, truth, parallel);
        int n = ensemble.members(), d = ensemble.dim();
        Require.length("weights", weights, n);
        double[] x = ensemble.data();
        double sum = blockSum(parallel, d, grain(8192, n), (from, to) -> {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) order[i] = i;
            double s = 0;
            for (int j = from; j < to; j++) {
                double abs = 0;
                for (int i = 0; i < n; i++) abs += weights[i] * Math.abs(x[i * d + j] - truth[j]);
                s += abs - 0.5 * weightedPairSum(x, d, j, weights, n, order);
            }
            return s;
        });
        return sum / d;
    }

    /** Σ_{i,k} w_i w_k |a_i − a_k| for a_i = x[i·d + j], by sorting member indices on their value. */
    private static double weightedPairSum(double[] x, int d, int j, double[] w, int n, Integer[] order) {
        Arrays.sort(order, (p, q) -> Double.compare(x[p * d + j], x[q * d + j]));
        double below = 0, total = 0;
        for (double v : w) total += v;
        double s = 0;
        for (int r = 0; r < n; r++) {
            int i = order[r];
            double wi = w[i];
            double above = total - below - wi;
            s += wi * x[i * d + j] * (below - above);
            below += wi;
        }
        return 2 * s;
    }

    /** Energy score of the weighted empirical distribution: Σ_i w_i‖x_i − x*‖ − ½Σ_{i,k} w_i w_k‖x_i − x_k‖. */
    public static double energyScore(Ensemble ensemble, double[] truth, double[] weights, Parallel parallel) {
        if (weights == null) return energyScore(ensemble, truth, parallel);
        check(ensemble, truth, parallel);
        int n = ensemble.members(), d = ensemble.dim();
        Require.length("weights", weights, n);
        double[] x = ensemble.data();
        double[] pairs = new double[n * n], toTruth = new double[n];
        double[] work = new double[Math.max(PairwiseDistances.streamingWorkspaceLength(n, n, d),
                PairwiseDistances.streamingWorkspaceLength(n, 1, d))];
        PairwiseDistances.squaredStreaming(parallel, x, 0, n, x, 0, n, d, pairs, work);
        PairwiseDistances.squaredStreaming(parallel, x, 0, n, truth, 0, 1, d, toTruth, work);
        double near = 0, between = 0;
        for (int i = 0; i < n; i++) near += weights[i] * Math.sqrt(toTruth[i]);
        for (int i = 0; i < n; i++) for (int k = i + 1; k < n; k++) between += weights[i] * weights[k] * Math.sqrt(pairs[i * n + k]);
        return near - between;
    }

    /** mean[0..len) = Σ_i w_i x_i over components [c0, c0+len). */
    private static void weightedColumnMeans(double[] x, int n, int d, int c0, int len, double[] w, double[] mean) {
        Arrays.fill(mean, 0, len, 0.0);
        for (int i = 0; i < n; i++) {
            double wi = w[i];
            int off = i * d + c0;
            for (int j = 0; j < len; j++) mean[j] += wi * x[off + j];
        }
    }

    /** mean[0..len) = member average of components [c0, c0+len). */
    private static void columnMeans(double[] x, int n, int d, int c0, int len, double[] mean) {
        Arrays.fill(mean, 0, len, 0.0);
        for (int i = 0; i < n; i++) {
            int off = i * d + c0;
            for (int j = 0; j < len; j++) mean[j] += x[off + j];
        }
        double inv = 1.0 / n;
        for (int j = 0; j < len; j++) mean[j] *= inv;
    }

    /** Components per block so that a block is about {@code work} member-operations (≥ ~0.5 ms of work). */
    private static int grain(int work, int perComponent) {
        return Math.max(64, work / Math.max(1, perComponent));
    }

    @FunctionalInterface
    private interface BlockSum {
        double sum(int from, int to);
    }

    /** Sum of per-block partials over [0, n), combined in block order (thread-count independent). */
    private static double blockSum(Parallel parallel, int n, int grain, BlockSum body) {
        double[] partial = new double[Parallel.blockCount(n, grain)];
        parallel.forRange(n, grain, (b, from, to) -> partial[b] = body.sum(from, to));
        double s = 0;
        for (double p : partial) s += p;
        return s;
    }

    private static void check(Ensemble ensemble, double[] truth, Parallel parallel) {
        Require.notNull("ensemble", ensemble);
        Require.notNull("parallel", parallel);
        Require.length("truth", truth, ensemble.dim());
    }
}
