package org.enflow.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API pairwise squared distances, the twin of {@link PairwiseDistancesScalar} with the same
 * signatures and no argument checks. Loading this class requires {@code jdk.incubator.vector}: call it
 * only when {@link Vectorization#enabled()} (the {@link PairwiseDistances} facade does).
 */
public final class PairwiseDistancesVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ThreadLocal<double[]> LANE_BUFFER = ThreadLocal.withInitial(() -> new double[16 * L]);
    private static final int T = DistanceBlocking.TILE;
    private static final int KB = DistanceBlocking.KB;
    private static final int NB = DistanceBlocking.NB;

    private PairwiseDistancesVector() {}

    // ---------------------------------------------------------------- Gram route (centred)

    /** Centre (d), norms (m + n), then the Gram workspace. */
    public static int gramWorkspaceLength(int m, int n, int d) {
        long len = (long) d + m + n + GramVector.workspaceLength(m, n, d);
        if (len > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("distance workspace needs " + len + " doubles");
        return (int) len;
    }

    /**
     * out[i·n + j] = max(0, ‖a_i − c‖² + ‖b_j − c‖² − 2 (a_i − c)·(b_j − c)) with c the mean of B's rows;
     * see {@link PairwiseDistances#squaredViaGram} for when this is accurate.
     */
    public static void squaredViaGram(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int d,
                                      double[] out, double[] work) {
        final int naOff = d, nbOff = d + m;
        double invN = 1.0 / n;
        par.forRange(d, Math.max(64, (1 << 20) / n), (blk, c0, c1) -> {
            BlasVector.sumOfRows(b, bOff + c0, n, c1 - c0, d, work, c0);
            BlasVector.scale(invN, work, c0, c1 - c0);
        });
        int normGrain = Math.max(1, (1 << 20) / d);
        par.forRange(m, normGrain, (blk, i0, i1) -> {
            for (int i = i0; i < i1; i++) work[naOff + i] = BlasVector.squaredDistance(a, aOff + i * d, work, 0, d);
        });
        par.forRange(n, normGrain, (blk, j0, j1) -> {
            for (int j = j0; j < j1; j++) work[nbOff + j] = BlasVector.squaredDistance(b, bOff + j * d, work, 0, d);
        });
        GramVector.computeCentred(par, a, aOff, m, b, bOff, n, d, work, 0, out, work, d + m + n);
        boolean self = DistanceBlocking.self(a, aOff, m, b, bOff, n);
        par.forRange(m, Math.max(1, (1 << 20) / n), (blk, i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                fromGram(out, i * n, n, work[naOff + i], work, nbOff);
                if (self) out[i * n + i] = 0;
            }
        });
    }

    /** g[off + j] = max(0, na + nb[j] − 2 g[off + j]): distances from a Gram row and the norms. */
    private static void fromGram(double[] g, int off, int n, double na, double[] nb, int nbOff) {
        DoubleVector vna = DoubleVector.broadcast(S, na), minus2 = DoubleVector.broadcast(S, -2.0), zero = DoubleVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            DoubleVector s = DoubleVector.fromArray(S, nb, nbOff + j).add(vna);
            DoubleVector.fromArray(S, g, off + j).fma(minus2, s).max(zero).intoArray(g, off + j);
        }
        for (; j < n; j++) g[off + j] = Math.max(0.0, Math.fma(g[off + j], -2.0, nb[nbOff + j] + na));
    }

    // ---------------------------------------------------------------- streaming route (differences)

    public static int streamingWorkspaceLength(int m, int n, int d) {
        return DistanceBlocking.workspaceLength(m, n, d);
    }

    /** out[i·n + j] = Σ_k (a_ik − b_jk)², formed from differences in L1-sized blocks of d. */
    public static void squaredStreaming(Parallel par, double[] a, int aOff, int m, double[] b, int bOff, int n, int d,
                                        double[] out, double[] work) {
        boolean self = DistanceBlocking.self(a, aOff, m, b, bOff, n);
        int mn = m * n;
        if (DistanceBlocking.splitD(m, n)) {
            int blocks = DistanceBlocking.blocks(m, n, d);
            boolean partials = blocks > 1;
            par.forRange(d, DistanceBlocking.dGrain(m, n, d), (blk, k0, k1) -> {
                double[] dst = partials ? work : out;
                int dstOff = partials ? blk * mn : 0;
                java.util.Arrays.fill(dst, dstOff, dstOff + mn, 0.0);
                accumulate(a, aOff, m, b, bOff, n, d, self, 0, m, k0, k1, dst, dstOff, work,
                        DistanceBlocking.scratch(m, n, d, blk));
            });
            if (partials) DistanceBlocking.combine(work, blocks, mn, out);
        } else {
            par.forRange(DistanceBlocking.tiles(m), DistanceBlocking.rowTileGrain(n, d), (blk, t0, t1) -> {
                int i0 = t0 * T, i1 = Math.min(m, t1 * T);
                java.util.Arrays.fill(out, i0 * n, i1 * n, 0.0);
                accumulate(a, aOff, m, b, bOff, n, d, self, i0, i1, 0, d, out, 0, work, DistanceBlocking.scratch(m, n, d, blk));
            });
        }
        if (self) DistanceBlocking.symmetrize(out, n);
    }

    /**
     * dst[dstOff + i·n + j] += Σ_{k in [k0,k1)} (a_ik − b_jk)² for rows i in [i0, i1) (i0 a multiple of
     * the tile) and all j; with {@code self} only tiles on or above the diagonal.
     */
    private static void accumulate(double[] a, int aOff, int m, double[] b, int bOff, int n, int d, boolean self,
                                   int i0, int i1, int k0, int k1, double[] dst, int dstOff, double[] w, int sc) {
        for (int s = k0; s < k1; s += KB) {
            int len = Math.min(KB, k1 - s);
            for (int jb = 0; jb < n; jb += NB) {
                int jbEnd = Math.min(n, jb + NB);
                for (int i = i0; i < i1; i += T) {
                    int ar = Math.min(T, i1 - i);
                    int a0 = aOff + i * d + s, a1 = row(aOff, i + 1, i1, d) + s,
                            a2 = row(aOff, i + 2, i1, d) + s, a3 = row(aOff, i + 3, i1, d) + s;
                    for (int j = self ? Math.max(jb, i) : jb; j < jbEnd; j += T) {
                        int bc = Math.min(T, jbEnd - j);
                        tile(a, a0, a1, a2, a3, b, bOff + j * d + s, row(bOff, j + 1, jbEnd, d) + s,
                                row(bOff, j + 2, jbEnd, d) + s, row(bOff, j + 3, jbEnd, d) + s, len, w, sc);
                        for (int r = 0; r < ar; r++) {
                            int o = dstOff + (i + r) * n + j;
                            for (int c = 0; c < bc; c++) dst[o + c] += w[sc + r * T + c];
                        }
                    }
                }
            }
        }
    }

    /** Offset of row {@code r}, or of the last valid row when r ≥ end (tile padding: computed, never stored). */
    private static int row(int off, int r, int end, int d) {
        return off + Math.min(r, end - 1) * d;
    }

    /** s[so + r·4 + c] = Σ_{k<len} (a_r[k] − b_c[k])² for a 4 × 4 tile of rows. */
    private static void tile(double[] a, int a0, int a1, int a2, int a3, double[] b, int b0, int b1, int b2, int b3,
                             int len, double[] s, int so) {
        DoubleVector s00 = DoubleVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        DoubleVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        DoubleVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        DoubleVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int k = 0;
        for (int bound = S.loopBound(len); k < bound; k += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, a, a0 + k), x1 = DoubleVector.fromArray(S, a, a1 + k);
            DoubleVector x2 = DoubleVector.fromArray(S, a, a2 + k), x3 = DoubleVector.fromArray(S, a, a3 + k);
            DoubleVector y = DoubleVector.fromArray(S, b, b0 + k), t;
            t = x0.sub(y); s00 = t.fma(t, s00);
            t = x1.sub(y); s10 = t.fma(t, s10);
            t = x2.sub(y); s20 = t.fma(t, s20);
            t = x3.sub(y); s30 = t.fma(t, s30);
            y = DoubleVector.fromArray(S, b, b1 + k);
            t = x0.sub(y); s01 = t.fma(t, s01);
            t = x1.sub(y); s11 = t.fma(t, s11);
            t = x2.sub(y); s21 = t.fma(t, s21);
            t = x3.sub(y); s31 = t.fma(t, s31);
            y = DoubleVector.fromArray(S, b, b2 + k);
            t = x0.sub(y); s02 = t.fma(t, s02);
            t = x1.sub(y); s12 = t.fma(t, s12);
            t = x2.sub(y); s22 = t.fma(t, s22);
            t = x3.sub(y); s32 = t.fma(t, s32);
            y = DoubleVector.fromArray(S, b, b3 + k);
            t = x0.sub(y); s03 = t.fma(t, s03);
            t = x1.sub(y); s13 = t.fma(t, s13);
            t = x2.sub(y); s23 = t.fma(t, s23);
            t = x3.sub(y); s33 = t.fma(t, s33);
        }
        // Lane sums in lane order through a per-thread buffer: reduceLanes(ADD) reorders once C2-compiled
        // (JDK 25), and reading lanes of 16 live vectors with lane(l) boxes them (768 B per tile).
        double[] lanes = LANE_BUFFER.get();
        s00.intoArray(lanes, 0 * L);
        s01.intoArray(lanes, 1 * L);
        s02.intoArray(lanes, 2 * L);
        s03.intoArray(lanes, 3 * L);
        s10.intoArray(lanes, 4 * L);
        s11.intoArray(lanes, 5 * L);
        s12.intoArray(lanes, 6 * L);
        s13.intoArray(lanes, 7 * L);
        s20.intoArray(lanes, 8 * L);
        s21.intoArray(lanes, 9 * L);
        s22.intoArray(lanes, 10 * L);
        s23.intoArray(lanes, 11 * L);
        s30.intoArray(lanes, 12 * L);
        s31.intoArray(lanes, 13 * L);
        s32.intoArray(lanes, 14 * L);
        s33.intoArray(lanes, 15 * L);
        for (int t = 0; t < 16; t++) {
            double r = 0;
            for (int l = t * L, e = l + L; l < e; l++) r += lanes[l];
            s[so + t] = r;
        }
        if (k < len) tileTail(a, a0, a1, a2, a3, b, b0, b1, b2, b3, k, len, s, so);
    }

    private static void tileTail(double[] a, int a0, int a1, int a2, int a3, double[] b, int b0, int b1, int b2, int b3,
                                 int from, int len, double[] s, int so) {
        for (int k = from; k < len; k++) {
            double x0 = a[a0 + k], x1 = a[a1 + k], x2 = a[a2 + k], x3 = a[a3 + k];
            double y0 = b[b0 + k], y1 = b[b1 + k], y2 = b[b2 + k], y3 = b[b3 + k];
            s[so] = sq(x0 - y0, s[so]);
            s[so + 1] = sq(x0 - y1, s[so + 1]);
            s[so + 2] = sq(x0 - y2, s[so + 2]);
            s[so + 3] = sq(x0 - y3, s[so + 3]);
            s[so + 4] = sq(x1 - y0, s[so + 4]);
            s[so + 5] = sq(x1 - y1, s[so + 5]);
            s[so + 6] = sq(x1 - y2, s[so + 6]);
            s[so + 7] = sq(x1 - y3, s[so + 7]);
            s[so + 8] = sq(x2 - y0, s[so + 8]);
            s[so + 9] = sq(x2 - y1, s[so + 9]);
            s[so + 10] = sq(x2 - y2, s[so + 10]);
            s[so + 11] = sq(x2 - y3, s[so + 11]);
            s[so + 12] = sq(x3 - y0, s[so + 12]);
            s[so + 13] = sq(x3 - y1, s[so + 13]);
            s[so + 14] = sq(x3 - y2, s[so + 14]);
            s[so + 15] = sq(x3 - y3, s[so + 15]);
        }
    }

    private static double sq(double t, double acc) {
        return Math.fma(t, t, acc);
    }
}
