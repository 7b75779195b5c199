package org.enflow.kernel;

import java.util.Arrays;

/**
 * The packed keys and values of the many-points regime of the fused kernel (vector path only), and the
 * tiled computation of a range of query rows against them.
 *
 * <p>Layout after packing (all padded, so the micro-kernels have no tails):
 * <ul>
 *   <li>keys, centred at the key mean c and transposed into panels of {@link #P} keys: panel t holds
 *       k_j[p] − c[p] at {@code [t·d·P + p·P + (j − tP)]}, with ‖k_j − c‖² kept beside them;</li>
 *   <li>values in column strips of one vector (strip q: v_j[qL .. qL+L) at {@code [(q·nkPad + j)·L]}, zero
 *       padded), so the weighted value sum streams each strip sequentially; values of at most L/2 columns
 *       also in a paired layout (key j at {@code [j·L/2]}), where one vector holds two keys.</li>
 * </ul>
 * Per call of {@link #attendRows} the key bias b_j − scale·‖k_j − c‖² (−∞ for padding keys) and the centred
 * queries (rows padded to a multiple of {@link #R}) go to the caller's {@link Workspace}. The query-row
 * constant −scale·‖q_i − c‖² is dropped: softmax is invariant to it. Per query group of R rows the key tiles
 * are visited in order, each row keeping a running maximum m, normalizer l and unnormalized accumulator; the
 * accumulator is rescaled by exp(m_old − m_new) only when the maximum grows. A row's result depends only on
 * its own query and the bound keys, so any cut of the rows into ranges gives the same bits.
 */
final class FusedSoftmaxTiles {
    /** Lanes per vector (8 with AVX-512). */
    static final int L = FusedSoftmaxVector.L;
    /** Keys per Gram panel: three vectors. */
    static final int P = 3 * L;
    /** Query rows per micro-kernel. */
    static final int R = 4;

    private double[] keysT = new double[0];
    private double[] keyNorms = new double[0];
    private double[] values = new double[0];
    /** Values of at most L/2 columns also in the paired layout of {@link FusedSoftmaxVector#pairedValues4} (key j at j·L/2). */
    private double[] pairedValues = new double[0];
    private boolean paired;
    private double[] centre = new double[0];
    private int nk, d, dv, nkPad, dvPad, tile;
    /** The rows of {@link #packCombination} and their uncentred layouts (see {@link #setCombinationRows}). */
    private int combNk, combD;
    private double[] combF, combG, fT = new double[0], gT = new double[0], fV = new double[0], gV = new double[0];
    /** Formed keys and values of {@link #packCombination} when values are paired (d ≤ L/2). */
    private double[] formedKeys = new double[0], formedValues = new double[0];

    /** Per-caller scratch of {@link #attendRows}: grown on demand, never shared between concurrent calls. */
    static final class Workspace {
        double[] bias = new double[0], queries = new double[0], acc = new double[0], max = new double[0],
                norm = new double[0], scores = new double[0];
        /** The lane-wise logit maxima of the current row group's rows in the current key tile (R vectors). */
        double[] rowMax = new double[0];
    }

    /** Packs nk keys (d columns) and their values (dv columns); the pack loops run on {@code parallel}. */
    void pack(double[] k, int nk, int d, double[] v, int dv, Parallel parallel) {
        size(nk, d, dv);
        keyMean(parallel, (p0, p1, c) -> FusedSoftmaxVector.sumRows(k, nk, d, p0, p1, c));
        packCentred(k, v, parallel);
    }

    /**
     * Sets the rows f and g (nk×d, g null for zeros) of later {@link #packCombination} calls and lays them out
     * once, uncentred, in the key-panel and value-strip layouts. f and g must stay unchanged while used.
     */
    void setCombinationRows(double[] f, double[] g, int nk, int d, Parallel parallel) {
        size(nk, d, d);
        combF = f;
        combG = g;
        combNk = nk;
        combD = d;
        if (paired) return; // d ≤ L/2: packCombination forms the arrays and packs them
        long keys = (long) nkPad * d, vals = (long) nkPad * dvPad;
        fT = FusedSoftmax.ensure(fT, keys);
        fV = FusedSoftmax.ensure(fV, vals);
        if (g != null) {
            gT = FusedSoftmax.ensure(gT, keys);
            gV = FusedSoftmax.ensure(gV, vals);
        }
        final double[] ft = fT, fv = fV, gt = gT, gv = gV;
        forEachPanel(parallel, t -> {
            transpose(f, t * P * d, t, 0, d, null, ft);
            stripValues(f, t * P * d, t * P, (t + 1) * P, fv);
            if (g != null) {
                transpose(g, t * P * d, t, 0, d, null, gt);
                stripValues(g, t * P * d, t * P, (t + 1) * P, gv);
            }
        });
    }

