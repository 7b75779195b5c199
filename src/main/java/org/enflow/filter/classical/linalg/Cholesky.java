package org.enflow.filter.classical.linalg;

/**
 * Cholesky factorization A = L Lᵀ of a small dense symmetric positive-definite matrix, in place, and
 * solves with the factor. Flat row-major storage, no allocation.
 */
public final class Cholesky {
    private Cholesky() {}

    /**
     * Overwrites the lower triangle of the n×n matrix {@code a} with L (the strict upper triangle is
     * zeroed). Returns the index of the first non-positive (or non-finite) pivot, or −1 on success, so
     * callers can report which matrix failed and with what value.
     */
    public static int factor(double[] a, int n) {
        return factor(org.enflow.kernel.Parallel.sequential(), a, n);
    }

    /**
     * {@link #factor(double[], int)} with each column's entries below the diagonal shared out over fixed
     * blocks of rows ({@link ColumnBlocks}; each entry is the same loop as in the sequential form): the same
     * bits for every thread count.
     */
    public static int factor(org.enflow.kernel.Parallel par, double[] a, int n) {
        for (int j = 0; j < n; j++) {
            int rj = j * n;
            double s = a[rj + j] - org.enflow.kernel.Blas.dot(a, rj, a, rj, j);
            if (!(s > 0) || !Double.isFinite(s)) return j;
            double ljj = Math.sqrt(s);
            a[rj + j] = ljj;
            double inv = 1.0 / ljj;
            int jj = j;
            ColumnBlocks.run(par, (long) (n - j - 1) * j, j + 1, n, (from, w) -> column(a, n, jj, inv, from, from + w));
            for (int i = j + 1; i < n; i++) a[rj + i] = 0;
        }
        return -1;
    }

    /**
     * L_ij = (A_ij − Σ_{k&lt;j} L_ik L_jk)/L_jj for rows i in [from, to), each sum the library's vector dot product of
     * two contiguous rows (several accumulators, not one latency-bound scalar chain per entry).
     */
    private static void column(double[] a, int n, int j, double inv, int from, int to) {
        int rj = j * n;
        for (int i = from; i < to; i++) {
            int ri = i * n;
            a[ri + j] = (a[ri + j] - org.enflow.kernel.Blas.dot(a, ri, a, rj, j)) * inv;
        }
    }

    /**
     * Solves A x = b for each of {@code rows} right-hand sides stored as the rows of {@code b}
     * (row r at {@code b[off + r*n .. off + (r+1)*n)}), in place, given the factor L from {@link #factor}.
     */
    public static void solveRows(double[] l, int n, double[] b, int off, int rows) {
        for (int r = 0; r < rows; r++) {
            int o = off + r * n;
            forward(l, n, b, o);
            backward(l, n, b, o);
        }
    }

    /**
     * Solves A X = B for the n×cols right-hand sides B stored row-major (row i of B is equation i), in
     * place, given the factor L: forward and back substitution by whole rows, so every inner loop is a
     * vectorized row update instead of a dependent chain of scalar operations.
     */
    public static void solveColumns(double[] l, int n, double[] b, int cols) {
        solveColumns(l, n, b, cols, 0, cols);
    }

    /**
     * {@link #solveColumns(double[], int, double[], int)} with the right-hand sides (independent systems)
     * shared out in fixed column blocks ({@link ColumnBlocks}): the same results for every thread count.
     */
    public static void solveColumns(org.enflow.kernel.Parallel par, double[] l, int n, double[] b, int cols) {
        ColumnBlocks.run(par, (long) n * n * cols, 0, cols, (from, w) -> solveColumns(l, n, b, cols, from, w));
    }

    /** The solve for the columns [c0, c0 + w) of the right-hand sides (row stride cols). */
    private static void solveColumns(double[] l, int n, double[] b, int cols, int c0, int w) {
        for (int i = 0; i < n; i++) {
            int ri = i * n, bi = i * cols + c0;
            for (int k = 0; k < i; k++) {
                double lik = l[ri + k];
                if (lik != 0) org.enflow.kernel.Blas.axpy(-lik, b, k * cols + c0, b, bi, w);
            }
            org.enflow.kernel.Blas.scale(1.0 / l[ri + i], b, bi, w);
        }
        for (int i = n - 1; i >= 0; i--) {
            int bi = i * cols + c0;
            org.enflow.kernel.Blas.scale(1.0 / l[i * n + i], b, bi, w);
            for (int k = 0; k < i; k++) {
                double lik = l[i * n + k];
                if (lik != 0) org.enflow.kernel.Blas.axpy(-lik, b, bi, b, k * cols + c0, w);
            }
        }
    }

