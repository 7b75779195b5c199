package org.enflow.filter.classical;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterParameter;
import org.enflow.filter.FilterSettings;
import org.enflow.filter.classical.linalg.Cholesky;
import org.enflow.filter.classical.linalg.ColumnBlocks;
import org.enflow.filter.classical.linalg.PivotedCholesky;
import org.enflow.filter.classical.linalg.SmallDense;
import org.enflow.filter.common.Moments;
import org.enflow.filter.common.Resampler;
import org.enflow.kernel.Blas;
import org.enflow.kernel.Exp;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Gram;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;
import org.enflow.kernel.RandomStreams;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;

/**
 * The bootstrap particle filter (sequential importance resampling with the model as proposal), after
 * DAPPER's {@code PartFilt}:
 * <ol>
 *   <li>log w_i ← log w_i − ½‖R^{-1/2}(y − h(x_i))‖², normalized by log-sum-exp (max shift) in double;</li>
 *   <li>if N_eff = 1/Σw² ≤ {@code resample_threshold}·N: resample (multinomial, systematic, stratified or
 *       residual) and set w = 1/N; with {@code jitter} = reg &gt; 0, add N(0, h²Ĉ_w) to every particle of a
 *       duplicated group, h = reg·N^{−1/(d+4)}, Ĉ_w the weighted covariance with the pre-resampling
 *       weights and the unbiasing factor 1/(1 − Σw²) (uniform weights if 1 − Σw² &lt; 1e−5);</li>
 *   <li>otherwise the weights carry over to the next cycle.</li>
 * </ol>
 *
 * <p><b>Weights in the Filter API.</b> When the filter does not resample, the analysis is the weighted
 * ensemble: {@link #weights()} returns the normalized weights (always non-null; uniform right after a
 * resampling), and every statistic of the analysis (mean, spread, metrics) must use them. The members
 * keep their order through the forecast, so the same weights apply to the next forecast.
 *
 * <p>Inflation (default 1, off) scales the anomalies about the weighted mean. Jitter draws come from
 * the per-member FILTER streams, resampling from FILTER stream N. The jitter is sampled as L z with
 * z ~ N(0, I_d) and L Lᵀ = h²Ĉ_w (Cholesky) when d &lt; N, and as ζᵀ C12 with ζ ~ N(0, I_N) otherwise
 * (DAPPER's form): the same Gaussian law, at O(d²) instead of O(Nd) per particle. When Ĉ_w is singular
 * (a few particles carry the weight: the usual case at large d), the factor is the pivoted Cholesky one of
 * its numerical rank r, z ~ N(0, I_r): O(r²d) to build instead of an O(d³) eigendecomposition (0.54 s of a
 * 0.83 s analysis at N = 2000, d = 1000 on one core), O(rd) per particle.
 *
 * <p>One analysis: h(x_i), the log-weights (kept between cycles, so no logarithm per particle), N_eff,
 * and on resampling the jitter factor (weighted mean and covariance, its factor), the resampling, the
 * rebuild of every member from its ancestor and the jitter of duplicated members (parallel blocks). For
 * d ≥ N everything after the weights runs in one pass over blocks of columns (see resampleByColumns).
 */
public final class BootstrapParticleFilter implements Filter {
    /** DAPPER's degeneracy test for the jitter covariance: 1 − Σw² below this uses uniform weights. */
    static final double DEGENERATE_WEIGHTS = 1e-5;
    /**
     * From this d on (with d &lt; N) Ĉ_w = ZᵀZ is the packed Gram kernel's product of Zᵀ with itself. Below, the
     * member-block products (d×d and a block of Z stay in cache; every DAPPER-sized row, d = 3 and 40, keeps them).
     */
    static final int PACKED_GRAM_MIN_DIM = 256;
    /** Duplicated members per jitter chunk: draws and jitter of a chunk stay in L1/L2. */
    private static final int CHUNK = 32;

    private final int n, packedGramMinDim;
    private final Resampler resampler;
    private final double threshold;
    private final double jitter;
    private final double inflation;
    private final Parallel parallel;
    private final Gaussian[] memberNoise;
    private final UniformRandomProvider resampleRng;
    /** Normalized weights and their logarithms (the state carried between cycles). */
    private final double[] w, logw, points, cdf;
    private final int[] idx, slot, ancestor;
    private final boolean[] dup;