    /**
     * Packs nk keys a·f_j + b·g_j and values α·f_j + β·g_j of the rows set by {@link #setCombinationRows} (the
     * terms b·0 and β·0 for g null), each entry formed by exactly that expression: the same bits as {@link #pack}
     * of the formed arrays. The flow engine packs such keys of one fixed forecast and analysis at every step; from
     * the rows laid out once, a step's pack is contiguous vector streams (a·fᵀ + b·gᵀ − c) instead of a strided
     * transpose of freshly formed arrays, and no nk×d array is written and read back per step.
     */
    void packCombination(double a, double b, double alpha, double beta, Parallel parallel) {
        final double[] f = combF, g = combG;
        size(combNk, combD, combD);
        if (paired) {
            double[] k = formedKeys = FusedSoftmax.ensure(formedKeys, (long) nk * d), v = formedValues = FusedSoftmax.ensure(formedValues, (long) nk * d);
            parallel.forRange(nk * d, 1 << 13, (blk, q0, q1) -> {
                FusedSoftmaxVector.combine(f, g, q0, q1 - q0, a, b, k, q0);
                FusedSoftmaxVector.combine(f, g, q0, q1 - q0, alpha, beta, v, q0);
            });
            pack(k, nk, d, v, d, parallel);
            return;
        }
        int n = nk, dim = d;
        keyMean(parallel, (p0, p1, c) -> FusedSoftmaxVector.sumCombinationRows(f, g, a, b, n, dim, p0, p1, c));
        final double[] gt = g == null ? null : gT, gv = g == null ? null : gV;
        forEachPanel(parallel, t -> combinedPanel(t, gt, gv, a, b, alpha, beta));
    }

    /** Column sums c[p] += Σ_j key_j[p] over p in [p0, p1), keys in order. */
    @FunctionalInterface
    private interface ColumnSums {
        void add(int p0, int p1, double[] c);
    }

    /** Centre at the key mean, each component summed in key order (the same bits for any cut of the components). */
    private void keyMean(Parallel parallel, ColumnSums sums) {
        final double[] c = centre;
        final int n = nk;
        parallel.forRange(d, Math.max(L, (1 << 14) / n), (blk, p0, p1) -> {
            Arrays.fill(c, p0, p1, 0.0);
            sums.add(p0, p1, c);
            for (int p = p0; p < p1; p++) c[p] /= n;
        });
    }

    /** body(t) for every key panel t, in tasks of whole panels of about TASK_VALUES values (one parallel call). */
    private void forEachPanel(Parallel parallel, java.util.function.IntConsumer body) {
        int panels = nkPad / P, panelsPerTask = panelsPerTask(), tasks = (panels + panelsPerTask - 1) / panelsPerTask;
        parallel.forEach(tasks, (blk, task, unused) -> {
            for (int t = task * panelsPerTask; t < Math.min(panels, (task + 1) * panelsPerTask); t++) body.accept(t);
        });
    }

    /** Panel t of {@link #packCombination}: keys, norms and values, with padding written as {@link #pack} writes it. */
    private void combinedPanel(int t, double[] gt, double[] gv, double a, double b, double alpha, double beta) {
        int base = t * d * P, j0 = t * P, live = Math.max(0, Math.min(P, nk - j0)), strips = dvPad / L;
        FusedSoftmaxVector.combinePanel(fT, gt, base, d, a, b, centre, keysT);
        for (int st = 0; st < strips; st++) {
            int o = (st * nkPad + j0) * L;
            FusedSoftmaxVector.combine(fV, gv, o, P * L, alpha, beta, values, o);
        }
        if (live < P) {
            // Padding keys: zero keys (norm 0) and zero values.
            for (int p = 0; p < d; p++) Arrays.fill(keysT, base + p * P + live, base + (p + 1) * P, 0.0);
            for (int st = 0; st < strips; st++) Arrays.fill(values, (st * nkPad + j0 + live) * L, (st * nkPad + j0 + P) * L, 0.0);
        }
        FusedSoftmaxVector.panelNorms(keysT, base, d, keyNorms, j0);
        // Columns past dv in the last strip: zeros.
        if (dv < dvPad) {
            int o = (strips - 1) * nkPad;
            for (int j = j0; j < j0 + live; j++) Arrays.fill(values, (o + j) * L + dv % L, (o + j + 1) * L, 0.0);
        }
    }

