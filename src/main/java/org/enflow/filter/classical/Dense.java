package org.enflow.filter.classical;

/**
 * Small dense kernels on flat row-major arrays used by the ensemble-space filters. Dot products use four
 * independent accumulators in a fixed order (deterministic, and not latency-bound); row updates are
 * axpy loops the JIT vectorizes.
 */
final class Dense {
    private Dense() {}

    /** Σ_k a[ao+k]·b[bo+k] for k in [0, len), four accumulators combined in a fixed order. */
    static double dot(double[] a, int ao, double[] b, int bo, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 3 < len; k += 4) {
            s0 += a[ao + k] * b[bo + k];
            s1 += a[ao + k + 1] * b[bo + k + 1];
            s2 += a[ao + k + 2] * b[bo + k + 2];
            s3 += a[ao + k + 3] * b[bo + k + 3];
        }
        for (; k < len; k++) s0 += a[ao + k] * b[bo + k];
        return (s0 + s1) + (s2 + s3);
    }

    /** out (n×n) = G Gᵀ for the n rows of length len in g (symmetric, both triangles written). */
    static void gramRows(double[] g, int n, int len, double[] out) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = dot(g, i * len, g, j * len, len);
                out[i * n + j] = s;
                out[j * n + i] = s;
            }
        }
    }

    /** Columns per tile of {@link #transformRows}: n rows of this many doubles stay in L1/L2. */
    static final int TILE = 512;

    /**
     * out rows = base + Σ_j t[i·n + j]·a_j over the column range [from, to), i.e. out = 1·baseᵀ + T A for
     * A's n rows of length len; tiled over columns so each tile of A is read from cache n times.
     */
    static void transformRows(double[] t, int n, double[] a, int len, double[] base, double[] out, int from, int to) {
        for (int c0 = from; c0 < to; c0 += TILE) {
            int c1 = Math.min(to, c0 + TILE);
            for (int i = 0; i < n; i++) {
                int oi = i * len;
                System.arraycopy(base, c0, out, oi + c0, c1 - c0);
                for (int j = 0; j < n; j++) {
                    double w = t[i * n + j];
                    int oj = j * len;
                    for (int k = c0; k < c1; k++) out[oi + k] += w * a[oj + k];
                }
            }
        }
    }
}
