package org.enflow.kernel;

/**
 * Plain-Java twin of {@link RowGramVector}: the same column blocks, each entry's products in a block summed in four
 * interleaved accumulators (k mod 4) instead of SIMD lanes, one pair at a time; no argument checks.
 */
public final class RowGramScalar {
    private RowGramScalar() {}

    public static void compute(double[] a, int aOff, double[] b, int bOff, int n, int ld, int k0, int k1, double[] g, boolean add) {
        boolean self = a == b && aOff == bOff;
        if (!add) java.util.Arrays.fill(g, 0, n * n, 0.0);
        for (int kb = k0; kb < k1; kb += RowGram.K_BLOCK) {
            int ke = Math.min(k1, kb + RowGram.K_BLOCK);
            for (int i = 0; i < n; i++) {
                int ai = aOff + i * ld;
                for (int j = self ? i : 0; j < n; j++) g[i * n + j] += dot(a, ai, b, bOff + j * ld, kb, ke);
            }
        }
        if (self) for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) g[i * n + j] = g[j * n + i];
    }

    /** Σ_{k ∈ [k0, k1)} x[xo + k]·y[yo + k] in four accumulators, combined (s0 + s1) + (s2 + s3). */
    private static double dot(double[] x, int xo, double[] y, int yo, int k0, int k1) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = k0;
        for (; k + 4 <= k1; k += 4) {
            s0 = Math.fma(x[xo + k], y[yo + k], s0);
            s1 = Math.fma(x[xo + k + 1], y[yo + k + 1], s1);
            s2 = Math.fma(x[xo + k + 2], y[yo + k + 2], s2);
            s3 = Math.fma(x[xo + k + 3], y[yo + k + 3], s3);
        }
        for (; k < k1; k++) s0 = Math.fma(x[xo + k], y[yo + k], s0);
        return (s0 + s1) + (s2 + s3);
    }
}