    private void size(int nk, int d, int dv) {
        this.nk = nk;
        this.d = d;
        this.dv = dv;
        nkPad = (nk + P - 1) / P * P;
        dvPad = (dv + L - 1) / L * L;
        // Tile sizes: a key tile (keys and values) and a query block (queries and accumulators) share L2.
        tile = Math.max(1, Math.min(10, 49152 / ((d + dvPad) * P))) * P;
        keysT = FusedSoftmax.ensure(keysT, (long) nkPad * d);
        keyNorms = FusedSoftmax.ensure(keyNorms, nkPad);
        values = FusedSoftmax.ensure(values, (long) nkPad * dvPad);
        centre = FusedSoftmax.ensure(centre, d);
        paired = FusedSoftmaxVector.PAIRED && dv <= FusedSoftmaxVector.H;
        if (paired) pairedValues = FusedSoftmax.ensure(pairedValues, (long) nkPad * FusedSoftmaxVector.H);
    }

    /** Column strips of the key panels' transpose tasks: 1 when a task can hold whole panels. */
    private int strips() {
        int stripCols = Math.max(1, Math.min(d, TASK_VALUES / P));
        return (d + stripCols - 1) / stripCols;
    }

    private int panelsPerTask() {
        return Math.max(1, TASK_VALUES / (P * (d + dvPad + (paired ? FusedSoftmaxVector.H : 0))));
    }

    /**
     * The centred pack once the centre is set: one call of independent tasks of ~2¹³ values each. When one strip
     * holds every column (d ≤ TASK_VALUES/P) a task packs whole panels: the transpose, the key norms from the
     * transposed panel while it sits in L1 (lane per key, the same chain as the row-wise loop), and the panel's
     * values; at nk = 500, d = 40 a separate norm pass re-read the keys at ~1 cycle per value (10 of the pack's
     * 40 µs). Otherwise panels are cut by columns as well as by keys (at nk = 20, d = 10⁵ the one panel was a serial
     * 22 ms, 5 % of a two-thread KDE analysis), and norms and values are tasks of their own.
     */
    private void packCentred(double[] k, double[] v, Parallel parallel) {
        int panels = nkPad / P, strips = strips(), stripCols = Math.max(1, Math.min(d, TASK_VALUES / P));
        if (strips == 1) {
            forEachPanel(parallel, t -> packPanel(k, t * P * d, v, t * P * dv, t));
            return;
        }
        int transposeTasks = panels * strips;
        int normKeys = Math.max(1, TASK_VALUES / d), normTasks = (nkPad + normKeys - 1) / normKeys;
        int valueKeys = Math.max(1, TASK_VALUES / (dvPad + (paired ? FusedSoftmaxVector.H : 0)));
        int valueTasks = (nkPad + valueKeys - 1) / valueKeys;
        parallel.forEach(transposeTasks + normTasks + valueTasks, (blk, task, unused) -> {
            if (task < transposeTasks) {
                int t = task / strips, p0 = task % strips * stripCols;
                transpose(k, t * P * d, t, p0, Math.min(d, p0 + stripCols), centre, keysT);
            } else if (task < transposeTasks + normTasks) {
                int j0 = (task - transposeTasks) * normKeys;
                FusedSoftmaxScalar.keyNorms(k, nk, d, centre, j0, Math.min(nkPad, j0 + normKeys), keyNorms);
            } else {
                int j0 = (task - transposeTasks - normTasks) * valueKeys;
                packValues(v, j0 * dv, j0, Math.min(nkPad, j0 + valueKeys));
            }
        });
    }

