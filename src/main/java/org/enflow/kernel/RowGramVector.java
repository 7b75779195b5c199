package org.enflow.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernel of {@link RowGram}, no argument checks. Per column block, 2×2 tiles of rows (four
 * accumulators, four loads per step) run over the whole vectors of the block, the lanes are added in lane order
 * and the block's scalar tail added with fma; odd rows take a one-pair kernel with the same arithmetic. Loading this
 * class requires {@code jdk.incubator.vector}.
 */
public final class RowGramVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private RowGramVector() {}

    public static void compute(double[] a, int aOff, double[] b, int bOff, int n, int ld, int k0, int k1, double[] g, boolean add) {
        boolean self = a == b && aOff == bOff;
        if (!add) java.util.Arrays.fill(g, 0, n * n, 0.0);
        for (int kb = k0; kb < k1; kb += RowGram.K_BLOCK) {
            int ke = Math.min(k1, kb + RowGram.K_BLOCK);
            int kv = kb + (ke - kb) / L * L;
            int i = 0;
            for (; i + 2 <= n; i += 2) {
                int ai = aOff + i * ld, j = self ? i : 0;
                for (; j + 2 <= n; j += 2) tile(a, ai, ld, b, bOff + j * ld, kb, kv, ke, g, i * n + j, n);
                for (; j < n; j++) {
                    int bj = bOff + j * ld;
                    g[i * n + j] += dot(a, ai, b, bj, kb, kv, ke);
                    g[(i + 1) * n + j] += dot(a, ai + ld, b, bj, kb, kv, ke);
                }
            }
            for (; i < n; i++)
                for (int j = self ? i : 0; j < n; j++) g[i * n + j] += dot(a, aOff + i * ld, b, bOff + j * ld, kb, kv, ke);
        }
        if (self) for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) g[i * n + j] = g[j * n + i];
    }

    /** Adds rows a0, a0 + ld of A times rows b0, b0 + ld of B over [k0, ke) to g[go], g[go + 1], g[go + n], g[go + n + 1]. */
    private static void tile(double[] a, int a0, int ld, double[] b, int b0, int k0, int kv, int ke, double[] g, int go, int n) {
        int a1 = a0 + ld, b1 = b0 + ld;
        DoubleVector s00 = DoubleVector.zero(S), s01 = s00, s10 = s00, s11 = s00;
        for (int k = k0; k < kv; k += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, a, a0 + k), x1 = DoubleVector.fromArray(S, a, a1 + k);
            DoubleVector y0 = DoubleVector.fromArray(S, b, b0 + k), y1 = DoubleVector.fromArray(S, b, b1 + k);
            s00 = x0.fma(y0, s00);
            s01 = x0.fma(y1, s01);
            s10 = x1.fma(y0, s10);
            s11 = x1.fma(y1, s11);
        }
        double t00 = sumLanes(s00), t01 = sumLanes(s01), t10 = sumLanes(s10), t11 = sumLanes(s11);
        for (int k = kv; k < ke; k++) {
            t00 = Math.fma(a[a0 + k], b[b0 + k], t00);
            t01 = Math.fma(a[a0 + k], b[b1 + k], t01);
            t10 = Math.fma(a[a1 + k], b[b0 + k], t10);
            t11 = Math.fma(a[a1 + k], b[b1 + k], t11);
        }
        g[go] += t00;
        g[go + 1] += t01;
        g[go + n] += t10;
        g[go + n + 1] += t11;
    }

    /**
     * The lanes added in lane order. Not {@code reduceLanes(ADD)}: its association order is unspecified and changes
     * once C2 compiles it (JDK 25), which made 1- and 2-thread results differ in the last bit.
     */
    private static double sumLanes(DoubleVector v) {
        double s = v.lane(0);
        for (int l = 1; l < L; l++) s += v.lane(l);
        return s;
    }

    /** One pair over [k0, ke): the tile's arithmetic for a single entry. */
    private static double dot(double[] a, int a0, double[] b, int b0, int k0, int kv, int ke) {
        DoubleVector s = DoubleVector.zero(S);
        for (int k = k0; k < kv; k += L) s = DoubleVector.fromArray(S, a, a0 + k).fma(DoubleVector.fromArray(S, b, b0 + k), s);
        double t = sumLanes(s);
        for (int k = kv; k < ke; k++) t = Math.fma(a[a0 + k], b[b0 + k], t);
        return t;
    }
}
