package org.enflow.filter.classical;

/**
 * Small dense kernels on flat row-major arrays used by the ensemble-space filters. Dot products use four
 * independent accumulators in a fixed order (deterministic, and not latency-bound); row updates are
 * axpy loops the JIT vectorizes.
 */
final class Dense {
    private Dense() {}

    /** Σ_k a[ao+k]·b[bo+k] for k in [0, len): the kernel's (vectorized, fixed-order) dot product. */
    static double dot(double[] a, int ao, double[] b, int bo, int len) {
        return len == 0 ? 0 : org.enflow.kernel.Blas.dot(a, ao, b, bo, len);
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
            int w = c1 - c0;
            for (int i = 0; i < n; i++) {
                int oi = i * len + c0;
                org.enflow.kernel.Blas.weightedSumOfRows(t, i * n, a, c0, n, w, len, out, oi);
                org.enflow.kernel.Blas.axpy(1.0, base, c0, out, oi, w);
            }
        }
    }
}