    /** Panel t whole: keys (row j0 + jj at k[k0 + jj·d]) transposed and centred, their norms, their values (at v[v0 + jj·dv]). */
    private void packPanel(double[] k, int k0, double[] v, int v0, int t) {
        transpose(k, k0, t, 0, d, centre, keysT);
        FusedSoftmaxVector.panelNorms(keysT, t * d * P, d, keyNorms, t * P);
        packValues(v, v0, t * P, (t + 1) * P);
    }

    /** Values per task of the pack's parallel call. */
    private static final int TASK_VALUES = 1 << 13;

    /**
     * Columns [p0, p1) of key panel t: k_j[p] − c[p] (k_j[p] for c null) at kt[t·d·P + p·P + (j − tP)], zero for
     * padding keys; key tP + jj is read at k[k0 + jj·d].
     */
    private void transpose(double[] k, int k0, int t, int p0, int p1, double[] c, double[] kt) {
        int base = t * d * P, live = Math.max(0, Math.min(P, nk - t * P));
        for (int p = p0; p < p1; p++) {
            int o = base + p * P;
            if (c == null) {
                for (int jj = 0; jj < live; jj++) kt[o + jj] = k[k0 + jj * d + p];
            } else {
                double cp = c[p];
                for (int jj = 0; jj < live; jj++) kt[o + jj] = k[k0 + jj * d + p] - cp;
            }
            for (int jj = live; jj < P; jj++) kt[o + jj] = 0.0;
        }
    }

    /**
     * Values of keys [j0, j1) (padding keys j ≥ nk as zeros) into the strips and, when paired, the paired layout;
     * key j0 + i is read at v[v0 + i·dv].
     */
    private void packValues(double[] v, int v0, int j0, int j1) {
        stripValues(v, v0, j0, j1, values);
        if (paired) {
            int hw = FusedSoftmaxVector.H;
            for (int j = j0; j < j1; j++) {
                int o = j * hw, x = 0, vj = v0 + (j - j0) * dv;
                if (j < nk) for (; x < dv; x++) pairedValues[o + x] = v[vj + x];
                for (; x < hw; x++) pairedValues[o + x] = 0.0;
            }
        }
    }

    /** Values of keys [j0, j1) into strips vp (strip st of key j at [(st·nkPad + j)·L]; zeros past dv and nk). */
    private void stripValues(double[] v, int v0, int j0, int j1, double[] vp) {
        final int strips = dvPad / L, full = dv / L;
        // Key by key, each key's row read once front to back.
        for (int j = j0; j < j1; j++) {
            int vj = v0 + (j - j0) * dv, st = 0;
            if (j < nk) for (; st < full; st++) FusedSoftmaxVector.copyVector(v, vj + st * L, vp, (st * nkPad + j) * L);
            for (; st < strips; st++) {
                int o = (st * nkPad + j) * L, c0 = st * L, x = 0;
                if (j < nk) for (; c0 + x < dv; x++) vp[o + x] = v[vj + c0 + x];
                for (; x < L; x++) vp[o + x] = 0.0;
            }
        }
    }

    /**
     * Query rows per parallel block for nq queries: at most 64, and about 32 blocks when there are enough
     * rows (with 15 blocks, N = 1000, two threads split them 8 : 7 and scaled 1.64×); a multiple of R.
     */
    int rowsPerBlock(int nq) {
        int nqPad = (nq + R - 1) / R * R;
        return Math.max(R, Math.min(Math.min(64, 32768 / (d + dvPad)), nqPad / 32) / R * R);
    }

    /** out rows [from, to) (dv columns) for query rows [from, to) of q (d columns). */
    void attendRows(double[] q, int from, int to, double[] bias, double scale, double[] out, Workspace ws) {
        double[] kb = ws.bias = FusedSoftmax.ensure(ws.bias, nkPad);
        keyBias(bias, scale, kb);
        attendRowsWithKeyBias(q, from, to, kb, scale, out, ws);
    }

    /** Entries a key-bias array for {@link #attendRowsWithKeyBias} needs. */
    int keyBiasLength() {
        return nkPad;
    }

    /** kb[j] = b_j − scale·‖k_j − c‖² for the bound keys, −∞ for the padding keys (b_j = 0 without a bias). */
    void keyBias(double[] bias, double scale, double[] kb) {
        for (int j = 0; j < nkPad; j++) kb[j] = j < nk ? (bias == null ? 0.0 : bias[j]) - scale * keyNorms[j] : Double.NEGATIVE_INFINITY;
    }