    /** x ← L⁻¹ x for x = b[o .. o+n). */
    public static void forward(double[] l, int n, double[] b, int o) {
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            double s = b[o + i];
            for (int k = 0; k < i; k++) s -= l[ri + k] * b[o + k];
            b[o + i] = s / l[ri + i];
        }
    }

    /** x ← L⁻ᵀ x for x = b[o .. o+n). */
    public static void backward(double[] l, int n, double[] b, int o) {
        for (int i = n - 1; i >= 0; i--) {
            double xi = b[o + i] / l[i * n + i];
            b[o + i] = xi;
            // Column i of L above… i.e. row i of Lᵀ: subtract xi·L[i][k] from b[k] for k < i.
            int ri = i * n;
            for (int k = 0; k < i; k++) b[o + k] -= l[ri + k] * xi;
        }
    }

    /**
     * Factorization A = UᵀU of the symmetric positive-definite n×n matrix in the upper triangle of
     * {@code a} (row-major, row stride {@code ld} ≥ n, a multiple of {@link SmallDense#PAD}, zero padding),
     * row by row: U_k = (A_k − Σ_{i&lt;k} U_ik U_i)/U_kk, the sum a row-oriented product over the finished
     * rows (column k of U read with stride ld) over whole vectors from an aligned column, scaled by
     * 1/U_kk in the same pass. Row k of U overwrites row k of {@code a} (zeros left of the diagonal);
     * each row is written once. Returns the first bad pivot, or −1.
     */
    public static int factorUpper(double[] a, int n, int ld) {
        return factorUpper(org.enflow.kernel.Parallel.sequential(), a, n, ld);
    }

    /** Rows per panel of {@link #factorUpper(org.enflow.kernel.Parallel, double[], int, int)}: a multiple of {@link SmallDense#PAD}. */
    static final int PANEL = 2 * SmallDense.PAD;

    /**
     * {@link #factorUpper(double[], int, int)} by panels of {@value #PANEL} rows, so a factor of order n costs
     * n/{@value #PANEL} fork-joins instead of one per row (at n = 500 the per-row joins were ~1.6 ms of a 41 ms
     * two-thread ETKF analysis). A panel's rows are first finished up to the first aligned column past the panel
     * ({@link #panelRows}: the pivots and the columns the panel's later rows read as coefficients); the columns right
     * of it need only the finished rows above and the panel's own earlier rows in the same columns, so they are shared
     * out over fixed column blocks, each block running the panel's rows in order. With a look-ahead: the next panel's
     * columns come first, in one task that then runs the next panel's {@link #panelRows}, while the other blocks of
     * this panel go on beside it. The panel rows were serial between the calls (~1 ms of a 31 ms two-thread ETKF
     * analysis at N = 500, d = 1000). Every entry is still the one fma chain of the row-by-row form (combineRow's
     * columns are independent, and every range starts at a multiple of {@link SmallDense#PAD}), so the factor is the
     * same bits for every thread count and as the row-by-row form.
     */
    public static int factorUpper(org.enflow.kernel.Parallel par, double[] a, int n, int ld) {
        int bad = panelRows(a, n, ld, 0);
        if (bad >= 0) return bad;
        int[] nextBad = {-1};
        for (int k0 = 0; k0 < n; k0 += PANEL) {
            int k1 = Math.min(n, k0 + PANEL), split = split(k1, ld);
            boolean more = k1 < n;
            // Columns [split, lead): the next panel's, which its panelRows read; then the rest, [lead, ld).
            int lead = more ? split(Math.min(n, k1 + PANEL), ld) : split, rest = ld - lead;
            int p0 = k0, p1 = k1;
            Runnable first = () -> {
                if (lead > split) panelColumns(a, ld, p0, p1, split, lead - split);
                if (more) nextBad[0] = panelRows(a, n, ld, p1);
            };
            long fmas = (long) (k0 + k1) * (k1 - k0) / 2 * (ld - split);
            if (fmas < ColumnBlocks.SERIAL_FMAS || rest <= 0) {
                first.run();
                if (rest > 0) panelColumns(a, ld, p0, p1, lead, rest);
            } else {
                int width = rest <= ColumnBlocks.WIDTH ? rest : ColumnBlocks.width(rest), blocks = (rest + width - 1) / width;
                // Item 0 is the first of the calling thread's run: the look-ahead starts at once.
                par.forEach(1 + blocks, (item, unused0, unused1) -> {
                    if (item == 0) {
                        first.run();
                    } else {
                        int f = lead + (item - 1) * width;
                        panelColumns(a, ld, p0, p1, f, Math.min(ld, f + width) - f);
                    }
                });
            }
            if (nextBad[0] >= 0) return nextBad[0];
        }
        return -1;
    }

    /** The first aligned column at or past k1 (at most ld): where a panel ending at row k1 stops its own pass. */
    private static int split(int k1, int ld) {
        return Math.min(ld, k1 + SmallDense.PAD - 1) / SmallDense.PAD * SmallDense.PAD;
    }

    /**
     * Rows [k0, min(n, k0 + {@value #PANEL})) of U up to their split, row after row on the calling thread: the pivot
     * (column k of U against itself), then the row up to the split in one pass. Needs the rows above finished up to
     * that split. Returns the first bad pivot, or −1.
     */
    private static int panelRows(double[] a, int n, int ld, int k0) {
        int k1 = Math.min(n, k0 + PANEL), split = split(k1, ld);
        for (int k = k0; k < k1; k++) {
            int rk = k * ld, c0 = k / SmallDense.PAD * SmallDense.PAD;
            double s = a[rk + k];
            for (int i = 0; i < k; i++) s -= a[i * ld + k] * a[i * ld + k];
            if (!(s > 0) || !Double.isFinite(s)) return k;
            double ukk = Math.sqrt(s);
            SmallDense.combineRow(split - c0, k, a, k, ld, a, c0, ld, a, rk + c0, 1.0 / ukk);
            java.util.Arrays.fill(a, rk, rk + k, 0.0);
            a[rk + k] = ukk;
        }
        return -1;
    }

    /** Rows [k0, k1) of U in the columns [from, from + w), right of their panel's split: row after row. */
    private static void panelColumns(double[] a, int ld, int k0, int k1, int from, int w) {
        for (int k = k0; k < k1; k++) {
            int rk = k * ld;
            SmallDense.combineRow(w, k, a, k, ld, a, from, ld, a, rk + from, 1.0 / a[rk + k]);
        }
    }

    /** x ← (UᵀU)⁻¹ x for the factor U of {@link #factorUpper} (forward by rows of U, then back by dots). */
    public static void solveUpper(double[] u, int n, int ld, double[] x, int off) {
        for (int k = 0; k < n; k++) {
            int rk = k * ld;
            double yk = x[off + k] / u[rk + k];
            x[off + k] = yk;
            for (int c = k + 1; c < n; c++) x[off + c] -= yk * u[rk + c];
        }
        // The back substitution's sums by the library's vector dot product: as one chain they were ~150 µs at n = 499,
        // serial inside the ETKF's two-thread analysis.
        for (int i = n - 1; i >= 0; i--) {
            int ri = i * ld;
            x[off + i] = (x[off + i] - org.enflow.kernel.Blas.dot(u, ri + i + 1, x, off + i + 1, n - 1 - i)) / u[ri + i];
        }
    }

    /**
     * Y ← U⁻¹ M for the n×len right-hand sides M stored as rows (stride ld) in {@code m}, in place: back
     * substitution by whole rows, Y_i = (M_i − Σ_{k&gt;i} U_ik Y_k)/U_ii, the sum a row-oriented product.
     */
    public static void solveUpperRows(double[] u, int n, int ld, double[] m, int len) {
        solveUpperRows(u, n, ld, m, 0, len);
    }

    /**
     * {@link #solveUpperRows(double[], int, int, double[], int)} with the right-hand sides shared out in fixed
     * column blocks ({@link ColumnBlocks}; independent systems): the same bits for every thread count.
     */
    public static void solveUpperRows(org.enflow.kernel.Parallel par, double[] u, int n, int ld, double[] m, int len) {
        ColumnBlocks.run(par, (long) n * n * len / 2, 0, len, (from, w) -> solveUpperRows(u, n, ld, m, from, w));
    }

    private static void solveUpperRows(double[] u, int n, int ld, double[] m, int c0, int len) {
        for (int i = n - 1; i >= 0; i--) {
            int ri = i * ld;
            SmallDense.combineRow(len, n - 1 - i, u, ri + i + 1, 1, m, (i + 1) * ld + c0, ld, m, ri + c0, 1.0 / u[ri + i]);
        }
    }

    /**
     * Z ← U⁻ᵀ M for the n×len right-hand sides stored as rows (stride ld) in {@code m}, in place: forward
     * substitution by whole rows, Z_k = (M_k − Σ_{j&lt;k} U_jk Z_j)/U_kk, the sum a row-oriented product
     * over the finished rows (column k of U read with stride ld).
     */
    public static void solveUpperTransposedRows(double[] u, int n, int ld, double[] m, int len) {
        solveUpperTransposedRows(u, n, ld, m, 0, len);
    }

    /** {@link #solveUpperTransposedRows(double[], int, int, double[], int)} over fixed column blocks, as above. */
    public static void solveUpperTransposedRows(org.enflow.kernel.Parallel par, double[] u, int n, int ld, double[] m, int len) {
        ColumnBlocks.run(par, (long) n * n * len / 2, 0, len, (from, w) -> solveUpperTransposedRows(u, n, ld, m, from, w));
    }

    private static void solveUpperTransposedRows(double[] u, int n, int ld, double[] m, int c0, int len) {
        for (int k = 0; k < n; k++) {
            int rk = k * ld;
            SmallDense.combineRow(len, k, u, k, ld, m, c0, ld, m, rk + c0, 1.0 / u[rk + k]);
        }
    }
}
