package org.enflow.kernel;

/**
 * The fused "pairwise distance → log-weight → softmax → weighted sum of rows" kernel: attention with
 * a negative squared-distance score and a per-key bias,
 *
 * <pre>
 *   ℓ_ij = −scale·‖q_i − k_j‖² + bias_j,   w_i = softmax_j(ℓ_i·),   out_i = Σ_j w_ij v_j,
 * </pre>
 *
 * computed without ever storing the nq × nk weight matrix. It is the Monte Carlo marginal velocity of
 * EnFF and the mixture score of EnSF. Two regimes:
 * <ul>
 *   <li><b>many points, moderate dimension</b> ({@link #attend}): tiles of a register-tiled Gram product on
 *       data centred at the key mean, an online (running-max) softmax and a weighted accumulation of value
 *       rows; compute-bound.</li>
 *   <li><b>few points, huge dimension</b> ({@link #attendStreaming}, and its building block
 *       {@link #accumulateSquaredDistances}): streams over the dimension in cache-sized blocks accumulating
 *       all partial squared distances by <em>direct differences</em> (never ‖a‖² − 2a·b + ‖b‖², which
 *       loses everything when points are close relative to their norms, e.g. σ_min = 1e-5 at d = 10⁶),
 *       combines the per-block partials in block order with compensated summation, then normalizes;
 *       memory-bound.</li>
 * </ul>
 * Every method checks its arguments; logits are handled in double with max-shifting, so scores of −10¹²
 * are fine. A row whose logits are all −∞ (or NaN) throws: there is no silent uniform fallback.
 *
 * <p>Instances hold reusable workspaces (no allocation once sized) and are not thread-safe; the static
 * methods are.
 */
public final class FusedSoftmax {
    private static final boolean VECTOR = Vectorization.enabled();

    /** Components per streamed block in {@link #attendStreaming}: rows of this length stay in L1/L2. */
    static final int STREAM_CHUNK = 512;

    private double[] partials = new double[0];
    private double[] distances = new double[0];
    /** The keys of the last {@link #attend}, packed (see {@link AttentionKeys}). */
    private final AttentionKeys bound = new AttentionKeys();

    public FusedSoftmax() {}

    // ------------------------------------------------------------------------------ row softmax

    /**
     * Replaces {@code logits[off .. off+n)} by their softmax, in double with the maximum subtracted first,
     * and returns the log normalizer log Σ_j exp(ℓ_j). Entries equal to −∞ get weight 0.
     *
     * @throws IllegalStateException if no entry is finite or any entry is NaN or +∞
     */
    public static double softmaxInPlace(double[] logits, int off, int n) {
        checkSlice("logits", logits, off, n);
        if (n == 0) throw new IllegalArgumentException("n = 0: expected at least one logit");
        double m = Double.NEGATIVE_INFINITY;
        for (int j = off; j < off + n; j++) {
            double l = logits[j];
            if (Double.isNaN(l) || l == Double.POSITIVE_INFINITY)
                throw new IllegalStateException("logit " + (j - off) + " = " + l + ": expected a finite number or -Infinity");
            if (l > m) m = l;
        }
        if (m == Double.NEGATIVE_INFINITY) throw new IllegalStateException("all " + n + " logits are -Infinity: no weight to normalize");
        double s = 0;
        for (int j = off; j < off + n; j++) {
            double p = Exp.exp(logits[j] - m); // deterministic on every JDK and JIT tier
            logits[j] = p;
            s += p;
        }
        double inv = 1.0 / s; // s >= 1: the maximum contributes exp(0)
        for (int j = off; j < off + n; j++) logits[j] *= inv;
        return m + Math.log(s);
    }

    // ------------------------------------------------------------- small N: direct differences