    /**
     * {@link #attendRows} with the key bias already computed by {@link #keyBias} for the same bias and scale: row
     * blocks of one call share it instead of recomputing nkPad entries each (at nk = 500, d = 40 that was ~0.5 µs
     * of a 30 µs block, and it kept the blocks coarse).
     */
    void attendRowsWithKeyBias(double[] q, int from, int to, double[] kb, double scale, double[] out, Workspace ws) {
        int rows = to - from, rowsPad = (rows + R - 1) / R * R;
        double[] qc = ws.queries = FusedSoftmax.ensure(ws.queries, (long) rowsPad * d);
        double[] a = ws.acc = FusedSoftmax.ensure(ws.acc, (long) rowsPad * dvPad);
        double[] m = ws.max = FusedSoftmax.ensure(ws.max, rowsPad);
        double[] l = ws.norm = FusedSoftmax.ensure(ws.norm, rowsPad);
        double[] sc = ws.scores = FusedSoftmax.ensure(ws.scores, (long) R * tile);
        for (int i = 0; i < rowsPad; i++) {
            int o = i * d, qi = (from + i) * d;
            if (i < rows) for (int p = 0; p < d; p++) qc[o + p] = q[qi + p] - centre[p];
            else Arrays.fill(qc, o, o + d, 0.0);
        }
        Arrays.fill(m, 0, rowsPad, Double.NEGATIVE_INFINITY);
        Arrays.fill(l, 0, rowsPad, 0.0);
        Arrays.fill(a, 0, rowsPad * dvPad, 0.0);
        double twoScale = 2 * scale;
        // Whole groups of R rows; a last pair of rows runs the 2-row kernels (the same arithmetic per row), so a
        // caller may cut a group in halves without paying for padding; a last 1 or 3 rows are padded to R.
        int full = rows % R == 2 ? rows - 2 : rowsPad;
        double[] rowMax = ws.rowMax = FusedSoftmax.ensure(ws.rowMax, R * L);
        for (int j0 = 0; j0 < nkPad; j0 += tile) {
            int tw = Math.min(tile, nkPad - j0);
            for (int r = 0; r < full; r += R) {
                Arrays.fill(rowMax, Double.NEGATIVE_INFINITY);
                for (int pj = 0; pj < tw; pj += P)
                    FusedSoftmaxVector.gram4x3(qc, r * d, d, keysT, (j0 + pj) * d, sc, pj, tile, kb, j0 + pj, twoScale, rowMax);
                for (int rr = 0; rr < R; rr++) {
                    FusedSoftmaxVector.softmaxUpdate(sc, rr * tile, tw, rowMax, rr * L, m, l, r + rr, a, (r + rr) * dvPad, dvPad);
                }
                if (paired) FusedSoftmaxVector.pairedValues4(sc, 0, tile, tw, pairedValues, j0, a, r * dvPad, dvPad);
                else FusedSoftmaxVector.accumulateValues(sc, 0, tile, tw, values, j0, nkPad, dvPad, a, r * dvPad);
            }
            if (full < rows) {
                int r = full;
                Arrays.fill(rowMax, Double.NEGATIVE_INFINITY);
                for (int pj = 0; pj < tw; pj += P)
                    FusedSoftmaxVector.gram2x3(qc, r * d, d, keysT, (j0 + pj) * d, sc, pj, tile, kb, j0 + pj, twoScale, rowMax);
                for (int rr = 0; rr < 2; rr++) {
                    FusedSoftmaxVector.softmaxUpdate(sc, rr * tile, tw, rowMax, rr * L, m, l, r + rr, a, (r + rr) * dvPad, dvPad);
                }
                FusedSoftmaxVector.accumulateValues2(sc, 0, tile, tw, values, j0, nkPad, dvPad, a, r * dvPad);
            }
        }
        for (int i = 0; i < rows; i++) {
            FusedSoftmax.checkNormalizer(from + i, m[i], l[i]);
            double inv = 1.0 / l[i];
            int ai = i * dvPad, oi = (from + i) * dv;
            for (int c = 0; c < dv; c++) out[oi + c] = a[ai + c] * inv;
        }
    }
}
