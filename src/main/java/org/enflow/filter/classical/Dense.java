package org.enflow.filter.classical;

import org.enflow.kernel.Parallel;

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

    /** Ensembles up to this many values (N·d) are transformed in one register-blocked pass (they sit in L2). */
    static final int SMALL_VALUES = 1 << 15;

    /**
     * out rows = base + Σ_j t[i·n + j]·a_j for all N rows: out = 1·baseᵀ + T A. Small ensembles take one
     * register-blocked product that starts each row from base and stores it once; large ones the
     * column-tiled {@link #transformRows} in parallel over fixed column blocks. {@code out} must not
     * overlap {@code a}. Allocation-free once {@code rows} has seen this (N, d).
     */
    static void transform(double[] t, int n, double[] a, int d, double[] base, double[] out, Parallel parallel, Rows rows) {
        if ((long) n * d <= SMALL_VALUES) {
            rows.prepare(n, d);
            org.enflow.filter.classical.linalg.SmallDense.multiplyAddRows(n, d, n, t, 0, n, a, 0, d, base, rows.zeros, out, rows.starts, false);
            return;
        }
        int grain = Math.max(TILE, (1 << 20) / (n * n)); // ~2 MFLOP per block
        if (Parallel.blockCount(d, grain) == 1) transformRows(t, n, a, d, base, out, 0, d);
        else parallel.forRange(d, grain, (b, from, to) -> transformRows(t, n, a, d, base, out, from, to));
    }

    /** Row offsets for {@link #transform}: every row starts from base[0..d), row i is stored at i·d. */
    static final class Rows {
        int[] zeros = new int[0], starts = new int[0];
        private int n = -1, d = -1;

        void prepare(int n, int d) {
            if (zeros.length < n) {
                zeros = new int[n];
                starts = new int[n];
            }
            if (this.n != n || this.d != d) {
                for (int i = 0; i < n; i++) starts[i] = i * d;
                this.n = n;
                this.d = d;
            }
        }
    }
}
