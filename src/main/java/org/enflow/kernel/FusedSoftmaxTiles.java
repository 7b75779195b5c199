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

    /** Per-caller scratch of {@link #attendRows}: grown on demand, never shared between concurrent calls. */
    static final class Workspace {
        double[] bias = new double[0], queries = new double[0], acc = new double[0], max = new double[0],
                norm = new double[0], scores = new double[0];
        /** The lane-wise logit maxima of the current row group's rows in the current key tile (R vectors). */
        double[] rowMax = new double[0];
    }

    /** Packs nk keys (d columns) and their values (dv columns); the pack loops run on {@code parallel}. */
    void pack(double[] k, int nk, int d, double[] v, int dv, Parallel parallel) {
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

        // Centre at the key mean, each component summed in key order (the same bits for any cut of the components).
        // At nk = 500, d = 40 the pack was ~46 µs of every flow step (one thread's attend: ~1.2 ms), serial but for
        // the value strips; it now runs in two parallel calls with vector loops.
        final double[] c = centre;
        parallel.forRange(d, Math.max(L, (1 << 14) / nk), (blk, p0, p1) -> {
            Arrays.fill(c, p0, p1, 0.0);
            FusedSoftmaxVector.sumRows(k, nk, d, p0, p1, c);
            for (int p = p0; p < p1; p++) c[p] /= nk;
        });
        paired = FusedSoftmaxVector.PAIRED && dv <= FusedSoftmaxVector.H;
        if (paired) pairedValues = FusedSoftmax.ensure(pairedValues, (long) nkPad * FusedSoftmaxVector.H);
        // Then one call of independent tasks of ~2¹³ values each: column strips of the key panels, key norms, values.
        // Panels cut by columns as well as by keys: at nk = 20, d = 10⁵ the one panel was a serial 22 ms (5 % of a
        // two-thread KDE analysis), written one key at a time across 19 MB.
        int panels = nkPad / P;
        int stripCols = Math.max(1, Math.min(d, TASK_VALUES / P)), strips = (d + stripCols - 1) / stripCols;
        int panelsPerTask = strips == 1 ? Math.max(1, TASK_VALUES / (P * d)) : 1;
        int transposeTasks = strips == 1 ? (panels + panelsPerTask - 1) / panelsPerTask : panels * strips;
        int normKeys = Math.max(1, TASK_VALUES / d), normTasks = (nkPad + normKeys - 1) / normKeys;
        int valueKeys = Math.max(1, TASK_VALUES / (dvPad + (paired ? FusedSoftmaxVector.H : 0)));
        int valueTasks = (nkPad + valueKeys - 1) / valueKeys;
        parallel.forEach(transposeTasks + normTasks + valueTasks, (blk, task, unused) -> {
            if (task < transposeTasks) {
                if (strips == 1) {
                    for (int t = task * panelsPerTask; t < Math.min(panels, (task + 1) * panelsPerTask); t++) transpose(k, t, 0, d);
                } else {
                    int t = task / strips, p0 = task % strips * stripCols;
                    transpose(k, t, p0, Math.min(d, p0 + stripCols));
                }
            } else if (task < transposeTasks + normTasks) {
                int j0 = (task - transposeTasks) * normKeys;
                norms(k, j0, Math.min(nkPad, j0 + normKeys));
            } else {
                int j0 = (task - transposeTasks - normTasks) * valueKeys;
                packValues(v, j0, Math.min(nkPad, j0 + valueKeys));
            }
        });
    }

    /** Values per task of the pack's parallel call. */
    private static final int TASK_VALUES = 1 << 13;

    /** Columns [p0, p1) of key panel t: k_j[p] − c[p] at [t·d·P + p·P + (j − tP)], zero for padding keys. */
    private void transpose(double[] k, int t, int p0, int p1) {
        final double[] kt = keysT, c = centre;
        int base = t * d * P, j0 = t * P, live = Math.max(0, Math.min(P, nk - j0));
        for (int p = p0; p < p1; p++) {
            int o = base + p * P;
            double cp = c[p];
            for (int jj = 0; jj < live; jj++) kt[o + jj] = k[(j0 + jj) * d + p] - cp;
            for (int jj = live; jj < P; jj++) kt[o + jj] = 0.0;
        }
    }

    /** ‖k_j − c‖² of keys [j0, j1) (0 for padding keys), each summed over the components in order. */
    private void norms(double[] k, int j0, int j1) {
        final double[] c = centre;
        for (int j = j0; j < j1; j++) {
            double n2 = 0;
            if (j < nk) {
                int kj = j * d;
                for (int p = 0; p < d; p++) {
                    double e = k[kj + p] - c[p];
                    n2 += e * e;
                }
            }
            keyNorms[j] = n2;
        }
    }

    /** Values of keys [j0, j1) (padding keys j ≥ nk as zeros) into the strips and, when paired, the paired layout. */
    private void packValues(double[] v, int j0, int j1) {
        final double[] vp = values;
        final int strips = dvPad / L, full = dv / L;
        // Key by key, each key's row read once front to back.
        for (int j = j0; j < j1; j++) {
            int vj = j * dv, st = 0;
            if (j < nk) for (; st < full; st++) FusedSoftmaxVector.copyVector(v, vj + st * L, vp, (st * nkPad + j) * L);
            for (; st < strips; st++) {
                int o = (st * nkPad + j) * L, c0 = st * L, x = 0;
                if (j < nk) for (; c0 + x < dv; x++) vp[o + x] = v[vj + c0 + x];
                for (; x < L; x++) vp[o + x] = 0.0;
            }
        }
        if (paired) {
            int hw = FusedSoftmaxVector.H;
            for (int j = j0; j < j1; j++) {
                int o = j * hw, x = 0;
                if (j < nk) for (; x < dv; x++) pairedValues[o + x] = v[j * dv + x];
                for (; x < hw; x++) pairedValues[o + x] = 0.0;
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
        int rows = to - from, rowsPad = (rows + R - 1) / R * R;
        double[] kb = ws.bias = FusedSoftmax.ensure(ws.bias, nkPad);
        double[] qc = ws.queries = FusedSoftmax.ensure(ws.queries, (long) rowsPad * d);
        double[] a = ws.acc = FusedSoftmax.ensure(ws.acc, (long) rowsPad * dvPad);
        double[] m = ws.max = FusedSoftmax.ensure(ws.max, rowsPad);
        double[] l = ws.norm = FusedSoftmax.ensure(ws.norm, rowsPad);
        double[] sc = ws.scores = FusedSoftmax.ensure(ws.scores, (long) R * tile);
        for (int j = 0; j < nkPad; j++) kb[j] = j < nk ? (bias == null ? 0.0 : bias[j]) - scale * keyNorms[j] : Double.NEGATIVE_INFINITY;
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