    /**
     * d2[d2Off + i·d2Stride + j] += Σ_{c<len} (a[aOff + i·aStride + c] − b[bOff + j·bStride + c])² for
     * i < na, j < nb: the partial squared distances of one block of components, by direct differences.
     * Within a pair the sum runs over {@code len} components in fixed lane order (relative error at most
     * about (len/8 + 8)·2⁻⁵³ since all terms are positive), so callers stream over d in blocks and add
     * the blocks' partials in block order.
     */
    public static void accumulateSquaredDistances(double[] a, int aOff, int aStride, int na, double[] b, int bOff,
                                                  int bStride, int nb, int len, double[] d2, int d2Off, int d2Stride) {
        Require.atLeast("na", na, 0);
        Require.atLeast("nb", nb, 0);
        Require.atLeast("len", len, 0);
        if (na == 0 || nb == 0) return;
        checkRows("a", a, aOff, aStride, na, len);
        checkRows("b", b, bOff, bStride, nb, len);
        checkRows("d2", d2, d2Off, d2Stride, na, nb);
        if (VECTOR) FusedSoftmaxVector.accumulateSquaredDistances(a, aOff, aStride, na, b, bOff, bStride, nb, len, d2, d2Off, d2Stride);
        else FusedSoftmaxScalar.accumulateSquaredDistances(a, aOff, aStride, na, b, bOff, bStride, nb, len, d2, d2Off, d2Stride);
    }

    /**
     * {@link #accumulateSquaredDistances} to the keys b_j = cf·f_j + cp·g_j (rows of f and g at
     * {@code bOff + j·bStride}), formed in registers instead of read from an array: the same bits as
     * materializing b = cf·f + cp·g (multiply each, then add; no fused multiply-add) and calling
     * {@link #accumulateSquaredDistances}. Callers whose keys change from call to call (a flow's path means)
     * save the pass that writes them, and threads that share f and g read them without writing anything the
     * other cores then have to fetch. With {@code cp = 0} and {@code g = f} the keys are cf·f (adding the
     * exact zero cp·f changes at most the sign of a zero key, which no squared difference sees) for finite f.
     */
    public static void accumulateSquaredDistancesToCombination(double[] a, int aOff, int aStride, int na, double cf, double[] f,
                                                               double cp, double[] g, int bOff, int bStride, int nb, int len,
                                                               double[] d2, int d2Off, int d2Stride) {
        Require.atLeast("na", na, 0);
        Require.atLeast("nb", nb, 0);
        Require.atLeast("len", len, 0);
        Require.finite("cf", cf);
        Require.finite("cp", cp);
        if (na == 0 || nb == 0) return;
        checkRows("a", a, aOff, aStride, na, len);
        checkRows("f", f, bOff, bStride, nb, len);
        checkRows("g", g, bOff, bStride, nb, len);
        checkRows("d2", d2, d2Off, d2Stride, na, nb);
        if (VECTOR) {
            FusedSoftmaxVector.accumulateSquaredDistancesToCombination(a, aOff, aStride, na, cf, f, cp, g, bOff, bStride, nb,
                    len, d2, d2Off, d2Stride);
        } else {
            FusedSoftmaxScalar.accumulateSquaredDistancesToCombination(a, aOff, aStride, na, cf, f, cp, g, bOff, bStride, nb,
                    len, d2, d2Off, d2Stride);
        }
    }

