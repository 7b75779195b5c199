package org.enflow.kernel;

import java.util.Arrays;

/**
 * Workspaces and tiling of the many-points regime of {@link FusedSoftmax#attend} (vector path only).
 *
 * <p>Layout after packing (all padded, so the micro-kernels have no tails):
 * <ul>
 *   <li>keys, centred at the key mean c and transposed into panels of {@link #P} keys: panel t holds
 *       k_j[p] − c[p] at {@code [t·d·P + p·P + (j − tP)]};</li>
 *   <li>key bias b_j − scale·‖k_j − c‖² (−∞ for padding keys);</li>
 *   <li>values in column strips of one vector (strip q: v_j[qL .. qL+L) at {@code [(q·nkPad + j)·L]}, zero
 *       padded), so the weighted value sum streams each strip sequentially; queries centred, rows padded to a multiple of
 *       {@link #R}.</li>
 * </ul>
 * The query-row constant −scale·‖q_i − c‖² is dropped: softmax is invariant to it. Per query block the
 * key tiles are visited in order, each row keeping a running maximum m, normalizer l and unnormalized
 * accumulator; the accumulator is rescaled by exp(m_old − m_new) only when the maximum grows.
 */
final class FusedSoftmaxTiles {
    /** Lanes per vector (8 with AVX-512). */
    static final int L = FusedSoftmaxVector.L;
    /** Keys per Gram panel: three vectors. */
    static final int P = 3 * L;
    /** Query rows per micro-kernel. */
    static final int R = 4;

    private double[] keysT = new double[0];
    private double[] keyBias = new double[0];
    private double[] values = new double[0];
    private double[] queries = new double[0];
    private double[] acc = new double[0];
    private double[] max = new double[0];
    private double[] norm = new double[0];
    private double[] scratch = new double[0];

    void run(double[] q, int nq, double[] k, int nk, int d, double[] bias, double scale, double[] v, int dv,
             double[] out, Parallel parallel, double[] centre) {
        int nkPad = (nk + P - 1) / P * P;
        int dvPad = (dv + L - 1) / L * L;
        int nqPad = (nq + R - 1) / R * R;
        keysT = FusedSoftmax.ensure(keysT, (long) nkPad * d);
        keyBias = FusedSoftmax.ensure(keyBias, nkPad);
        values = FusedSoftmax.ensure(values, (long) nkPad * dvPad);
        queries = FusedSoftmax.ensure(queries, (long) nqPad * d);
        acc = FusedSoftmax.ensure(acc, (long) nqPad * dvPad);
        max = FusedSoftmax.ensure(max, nqPad);
        norm = FusedSoftmax.ensure(norm, nqPad);

        // Tile sizes: a key tile (keys and values) and a query block (queries and accumulators) share L2.
        int tile = Math.max(1, Math.min(10, 49152 / ((d + dvPad) * P))) * P;
        // At most 64 rows per block, and about 32 blocks when there are enough rows: with 15 blocks (N = 1000)
        // two threads split them 8 : 7 and scaled 1.64×. Rows are independent, so this does not change results.
        int blockRows = Math.max(R, Math.min(Math.min(64, 32768 / (d + dvPad)), nqPad / 32) / R * R);
        int groups = nqPad / R;
        int groupGrain = blockRows / R;
        int blocks = Parallel.blockCount(groups, groupGrain);
        scratch = FusedSoftmax.ensure(scratch, (long) blocks * R * tile);

        // Centre at the key mean (summed in key order: deterministic).
        Arrays.fill(centre, 0, d, 0.0);
        for (int j = 0; j < nk; j++) for (int p = 0; p < d; p++) centre[p] += k[j * d + p];
        for (int p = 0; p < d; p++) centre[p] /= nk;

        final double[] kt = keysT, kb = keyBias, vp = values, qc = queries, a = acc, m = max, l = norm, sc = scratch;
        final int fTile = tile;
        parallel.forRange(nkPad / P, Math.max(1, 4096 / Math.max(1, d)), (blk, from, to) -> {
            for (int t = from; t < to; t++) packPanel(k, nk, d, bias, scale, centre, t, kt, kb);
        });
        final int strips = dvPad / L;
        parallel.forRange(nkPad, Math.max(1, (1 << 14) / dvPad), (blk, from, to) -> {
            for (int st = 0; st < strips; st++) {
                int c0 = st * L, w = Math.min(L, dv - c0);
                for (int j = from; j < to; j++) {
                    int o = (st * nkPad + j) * L;
                    if (j < nk && w > 0) {
                        System.arraycopy(v, j * dv + c0, vp, o, w);
                        if (w < L) Arrays.fill(vp, o + w, o + L, 0.0);
                    } else {
                        Arrays.fill(vp, o, o + L, 0.0);
                    }
                }
            }
        });
        parallel.forRange(nqPad, Math.max(1, (1 << 14) / d), (blk, from, to) -> {
            for (int i = from; i < to; i++) {
                int o = i * d;
                if (i < nq) for (int p = 0; p < d; p++) qc[o + p] = q[o + p] - centre[p];
                else Arrays.fill(qc, o, o + d, 0.0);
            }
        });

        double twoScale = 2 * scale;
        parallel.forRange(groups, groupGrain, (blk, g0, g1) -> {
            int r0 = g0 * R, r1 = g1 * R;
            Arrays.fill(m, r0, r1, Double.NEGATIVE_INFINITY);
            Arrays.fill(l, r0, r1, 0.0);
            Arrays.fill(a, r0 * dvPad, r1 * dvPad, 0.0);
            int s0 = blk * R * fTile;
            for (int j0 = 0; j0 < nkPad; j0 += fTile) {
                int tw = Math.min(fTile, nkPad - j0);
                for (int r = r0; r < r1; r += R) {
                    for (int pj = 0; pj < tw; pj += P) {
                        FusedSoftmaxVector.gram4x3(qc, r * d, d, kt, (j0 + pj) * d, sc, s0 + pj, fTile);
                    }
                    for (int rr = 0; rr < R; rr++) {
                        FusedSoftmaxVector.softmaxUpdate(sc, s0 + rr * fTile, tw, kb, j0, twoScale, m, l, r + rr, a,
                                (r + rr) * dvPad, dvPad);
                    }
                    FusedSoftmaxVector.accumulateValues(sc, s0, fTile, tw, vp, j0, nkPad, dvPad, a, r * dvPad);
                }
            }
            for (int i = r0; i < Math.min(r1, nq); i++) {
                FusedSoftmax.checkNormalizer(i, m[i], l[i]);
                double inv = 1.0 / l[i];
                int ai = i * dvPad, oi = i * dv;
                for (int c = 0; c < dv; c++) out[oi + c] = a[ai + c] * inv;
            }
        });
    }

    private static void packPanel(double[] k, int nk, int d, double[] bias, double scale, double[] centre, int t,
                                  double[] kt, double[] kb) {
        int base = t * d * P;
        for (int jj = 0; jj < P; jj++) {
            int j = t * P + jj;
            if (j < nk) {
                double n2 = 0;
                int kj = j * d;
                for (int p = 0; p < d; p++) {
                    double e = k[kj + p] - centre[p];
                    kt[base + p * P + jj] = e;
                    n2 += e * e;
                }
                kb[j] = (bias == null ? 0.0 : bias[j]) - scale * n2;
            } else {
                for (int p = 0; p < d; p++) kt[base + p * P + jj] = 0.0;
                kb[j] = Double.NEGATIVE_INFINITY;
            }
        }
    }
}
