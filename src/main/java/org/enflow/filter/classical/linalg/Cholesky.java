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
            double s = a[rj + j];
            for (int k = 0; k < j; k++) s -= a[rj + k] * a[rj + k];
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

    /** L_ij = (A_ij − Σ_{k&lt;j} L_ik L_jk)/L_jj for rows i in [from, to). */
    private static void column(double[] a, int n, int j, double inv, int from, int to) {
        int rj = j * n;
        for (int i = from; i < to; i++) {
            int ri = i * n;
            double t = a[ri + j];
            for (int k = 0; k < j; k++) t -= a[ri + k] * a[rj + k];
            a[ri + j] = t * inv;
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
     * shared out in fixed blocks of {@value ColumnBlocks#WIDTH} columns: the same results for every thread count.
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

    /**
     * {@link #factorUpper(double[], int, int)} with each long row shared out over fixed blocks of
     * {@value ColumnBlocks#WIDTH} columns: the same bits for every thread count and as the sequential form.
     */
    public static int factorUpper(org.enflow.kernel.Parallel par, double[] a, int n, int ld) {
        for (int k = 0; k < n; k++) {
            int rk = k * ld, c0 = k / SmallDense.PAD * SmallDense.PAD;
            // The pivot first (column k of U against itself), then the whole row in one pass.
            double s = a[rk + k];
            for (int i = 0; i < k; i++) s -= a[i * ld + k] * a[i * ld + k];
            if (!(s > 0) || !Double.isFinite(s)) return k;
            double ukk = Math.sqrt(s), inv = 1.0 / ukk;
            int kk = k;
            ColumnBlocks.run(par, (long) k * (ld - c0), c0, ld,
                    (from, w) -> SmallDense.combineRow(w, kk, a, kk, ld, a, from, ld, a, rk + from, inv));
            java.util.Arrays.fill(a, rk, rk + k, 0.0);
            a[rk + k] = ukk;
        }
        return -1;
    }

    /** x ← (UᵀU)⁻¹ x for the factor U of {@link #factorUpper} (forward by rows of U, then back by dots). */
    public static void solveUpper(double[] u, int n, int ld, double[] x, int off) {
        for (int k = 0; k < n; k++) {
            int rk = k * ld;
            double yk = x[off + k] / u[rk + k];
            x[off + k] = yk;
            for (int c = k + 1; c < n; c++) x[off + c] -= yk * u[rk + c];
        }
        for (int i = n - 1; i >= 0; i--) {
            int ri = i * ld;
            double t = x[off + i];
            for (int k = i + 1; k < n; k++) t -= u[ri + k] * x[off + k];
            x[off + i] = t / u[ri + i];
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
     * blocks of {@value ColumnBlocks#WIDTH} columns (independent systems): the same bits for every thread count.
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
