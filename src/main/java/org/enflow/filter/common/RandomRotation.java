package org.enflow.filter.common;

import org.enflow.kernel.Blas;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Require;

/**
 * Random mean-preserving rotations of ensemble anomalies (DAPPER's {@code rot=True}): an N×N orthogonal
 * matrix Ω with Ω1 = 1, Haar-distributed on that subgroup. Built as Ω = H·diag(1, Q)·H, where Q is a
 * Haar-random (N−1)×(N−1) orthogonal matrix (Householder QR of a Gaussian matrix with the signs of R's
 * diagonal divided out, Mezzadri 2007) and H is the reflection that swaps e₀ and 1/√N. Because the Haar
 * law is invariant, the law of Ω does not depend on the choice of H.
 *
 * <p>An instance owns the workspace for one N; not thread-safe.
 */
public final class RandomRotation {
    private final int n;
    private final double[] g; // (N−1)×(N−1) Gaussian, then R
    private final double[] q; // (N−1)×(N−1) orthogonal
    private final double[] vs; // Householder vectors of the QR, row k
    private final double[] taus;
    private final double[] signs;
    private final double[] u;
    private final double[] tmp;

    public RandomRotation(int members) {
        this.n = Require.positive("members", members);
        int m = Math.max(members - 1, 1);
        this.g = new double[m * m];
        this.q = new double[m * m];
        this.vs = new double[m * m];
        this.taus = new double[m];
        this.signs = new double[m];
        this.u = new double[members];
        this.tmp = new double[members];
    }

    public int members() {
        return n;
    }

    /** Writes a fresh random Ω into {@code out} (N×N row-major), drawing (N−1)² normals from {@code gauss}. */
    public void draw(Gaussian gauss, double[] out) {
        Require.length("out", out, n * n);
        java.util.Arrays.fill(out, 0.0);
        if (n == 1) {
            out[0] = 1;
            return;
        }
        int m = n - 1;
        gauss.fill(g, 0, m * m);
        haarOrthogonal(m);
        // Ω = H M H with M = diag(1, Q), H = I − τ u uᵀ, u = e₀ − 1/√N, τ = 2/uᵀu.
        double inv = 1 / Math.sqrt(n);
        for (int i = 0; i < n; i++) u[i] = -inv;
        u[0] += 1;
        double tau = 2 / Blas.dot(u, 0, u, 0, n);
        out[0] = 1;
        for (int i = 0; i < m; i++) System.arraycopy(q, i * m, out, (i + 1) * n + 1, m);
        // out ← out H : row r −= τ (row r · u) uᵀ
        for (int r = 0; r < n; r++) Blas.axpy(-tau * Blas.dot(out, r * n, u, 0, n), u, 0, out, r * n, n);
        // out ← H out : row r −= τ u_r (uᵀ out)
        Blas.weightedSumOfRows(u, 0, out, 0, n, n, n, tmp, 0);
        for (int r = 0; r < n; r++) Blas.axpy(-tau * u[r], tmp, 0, out, r * n, n);
    }

    /**
     * q ← a Haar-random orthogonal m×m matrix from the Gaussian matrix in g (destroyed). g and q are
     * handled column by column with each column stored contiguously (g[j·m + i] = G_ij), so every
     * Householder update is a contiguous dot and axpy; the result, read row-major, is Qᵀ, which is
     * Haar-distributed like Q.
     */
    private void haarOrthogonal(int m) {
        for (int k = 0; k < m; k++) {
            int ck = k * m, len = m - k;
            double norm = Math.sqrt(Blas.dot(g, ck + k, g, ck + k, len));
            double x0 = g[ck + k];
            double alpha = x0 >= 0 ? -norm : norm;
            signs[k] = alpha >= 0 ? 1 : -1;
            if (norm == 0) {
                taus[k] = 0;
                continue;
            }
            System.arraycopy(g, ck + k, vs, ck + k, len);
            vs[ck + k] = x0 - alpha;
            double tau = 1.0 / (norm * (norm + Math.abs(x0)));
            taus[k] = tau;
            for (int j = k + 1; j < m; j++) {
                int cj = j * m + k;
                Blas.axpy(-tau * Blas.dot(vs, ck + k, g, cj, len), vs, ck + k, g, cj, len);
            }
        }
        // Q = H_0 ⋯ H_{m−1} applied to I last first (column j of Q stored at q[j·m ..]); then Q ← Q diag(sign R_kk).
        java.util.Arrays.fill(q, 0.0);
        for (int i = 0; i < m; i++) q[i * m + i] = 1;
        for (int k = m - 1; k >= 0; k--) {
            double tau = taus[k];
            if (tau == 0) continue;
            int ck = k * m + k, len = m - k;
            for (int j = k; j < m; j++) {
                int cj = j * m + k;
                Blas.axpy(-tau * Blas.dot(vs, ck, q, cj, len), vs, ck, q, cj, len);
            }
        }
        for (int j = 0; j < m; j++) Blas.scale(signs[j], q, j * m, m);
    }

    /**
     * Anomaly rows a_i ← Σ_j Ω_ij a_j for i in [0, N), with the N×d anomalies in {@code a} (row-major);
     * {@code out} receives the result (must not alias {@code a}).
     */
    public static void applyToRows(double[] omega, int n, double[] a, double[] out, int d) {
        java.util.Arrays.fill(out, 0, n * d, 0.0);
        for (int i = 0; i < n; i++) {
            int oi = i * d;
            for (int j = 0; j < n; j++) {
                double w = omega[i * n + j];
                int oj = j * d;
                for (int k = 0; k < d; k++) out[oi + k] += w * a[oj + k];
            }
        }
    }

}