    private double[] copy = new double[0], mean = new double[0], chol = new double[0], z = new double[0];
    private double[] factor = new double[0], rinv = new double[0], hx = new double[0], partial = new double[0];
    private double[] gramWork = new double[0];
    private double[] blockMax = new double[0];
    private final Chunk[] chunks = new Chunk[Parallel.MAX_BLOCKS];
    private int factorCols;
    /** The jitter's weights (the pre-resampling ones, or uniform when degenerate), 1/(1 − Σw²) and h: see jitterScales. */
    private final double[] jitterWeights;
    private double jitterUb, jitterH;
    /** Members of duplicated groups, in order (the column pass), and their jitter draws ζ (N each, row by row). */
    private final int[] duplicated;
    private double[] draws = new double[0];
    private final ThreadLocal<ColumnScratch> columnScratch = ThreadLocal.withInitial(ColumnScratch::new);
    /** Tests turn this off to compare the column pass (d ≥ N) with the member-block route. */
    boolean columnPass = true;
    /** Whether the jitter factor B = Lᵀ is upper triangular (Cholesky succeeded): its zeros are skipped. */
    private boolean upperFactor;
    /** Workspace of the pivoted factorization (singular Ĉ_w). */
    private int[] pivots = new int[0];
    private double[] residual = new double[0];
    private boolean[] chosen = new boolean[0];

    private boolean resampledLast;
    private double lastEffectiveSize;

    public BootstrapParticleFilter(int members, Resampler resampler, double resampleThreshold, double jitter,
                                   double inflation, RandomStreams streams, Parallel parallel) {
        this(members, resampler, resampleThreshold, jitter, inflation, streams, parallel, PACKED_GRAM_MIN_DIM);
    }

    /** Test hook: {@code packedGramMinDim} chooses between the two routes to Ĉ_w (see {@link #PACKED_GRAM_MIN_DIM}). */
    BootstrapParticleFilter(int members, Resampler resampler, double resampleThreshold, double jitter, double inflation,
                            RandomStreams streams, Parallel parallel, int packedGramMinDim) {
        this.packedGramMinDim = Require.positive("packedGramMinDim", packedGramMinDim);
        this.n = Keys.members(members);
        this.resampler = Require.notNull("resampler", resampler);
        this.threshold = Require.inRange("resample_threshold", resampleThreshold, 0, 1);
        this.jitter = Require.nonNegative("jitter", jitter);
        this.inflation = Require.positive("inflation", inflation);
        this.parallel = parallel == null ? Parallel.common() : parallel;
        UniformRandomProvider[] rngs = Require.notNull("streams", streams).streams(RandomStreams.Purpose.FILTER, n + 1);
        this.memberNoise = new Gaussian[n];
        for (int i = 0; i < n; i++) memberNoise[i] = new Gaussian(rngs[i]);
        this.resampleRng = rngs[n];
        this.w = new double[n];
        this.logw = new double[n];
        this.points = new double[n];
        this.cdf = new double[n + 1];
        this.idx = new int[n];
        this.slot = new int[n];
        this.ancestor = new int[n];
        this.dup = new boolean[n];
        this.jitterWeights = new double[n];
        this.duplicated = new int[n];
        uniformWeights();
    }

    private void uniformWeights() {
        java.util.Arrays.fill(w, 1.0 / n);
        java.util.Arrays.fill(logw, -Math.log(n));
    }

    @Override
    public void initialize(Ensemble initial) {
        uniformWeights();
    }