    /**
     * The small-N, huge-d regime of the fused kernel: out_i = Σ_j softmax_j(−scale‖q_i − k_j‖² + bias_j) v_j
     * for nq queries and nk keys (row-major, d columns) and values (nk × dv). Pass 1 streams over the d
     * components in blocks (parallel over blocks) accumulating direct-difference distances; the per-block
     * partials are combined in block order with Kahan summation, so the result does not depend on the thread
     * count. Pass 2 streams the values. Memory: about (blocks + 1)·nq·nk doubles of workspace.
     *
     * @param keyBias per-key bias (length nk) or null for none
     */
    public void attendStreaming(double[] q, int nq, double[] k, int nk, int d, double[] keyBias, double scale,
                                double[] v, int dv, double[] out, Parallel parallel) {
        checkAttention(q, nq, k, nk, d, keyBias, scale, v, dv, out, parallel);
        int grain = Math.max(STREAM_CHUNK, (1 << 16) / Math.max(1, nq + nk));
        int blocks = Parallel.blockCount(d, grain);
        int pairs = nq * nk;
        partials = ensure(partials, (long) blocks * pairs);
        distances = ensure(distances, pairs);
        final double[] part = partials;
        java.util.Arrays.fill(part, 0, blocks * pairs, 0.0);
        parallel.forRange(d, grain, (blk, from, to) -> {
            for (int c = from; c < to; c += STREAM_CHUNK) {
                int len = Math.min(STREAM_CHUNK, to - c);
                accumulateSquaredDistances(q, c, d, nq, k, c, d, nk, len, part, blk * pairs, nk);
            }
        });
        double[] w = distances;
        sumBlocksCompensated(part, blocks, pairs, w, 0);
        for (int i = 0; i < nq; i++) {
            int o = i * nk;
            for (int j = 0; j < nk; j++) w[o + j] = -scale * w[o + j] + (keyBias == null ? 0.0 : keyBias[j]);
            softmaxInPlace(w, o, nk);
        }
        // Pass 2 in column chunks, every query per chunk: the nk value rows of a chunk stay in cache while all
        // nq output rows use them, so v streams from memory once (not nq times). Per column the sum over j
        // runs in the same order whatever the chunking, so the result does not depend on the thread count.
        parallel.forRange(dv, grain, (blk, from, to) -> {
            for (int c = from; c < to; c += STREAM_CHUNK) {
                int len = Math.min(STREAM_CHUNK, to - c);
                for (int i = 0; i < nq; i++) weightedRowSum(w, i * nk, nk, v, dv, c, len, out, i * dv);
            }
        });
    }

    /**
     * out[o] = Σ_b part[b·stride + o] for o in [0, stride), block by block in order with Kahan compensation.
     */
    public static void sumBlocksCompensated(double[] part, int blocks, int stride, double[] out, int outOff) {
        sumBlocksCompensated(part, blocks, stride, 0, stride, out, outOff);
    }

    /**
     * {@link #sumBlocksCompensated(double[], int, int, double[], int)} for the entries [from, to) only: each entry's sum
     * is the same chain, so callers can share the entries out over threads and get the same bits.
     */
    public static void sumBlocksCompensated(double[] part, int blocks, int stride, int from, int to, double[] out, int outOff) {
        for (int o = from; o < to; o++) {
            double s = 0, comp = 0;
            for (int b = 0; b < blocks; b++) {
                double y = part[b * stride + o] - comp;
                double t = s + y;
                comp = (t - s) - y;
                s = t;
            }
            out[outOff + o] = s;
        }
    }

    /**
     * out[outOff + c] = Σ_j w[wOff + j] v_j[c] for columns c in [c0, c0 + len) of value rows of length dv,
     * skipping exact zero weights (their terms are exactly 0).
     */
    static void weightedRowSum(double[] w, int wOff, int nk, double[] v, int dv, int c0, int len, double[] out, int outOff) {
        int o = outOff + c0;
        java.util.Arrays.fill(out, o, o + len, 0.0);
        for (int j = 0; j < nk; j++) {
            double p = w[wOff + j];
            if (p == 0.0) continue;
            int vj = j * dv + c0;
            for (int c = 0; c < len; c++) out[o + c] += p * v[vj + c];
        }
    }

    // ------------------------------------------------------------- many points: fused tiles

