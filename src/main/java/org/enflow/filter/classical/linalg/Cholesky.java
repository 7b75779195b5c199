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
        for (int j = 0; j < n; j++) {
            int rj = j * n;
            double s = a[rj + j];
            for (int k = 0; k < j; k++) s -= a[rj + k] * a[rj + k];
            if (!(s > 0) || !Double.isFinite(s)) return j;
            double ljj = Math.sqrt(s);
            a[rj + j] = ljj;
            double inv = 1.0 / ljj;
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                double t = a[ri + j];
                for (int k = 0; k < j; k++) t -= a[ri + k] * a[rj + k];
                a[ri + j] = t * inv;
            }
            for (int i = j + 1; i < n; i++) a[rj + i] = 0;
        }
        return -1;
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
        for (int i = 0; i < n; i++) {
            int ri = i * n, bi = i * cols;
            for (int k = 0; k < i; k++) {
                double lik = l[ri + k];
                if (lik != 0) org.enflow.kernel.Blas.axpy(-lik, b, k * cols, b, bi, cols);
            }
            org.enflow.kernel.Blas.scale(1.0 / l[ri + i], b, bi, cols);
        }
        for (int i = n - 1; i >= 0; i--) {
            int bi = i * cols;
            org.enflow.kernel.Blas.scale(1.0 / l[i * n + i], b, bi, cols);
            for (int k = 0; k < i; k++) {
                double lik = l[i * n + k];
                if (lik != 0) org.enflow.kernel.Blas.axpy(-lik, b, bi, b, k * cols, cols);
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
}