    @Override
    public void assimilate(Ensemble e, Observation obs) {
        if (e.members() != n) throw new IllegalArgumentException("ensemble has " + e.members() + " members: expected " + n);
        int d = e.dim();
        ObservationOperator h = obs.operator();
        if (h.inputDim() != d)
            throw new IllegalArgumentException("observation operator input dimension " + h.inputDim()
                    + " does not match the state dimension " + d);
        int p = h.outputDim();
        double[] x = e.data(), y = obs.values(), r = obs.variances();
        if (rinv.length < p) rinv = new double[p];
        for (int l = 0; l < p; l++) rinv[l] = 1 / r[l];
        // h(x_i) into a per-block buffer that stays in L1, then its misfit: the N×p predictions are never stored.
        int grain = Math.max(1, WEIGHT_GRAIN_VALUES / (p + d)), blocks = Parallel.blockCount(n, grain);
        if (hx.length < blocks * p) hx = new double[blocks * p];
        if (blockMax.length < blocks) blockMax = new double[blocks];
        if (blocks == 1) weighBlock(x, d, h, y, p, 0, 0, n);
        else parallel.forRange(n, grain, (b, from, to) -> weighBlock(x, d, h, y, p, b, from, to));
        double max = blockMax[0];
        for (int b = 1; b < blocks; b++) max = Math.max(max, blockMax[b]);
        if (!(max > Double.NEGATIVE_INFINITY) || Double.isNaN(max))
            throw new IllegalStateException("particle log-weights are all -infinity or NaN (max = " + max + ")");
        Exp.applyShifted(logw, 0, max, w, 0, n);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += w[i];
        // sum >= 1: the largest weight is exp(0). Normalize both the weights and their logarithms.
        double inv = 1 / sum, shift = max + Math.log(sum);
        for (int i = 0; i < n; i++) {
            w[i] *= inv;
            logw[i] -= shift;
        }
        lastEffectiveSize = Resampler.effectiveSize(w, n);
        resampledLast = lastEffectiveSize <= threshold * n;
        if (resampledLast) resample(e, d);
        if (inflation != 1.0) inflate(e, d);
    }

    /** Members per block when weighing in parallel: about this many values of x and h(x) each (~40 µs). */
    private static final int WEIGHT_GRAIN_VALUES = 1 << 15;

