package org.enflow.filter.classical.linalg;

import org.enflow.kernel.Parallel;

/**
 * Cholesky factorization with diagonal pivoting of a symmetric positive semidefinite matrix, stopped at its
 * numerical rank: C ≈ Σ_{k&lt;r} b_k b_kᵀ, the rows b_k in C's own index order. Step k picks the largest
 * diagonal entry p of the remaining Schur complement and sets b_k = (C_p· − Σ_{l&lt;k} b_l[p] b_l)/√s_p, with
 * b_k exactly 0 at the earlier pivots; it stops when no remaining diagonal entry exceeds n·ε·max_j C_jj
 * (LAPACK {@code dpstrf}'s default tolerance), so the part left out has trace at most n²·ε·max_j C_jj.
 *
 * <p>For a rank-deficient covariance this gives a sampling factor of r ≪ n rows in O(r²n) operations,
 * where a symmetric square root needs an O(n³) eigendecomposition. Each row is built over fixed column
 * blocks ({@link ColumnBlocks}), each entry by the same fma chain: the same bits for every thread count.
 */
public final class PivotedCholesky {
    private PivotedCholesky() {}

    /**
     * Factors the n×n symmetric matrix {@code c} (row-major, both triangles; not modified) into
     * {@code rows} (r rows of n, row-major, r ≤ n), recording the pivots in {@code pivots[0..r)}. Workspace:
     * {@code residual} (n doubles) and {@code chosen} (n flags). Returns the rank r.
     *
     * @throws IllegalArgumentException if a diagonal entry is not finite
     */
    public static int factorRows(Parallel par, double[] c, int n, double[] rows, int[] pivots, double[] residual,
                                 boolean[] chosen) {
        double max = 0;
        for (int j = 0; j < n; j++) {
            double v = c[j * n + j];
            if (!Double.isFinite(v))
                throw new IllegalArgumentException("c[" + j + "][" + j + "] = " + v + ": expected a finite covariance");
            residual[j] = v;
            chosen[j] = false;
            max = Math.max(max, v);
        }
        double tol = n * Math.ulp(1.0) * max;
        for (int k = 0; k < n; k++) {
            int p = -1;
            double best = tol;
            for (int j = 0; j < n; j++) {
                if (!chosen[j] && residual[j] > best) {
                    best = residual[j];
                    p = j;
                }
            }
            if (p < 0) return k;
            chosen[p] = true;
            pivots[k] = p;
            double pivot = Math.sqrt(best);
            int row = k * n, kk = k, pp = p;
            System.arraycopy(c, p * n, rows, row, n);
            ColumnBlocks.run(par, (long) k * n, 0, n,
                    (from, w) -> SmallDense.combineRow(w, kk, rows, pp, n, rows, from, n, rows, row + from, 1.0 / pivot));
            for (int l = 0; l < k; l++) rows[row + pivots[l]] = 0.0;
            rows[row + p] = pivot;
            for (int j = 0; j < n; j++) {
                if (!chosen[j]) residual[j] -= rows[row + j] * rows[row + j];
            }
        }
        return n;
    }
}