    /**
     * The many-points regime: out_i = Σ_j softmax_j(−scale‖q_i − k_j‖² + bias_j) v_j, computed tile by
     * tile (Gram product of centred data → logits → online softmax → weighted value sum) without storing
     * the weight matrix, parallel over blocks of queries. Distances come from the Gram identity on data
     * centred at the key mean, so the absolute logit error is about scale·d·2⁻⁵³·(‖q_i − c‖² + ‖k_j − c‖²):
     * accurate when the point cloud is not tiny relative to its spread; use {@link #attendStreaming}
     * (direct differences) otherwise.
     *
     * @param keyBias per-key bias (length nk) or null for none
     */
    public void attend(double[] q, int nq, double[] k, int nk, int d, double[] keyBias, double scale,
                       double[] v, int dv, double[] out, Parallel parallel) {
        // bind and attend check every argument (keys and values, then queries, bias, scale and output).
        bound.bind(k, nk, d, v, dv, parallel);
        bound.attend(q, nq, keyBias, scale, out, parallel);
    }

    /** The plain-Java reference of {@link #attend}: direct differences, query by query. */
    public static void attendReference(double[] q, int nq, double[] k, int nk, int d, double[] keyBias, double scale,
                                       double[] v, int dv, double[] out) {
        FusedSoftmaxScalar.attendRows(q, k, nk, d, keyBias, scale, v, dv, out, 0, nq, new double[dv], 0);
    }

    // ------------------------------------------------------------------------------ checks

    static void checkNormalizer(int row, double max, double sum) {
        if (max == Double.NEGATIVE_INFINITY || !(sum >= 1.0) || Double.isInfinite(sum))
            throw new IllegalStateException("softmax row " + row + ": logits are all -Infinity or not finite (max = "
                    + max + ", normalizer = " + sum + ")");
    }

    private static void checkAttention(double[] q, int nq, double[] k, int nk, int d, double[] keyBias, double scale,
                                       double[] v, int dv, double[] out, Parallel parallel) {
        Require.positive("nq", nq);
        Require.positive("nk", nk);
        Require.positive("d", d);
        Require.positive("dv", dv);
        Require.nonNegative("scale", scale);
        Require.notNull("parallel", parallel);
        checkRows("q", q, 0, d, nq, d);
        checkRows("k", k, 0, d, nk, d);
        checkRows("v", v, 0, dv, nk, dv);
        checkRows("out", out, 0, dv, nq, dv);
        checkBias(keyBias, nk);
    }

    /** A per-key bias is null, or has ≥ nk entries, each finite or −∞. */
    static void checkBias(double[] keyBias, int nk) {
        if (keyBias == null) return;
        if (keyBias.length < nk) throw new IllegalArgumentException("keyBias.length = " + keyBias.length + ": expected >= nk = " + nk);
        for (int j = 0; j < nk; j++) {
            if (Double.isNaN(keyBias[j]) || keyBias[j] == Double.POSITIVE_INFINITY)
                throw new IllegalArgumentException("keyBias[" + j + "] = " + keyBias[j] + ": expected a finite number or -Infinity");
        }
    }

    static void checkSlice(String name, double[] a, int off, int n) {
        if (a == null) throw new IllegalArgumentException(name + " is null");
        if (off < 0 || n < 0 || (long) off + n > a.length)
            throw new IllegalArgumentException(name + ": offset " + off + " + length " + n + " exceeds array length " + a.length);
    }

    static void checkRows(String name, double[] a, int off, int stride, int rows, int cols) {
        if (a == null) throw new IllegalArgumentException(name + " is null");
        if (rows == 0 || cols == 0) return;
        if (stride < cols) throw new IllegalArgumentException(name + ": stride " + stride + " < row length " + cols);
        long last = (long) off + (long) (rows - 1) * stride + cols;
        if (off < 0 || last > a.length)
            throw new IllegalArgumentException(name + ": " + rows + " rows of " + cols + " at offset " + off + " with stride "
                    + stride + " need length " + last + ", array length is " + a.length);
    }

    static double[] ensure(double[] a, long n) {
        if (n > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("workspace of " + n + " doubles is too large");
        return a.length >= n ? a : new double[(int) n];
    }
}