    /** Members [from, to): log w_i −= ½‖y − h(x_i)‖²_R⁻¹, and the block's largest log-weight into blockMax[block]. */
    private void weighBlock(double[] x, int d, ObservationOperator h, double[] y, int p, int block, int from, int to) {
        double[] buf = hx;
        int off = block * p;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            h.apply(x, i * d, buf, off);
            double m = misfit(buf, off, y, rinv, p);
            // A non-finite misfit is either a non-finite h(x) (an error) or an overflow of finite innovations,
            // which is weight zero (log-weight −∞), handled below like any other.
            if (!Double.isFinite(m)) {
                for (int l = 0; l < p; l++) {
                    if (!Double.isFinite(buf[off + l]))
                        throw new IllegalStateException("h(x) of member " + i + " has component " + l + " = "
                                + buf[off + l] + ": the observation operator returned a non-finite value");
                }
            }
            double lw = logw[i] - 0.5 * m;
            logw[i] = lw;
            if (lw > max) max = lw;
        }
        blockMax[block] = max;
    }

    /** Σ_l (y_l − h_l)²/R_l for h = pred[off ..], four accumulators in a fixed order. */
    private static double misfit(double[] pred, int off, double[] y, double[] rinv, int p) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int l = 0;
        for (; l + 4 <= p; l += 4) {
            double e0 = y[l] - pred[off + l], e1 = y[l + 1] - pred[off + l + 1];
            double e2 = y[l + 2] - pred[off + l + 2], e3 = y[l + 3] - pred[off + l + 3];
            s0 = Math.fma(e0 * e0, rinv[l], s0);
            s1 = Math.fma(e1 * e1, rinv[l + 1], s1);
            s2 = Math.fma(e2 * e2, rinv[l + 2], s2);
            s3 = Math.fma(e3 * e3, rinv[l + 3], s3);
        }
        for (; l < p; l++) {
            double e0 = y[l] - pred[off + l];
            s0 = Math.fma(e0 * e0, rinv[l], s0);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Resampling: the distinct ancestors are copied aside once, then every member is rebuilt from its
     * ancestor and, if it belongs to a duplicated group, jittered; members are processed in parallel
     * blocks, each drawing from its own stream, so the result does not depend on the thread count.
     */
    private void resample(Ensemble e, int d) {
        double[] x = e.data();
        boolean jit = jitter > 0;
        if (columnPass && !useCholesky(d)) {
            resampleByColumns(x, d, jit);
            return;
        }
        if (jit) prepareJitter(x, d);
        resampler.resample(w, n, resampleRng, idx, points, cdf);
        if (copy.length < n * d) copy = new double[n * d];
        int distinct = ancestry(jit);
        // The distinct ancestors are copied aside in parallel blocks (rows of d values each).
        int copyGrain = Math.max(1, (1 << 16) / Math.max(1, d));
        if (Parallel.blockCount(distinct, copyGrain) == 1) copyAncestors(x, d, 0, distinct);
        else parallel.forRange(distinct, copyGrain, (b, from, to) -> copyAncestors(x, d, from, to));
        uniformWeights();
        int cols = jit ? factorCols : 0;
        // Up to 16 members share a pass over the jitter factor; small ensembles are cut in two all the same.
        int grain = Math.max(Math.min(16, (n + 1) / 2), (1 << 19) / ((cols + 8) * Math.max(1, d)));
        if (Parallel.blockCount(n, grain) == 1) rebuild(x, d, 0, 0, n);
        else parallel.forRange(n, grain, (b, from, to) -> rebuild(x, d, b, from, to));
    }

    /**
     * From the sorted ancestor indices idx: the distinct ancestors (ancestor[0..distinct)), each member's slot among
     * them and whether it belongs to a duplicated group (every copy, the first one included, is jittered); returns
     * the number of distinct ancestors.
     */
    private int ancestry(boolean jit) {
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || idx[i] != idx[i - 1]) ancestor[distinct++] = idx[i];
            slot[i] = distinct - 1;
            dup[i] = jit && ((i > 0 && idx[i] == idx[i - 1]) || (i + 1 < n && idx[i] == idx[i + 1]));
        }
        return distinct;
    }

    /**
     * Resampling for d ≥ N, where the jitter factor is B = h·C12 (N×d, row l = h√(ub w_l)(x_l − x̄_w)): every
     * quantity after the weights is column by column (the weighted mean, B, the ancestors' rows, each new member
     * ancestor + ζ_iᵀB), so one pass over blocks of columns does it all while the block sits in L2: x is read once
     * and written once. The member-block route ({@code columnPass} off; still the route for d &lt; N) read x twice more
     * and wrote and read two further N×d arrays (the ancestors' copy and B): at N = 20, d = 10⁵ about 100 MB per
     * analysis against 48 MB with the weighing, and 9.5 against 8.3 ms on one thread. The draws ζ_i (N per duplicated member, from its own stream) are taken first; each element is the
     * same fma chain as on the member-block route (the column blocks are multiples of {@link SmallDense#PAD}
     * wide, so each column keeps its vector lane), so both routes give the same bits on any thread count.
     */
    private void resampleByColumns(double[] x, int d, boolean jit) {
        if (jit) jitterScales(d);
        resampler.resample(w, n, resampleRng, idx, points, cdf);
        int distinct = ancestry(jit);
        int dups = 0;
        for (int i = 0; i < n; i++) if (dup[i]) duplicated[dups++] = i;
        if (dups > 0) {
            draws = Dense.grow(draws, dups * n);
            int count = dups;
            parallel.forRange(count, Math.max(1, 4096 / n), (b, from, to) -> {
                for (int r = from; r < to; r++) memberNoise[duplicated[r]].fill(draws, r * n, n);
            });
        }
        if (jit && mean.length < d) mean = new double[d];
        int width = columnWidth(d, (jit ? n : 0) + distinct), units = (d + width - 1) / width;
        int dupCount = dups, distinctCount = distinct;
        long work = (long) n * d * (dups > 0 ? 2 + dups : 2);
        if (work < ColumnBlocks.SERIAL_FMAS || units == 1) {
            columnBlocks(x, d, jit, distinct, dups, width, 0, units);
        } else {
            parallel.forRange(units, 1, (b, u0, u1) -> columnBlocks(x, d, jit, distinctCount, dupCount, width, u0, u1));
        }
        uniformWeights();
    }

    /**
     * Columns per block of {@link #resampleByColumns}: the block's rows of B and of the ancestors ({@code rows} rows)
     * take about 256 KiB, and a range cuts into at least 16 blocks while they are 16 columns or more; a multiple of
     * 2·{@link SmallDense#PAD}.
     */
    static int columnWidth(int d, int rows) {
        int step = 2 * SmallDense.PAD;
        int cache = (32768 / Math.max(1, rows)) / step * step;
        int spread = ((d + 15) / 16 + step - 1) / step * step;
        return Math.max(step, Math.min(cache, spread));
    }

    /** Column blocks [u0, u1) of {@link #resampleByColumns}, in this thread's scratch. */
    private void columnBlocks(double[] x, int d, boolean jit, int distinct, int dups, int width, int u0, int u1) {
        ColumnScratch s = columnScratch.get().fit(width, (jit ? n : 0) + distinct);
        for (int u = u0; u < u1; u++) {
            int k0 = u * width;
            columnBlock(x, d, jit, distinct, dups, width, k0, Math.min(d, k0 + width), s);
        }
    }

    /**
     * Columns [k0, k1): the weighted mean, the block of B (rows after the ancestors' in the scratch), the ancestors'
     * rows, then every member's new row: its ancestor's (not written when it is its own unjittered ancestor) or,
     * duplicated, its ancestor's plus ζ_iᵀB.
     */
    private void columnBlock(double[] x, int d, boolean jit, int distinct, int dups, int width, int k0, int k1,
                             ColumnScratch s) {
        int len = k1 - k0;
        double[] buf = s.values;
        int bOff = distinct * width;
        if (jit) {
            double[] ww = jitterWeights;
            Blas.weightedSumOfRows(ww, 0, x, k0, n, len, d, mean, k0);
            for (int l = 0; l < n; l++) {
                double cl = Math.sqrt(jitterUb * ww[l]) * jitterH;
                int o = l * d + k0, t = bOff + l * width;
                for (int k = 0; k < len; k++) buf[t + k] = cl * (x[o + k] - mean[k0 + k]);
            }
        }
        for (int a = 0; a < distinct; a++) System.arraycopy(x, ancestor[a] * d + k0, buf, a * width, len);
        for (int i = 0; i < n; i++) {
            if (!dup[i] && ancestor[slot[i]] != i) System.arraycopy(buf, slot[i] * width, x, i * d + k0, len);
        }
        for (int r0 = 0; r0 < dups; r0 += CHUNK) {
            int m = Math.min(CHUNK, dups - r0);
            for (int q = 0; q < m; q++) {
                int i = duplicated[r0 + q];
                s.from[q] = slot[i] * width;
                s.to[q] = i * d + k0;
            }
            SmallDense.multiplyAddRows(m, len, n, draws, r0 * n, n, buf, bOff, width, buf, s.from, x, s.to, false);
        }
    }

    /** One thread's workspace of {@link #columnBlock}: rows of one column block, and a chunk's row offsets. */
    private static final class ColumnScratch {
        double[] values = new double[0];
        final int[] from = new int[CHUNK], to = new int[CHUNK];

        ColumnScratch fit(int width, int rows) {
            if (values.length < (long) width * rows) values = new double[width * rows];
            return this;
        }
    }

    /** Slots [from, to) of the copy: the rows of the distinct ancestors. */
    private void copyAncestors(double[] x, int d, int from, int to) {
        for (int k = from; k < to; k++) System.arraycopy(x, ancestor[k] * d, copy, k * d, d);
    }

    /** Members [from, to): x_i = ancestor row, plus B z_i (z_i ~ N(0, I) from member i's stream) if duplicated. */
    private void rebuild(double[] x, int d, int block, int from, int to) {
        int cols = factorCols;
        double[] b = factor;
        Chunk work = null;
        for (int c0 = from; c0 < to; c0 += CHUNK) {
            int c1 = Math.min(to, c0 + CHUNK), m = 0;
            for (int i = c0; i < c1; i++) {
                if (!dup[i]) System.arraycopy(copy, slot[i] * d, x, i * d, d);
                else m++;
            }
            if (m == 0) continue;
            if (work == null) work = chunk(block, cols);
            int r = 0;
            for (int i = c0; i < c1; i++) {
                if (!dup[i]) continue;
                memberNoise[i].fill(work.draws, r * cols, cols);
                work.from[r] = slot[i] * d;
                work.to[r++] = i * d;
            }
            if (upperFactor || d <= 2 * columnChunk(cols)) {
                SmallDense.multiplyAddRows(m, d, cols, work.draws, 0, cols, b, 0, d, copy, work.from, x, work.to, upperFactor);
                continue;
            }
            // Long rows (the N×d factor C12 at large d): column chunks, so each chunk of the factor is read from
            // memory once for the chunk's m members instead of once per 4-row tile; every element is the same chain.
            for (int j0 = 0, cw = columnChunk(cols); j0 < d; j0 += cw) {
                for (int q = 0; q < m; q++) {
                    work.fromAt[q] = work.from[q] + j0;
                    work.toAt[q] = work.to[q] + j0;
                }
                SmallDense.multiplyAddRows(m, Math.min(cw, d - j0), cols, work.draws, 0, cols, b, j0, d, copy, work.fromAt, x,
                        work.toAt, false);
            }
        }
    }

    /** Columns per chunk of the jitter product: the chunk's cols rows of the factor take about 256 KiB (L2). */
    private static int columnChunk(int cols) {
        return Math.max(SmallDense.PAD, (32768 / Math.max(1, cols)) / SmallDense.PAD * SmallDense.PAD);
    }

    /** Workspace of one parallel block: the chunk's draws and its rows' source and target offsets (and at a column). */
    private static final class Chunk {
        final double[] draws;
        final int[] from = new int[CHUNK], to = new int[CHUNK], fromAt = new int[CHUNK], toAt = new int[CHUNK];

        Chunk(int cols) {
            draws = new double[CHUNK * cols];
        }
    }

    private synchronized Chunk chunk(int block, int cols) {
        Chunk c = chunks[block];
        if (c == null || c.draws.length < CHUNK * cols) chunks[block] = c = new Chunk(cols);
        return c;
    }

    /**
     * The jitter's weights into jitterWeights (the current ones, or uniform if 1 − Σw² &lt; {@value #DEGENERATE_WEIGHTS}),
     * the unbiasing factor 1/(1 − Σw²) and the bandwidth h = reg·N^{−1/(d+4)}.
     */
    private void jitterScales(int d) {
        double sw2 = 0;
        for (int i = 0; i < n; i++) sw2 += w[i] * w[i];
        if (1 - sw2 < DEGENERATE_WEIGHTS) {
            java.util.Arrays.fill(jitterWeights, 0, n, 1.0 / n);
            sw2 = 1.0 / n;
        } else {
            System.arraycopy(w, 0, jitterWeights, 0, n);
        }
        jitterUb = 1 / (1 - sw2);
        jitterH = jitter * Math.pow(n, -1.0 / (d + 4));
    }

    /** d &lt; N: sample the jitter through the d×d Cholesky factor (O(d²) per draw) rather than C12 (O(Nd)). */
    private boolean useCholesky(int d) {
        return d < n;
    }

    /**
     * The jitter factor B (rows of length d) with BᵀB = h²Ĉ_w, Ĉ_w the weighted covariance with the
     * pre-resampling weights (uniform if 1 − Σw² &lt; {@value #DEGENERATE_WEIGHTS}) and the unbiasing
     * factor 1/(1 − Σw²): for d &lt; N, B = Lᵀ with L the Cholesky factor of h²Ĉ_w (d×d), or if Ĉ_w is
     * singular the r×d pivoted Cholesky factor of its numerical rank ({@link PivotedCholesky}); else
     * B = h·C12 (N×d, DAPPER's raw square root, row i = √(ub w_i)(x_i − x̄_w)). Ĉ_w = ZᵀZ is formed by
     * row-oriented products in parallel over member blocks, or from d = {@value #PACKED_GRAM_MIN_DIM} on by the
     * packed Gram kernel over the rows of Zᵀ; both factorizations share their work out in fixed blocks of
     * columns or rows, so the factor does not depend on the thread count.
     */
    private void prepareJitter(double[] x, int d) {
        jitterScales(d);
        double[] ww = jitterWeights;
        double ub = jitterUb, h = jitterH;
        if (mean.length < d) mean = new double[d];
        if (z.length < n * d) z = new double[n * d];
        boolean chol = useCholesky(d);
        factorCols = chol ? d : n;
        upperFactor = false;
        // The weighted mean (and, for the N×d factor, Z) over fixed column blocks: each column is the same fma
        // chain in any block (ColumnBlocks), so the bits do not depend on the thread count. Serial, these two
        // passes were a third of the analysis at N = 20, d = 10⁶ on two threads.
        final double[] wts = ww;
        boolean packed = chol && d >= packedGramMinDim;
        ColumnBlocks.run(parallel, (long) n * d, 0, d, (c0, w) -> {
            Blas.weightedSumOfRows(wts, 0, x, c0, n, w, d, mean, c0);
            if (!chol) scaledAnomalies(x, d, wts, ub, h, 0, n, c0, c0 + w);
            else if (packed) transposedAnomalies(x, d, wts, ub, c0, c0 + w);
        });
        if (!chol) {
            factor = z; // B = h C12, N×d
            return;
        }
        if (this.chol.length < d * d) {
            this.chol = new double[d * d];
            this.factor = new double[d * d];
        }
        double[] c = this.chol;
        if (packed) {
            // Ĉ_w·(1 − Σw²)⁻¹ = ZᵀZ = Gram of the rows of Zᵀ, by the packed register-tiled kernel: cut into
            // fixed row panels, so the same bits on any thread count. The member-block products below read all
            // of Z once per 4 rows of ZᵀZ (5 GB per analysis at N = 10⁴, d = 1000).
            gramWork = Dense.grow(gramWork, Gram.workspaceLength(d, d, n));
            Gram.compute(parallel, z, 0, d, z, 0, d, n, c, gramWork);
        } else {
            // Z (rows √(ub w_i)(x_i − x̄_w)) and ZᵀZ by member blocks, a fixed number of them for (N, d): each block
            // builds its rows of Z and the lower triangle of its partial ZᵀZ; the partials are added in block order,
            // so the result does not depend on the thread count.
            int blocks = (int) Math.max(1, Math.min(4, (long) n * d * d >> 21));
            if (partial.length < blocks * d * d) partial = new double[blocks * d * d];
            double[] pt = partial;
            if (blocks == 1) gramBlock(x, d, ww, ub, 0, n, pt, 0);
            else parallel.forRange(blocks, 1, (b, from, to) -> gramBlock(x, d, ww, ub, Parallel.blockStart(n, blocks, b),
                    Parallel.blockStart(n, blocks, b + 1), pt, b * d * d));
            for (int i = 0; i < d; i++)
                for (int j = 0; j <= i; j++) {
                    double v = pt[i * d + j];
                    for (int b = 1; b < blocks; b++) v += pt[b * d * d + i * d + j];
                    c[i * d + j] = v;
                    c[j * d + i] = v;
                }
        }
        if (copy.length < n * d) copy = new double[n * d];
        scaleAndCopy(c, d, h * h, copy); // copy: kept in case the factorization fails
        for (int k = 0; k < d; k++) {
            if (!Double.isFinite(c[k * d + k]))
                throw new IllegalStateException("the jitter covariance has variance " + c[k * d + k] + " in component " + k
                        + ": a member with non-zero weight is not finite there");
        }
        upperFactor = Cholesky.factor(parallel, c, d) < 0;
        if (!upperFactor) {
            if (pivots.length < d) {
                pivots = new int[d];
                residual = new double[d];
                chosen = new boolean[d];
            }
            factorCols = PivotedCholesky.factorRows(parallel, copy, d, factor, pivots, residual, chosen);
            return;
        }
        // B = Lᵀ: row l holds column l of L. Rows of B in parallel blocks, each reading the same rows of L.
        final double[] lower = c, b = factor;
        parallel.forRange(d, TRANSPOSE_ROWS, (blk, l0, l1) -> {
            for (int k = 0; k < d; k++) for (int l = l0; l < l1; l++) b[l * d + k] = lower[k * d + l];
        });
    }

    /** Rows per block of the d×d transpose: one block's column strip of 16 values is two cache lines per row read. */
    private static final int TRANSPOSE_ROWS = 16;

    /**
     * c ← h2·c and out ← the same d×d values, in blocks on the pool (each entry the same product in any cut). Both
     * triangles are already set: the Gram kernel mirrors its symmetric product and the member-block sums write both.
     * Serial, these passes (and a redundant mirror) were 4 ms of a BPF analysis at N = 2000, d = 1000, 7 % of its time
     * on two threads.
     */
    private void scaleAndCopy(double[] c, int d, double h2, double[] out) {
        parallel.forRange(d * d, 1 << 15, (blk, from, to) -> {
            for (int i = from; i < to; i++) {
                double v = c[i] * h2;
                c[i] = v;
                out[i] = v;
            }
        });
    }

    /** Rows [from, to), columns [k0, k1) of Z = diag(c_i)(x_i − x̄_w) with c_i = √(ub w_i)·scale. */
    private void scaledAnomalies(double[] x, int d, double[] ww, double ub, double scale, int from, int to, int k0, int k1) {
        for (int i = from; i < to; i++) {
            double ci = Math.sqrt(ub * ww[i]) * scale;
            int o = i * d;
            for (int k = k0; k < k1; k++) z[o + k] = ci * (x[o + k] - mean[k]);
        }
    }

    /** Rows [k0, k1) of Zᵀ (N columns each) into z: Zᵀ_ki = √(ub w_i)(x_ik − x̄_w,k). */
    private void transposedAnomalies(double[] x, int d, double[] ww, double ub, int k0, int k1) {
        for (int i = 0; i < n; i++) {
            double ci = Math.sqrt(ub * ww[i]);
            int o = i * d;
            for (int k = k0; k < k1; k++) z[k * n + i] = ci * (x[o + k] - mean[k]);
        }
    }

    /** Members [from, to): their rows of Z, then the lower triangle of their ZᵀZ (4-row blocks up to the diagonal) into out. */
    private void gramBlock(double[] x, int d, double[] ww, double ub, int from, int to, double[] out, int off) {
        scaledAnomalies(x, d, ww, ub, 1, from, to, 0, d);
        int m = to - from;
        for (int r0 = 0; r0 < d; r0 += 4) {
            int rows = Math.min(4, d - r0), cols = Math.min(d, SmallDense.padded(r0 + rows));
            SmallDense.multiply(rows, cols, m, z, from * d + r0, 1, d, z, from * d, d, out, off + r0 * d, d);
        }
    }

    private void inflate(Ensemble e, int d) {
        double[] x = e.data();
        if (mean.length < d) mean = new double[d];
        Moments.weightedMean(x, n, d, w, mean);
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int k = 0; k < d; k++) x[o + k] = mean[k] + inflation * (x[o + k] - mean[k]);
        }
    }

    @Override
    public double[] weights() {
        return w;
    }

    /** Whether the last analysis resampled. */
    public boolean resampledLast() {
        return resampledLast;
    }

    /** N_eff = 1/Σw² of the last analysis, before any resampling. */
    public double lastEffectiveSize() {
        return lastEffectiveSize;
    }

    @Override
    public String describe() {
        return "bpf(N=" + n + ", " + resampler.name().toLowerCase() + ", threshold=" + threshold + ", jitter=" + jitter
                + (inflation != 1 ? ", inflation=" + inflation : "") + ")";
    }

    /** Factory for {@code --filter bpf}. */
    public static final class Factory implements FilterFactory {
        @Override
        public String name() {
            return "bpf";
        }

        @Override
        public String description() {
            return "bootstrap particle filter: weights carried across cycles, resampling at N_eff/N <= threshold, optional jitter";
        }

        @Override
        public List<FilterParameter> parameters() {
            return List.of(
                    new FilterParameter(Keys.RESAMPLER, "systematic", "multinomial, systematic, stratified or residual"),
                    new FilterParameter(Keys.RESAMPLE_THRESHOLD, "1.0",
                            "resample when N_eff/N <= this (DAPPER NER; 1 = every cycle)"),
                    new FilterParameter(Keys.JITTER, "0",
                            "regularization reg: jitter N(0, h^2 C_w), h = reg N^(-1/(d+4)), on duplicated particles; 0 = none"),
                    Keys.INFLATION_PARAM);
        }

        @Override
        public Filter create(FilterContext c, FilterSettings s) {
            return new BootstrapParticleFilter(c.members(), Resampler.parse(s.string(Keys.RESAMPLER)),
                    s.number(Keys.RESAMPLE_THRESHOLD), s.number(Keys.JITTER), s.positive(Keys.INFLATION), c.streams(),
                    Keys.parallel(c));
        }
    }
}
