package org.enflow.filter.classical.linalg;

import org.enflow.kernel.Blas;
import org.enflow.kernel.Require;

/**
 * Eigendecomposition A = V Λ Vᵀ of a small dense symmetric matrix, by Householder reduction to
 * tridiagonal form followed by implicit symmetric QR steps with Wilkinson shifts (Golub &amp; Van Loan,
 * §8.3). O(n³) flops, about 9n³ with eigenvectors.
 *
 * <p>An instance is the workspace for matrices up to its capacity: {@link #decompose} allocates nothing,
 * so one instance serves every analysis of a filter. Not thread-safe; give each thread its own.
 *
 * <p>Storage is flat and row-major. Only the lower triangle of the input is read. Eigenvalues are
 * returned in ascending order with the eigenvectors as the matching <em>rows</em> of {@link #vectorsT()}
 * (row m is the unit eigenvector of the m-th eigenvalue): row access is what the filters need and keeps
 * the rotation updates on contiguous memory.
 */
public final class SymmetricEigen {
    /** Iteration cap per eigenvalue; Wilkinson-shifted QR converges in about 2 steps per eigenvalue. */
    private static final int MAX_STEPS_PER_VALUE = 60;

    private final int capacity;
    private final double[] diag;
    private final double[] off;
    /** Eigenvectors as rows, row-major n×n (Vᵀ). */
    private final double[] vt;
    /** Householder vectors during tridiagonalization, then scratch. */
    private final double[] work;
    private final double[] p;
    private final double[] tauOf;
    private int n;

    /** A workspace for matrices up to {@code capacity} × {@code capacity}. */
    public SymmetricEigen(int capacity) {
        this.capacity = Require.positive("capacity", capacity);
        this.diag = new double[capacity];
        this.off = new double[capacity];
        this.vt = new double[capacity * capacity];
        this.work = new double[capacity * capacity];
        this.p = new double[capacity];
        this.tauOf = new double[capacity];
    }

    public int capacity() {
        return capacity;
    }

    /** Size of the last decomposition. */
    public int size() {
        return n;
    }

    /** Eigenvalues of the last decomposition, ascending, in [0, size()). Owned by this workspace. */
    public double[] values() {
        return diag;
    }

    /** Eigenvectors of the last decomposition as rows (Vᵀ), row-major size()×size(). Owned by this workspace. */
    public double[] vectorsT() {
        return vt;
    }

    /**
     * Decomposes the symmetric n×n matrix whose lower triangle is in {@code a} (row-major, not modified).
     *
     * @throws IllegalArgumentException if an entry of the lower triangle is not finite
     * @throws IllegalStateException if the QR iteration does not converge (does not happen for finite
     *     symmetric input in practice; reported rather than returning garbage)
     */
    public void decompose(double[] a, int n) {
        if (n < 1 || n > capacity)
            throw new IllegalArgumentException("n = " + n + ": expected 1 <= n <= capacity " + capacity);
        if (a == null || a.length < n * n)
            throw new IllegalArgumentException("a has length " + (a == null ? "null" : a.length) + ": expected >= " + n * n);
        this.n = n;
        double[] t = work;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = a[i * n + j];
                if (!Double.isFinite(v))
                    throw new IllegalArgumentException("a[" + i + "][" + j + "] = " + v + ": expected a finite number");
                t[i * n + j] = v;
            }
        }
        tridiagonalize(t, n);
        qrIterate(n);
        sortAscending(n);
    }

    /**
     * Householder reduction of the symmetric matrix in the lower triangle of {@code t} to tridiagonal
     * form T = Qᵀ A Q (reflectors H_k = I − τ_k v_k v_kᵀ, Q = H_0 ⋯ H_{n−3}). Leaves T in
     * {@link #diag}/{@link #off} and Qᵀ in {@link #vt}; {@code t} is scratch.
     */
    private void tridiagonalize(double[] t, int n) {
        // Mirror the lower triangle so the symmetric rank-2 updates run on full rows.
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) t[j * n + i] = t[i * n + j];
        double[] v = p;
        double[] w = off; // scratch until the off-diagonal is read back at the end
        double[] refl = vt; // row k holds v_k until Q is built
        for (int k = 0; k < n - 2; k++) {
            int m0 = k + 1;
            double scale = 0;
            for (int i = m0; i < n; i++) scale = Math.max(scale, Math.abs(t[i * n + k]));
            double tau = 0;
            if (scale > 0) {
                double sumsq = 0;
                for (int i = m0; i < n; i++) {
                    double x = t[i * n + k] / scale;
                    sumsq += x * x;
                }
                double norm = scale * Math.sqrt(sumsq);
                double x0 = t[m0 * n + k];
                // alpha has the sign opposite to x0 so that v0 = x0 − alpha does not cancel.
                double alpha = x0 >= 0 ? -norm : norm;
                for (int i = m0; i < n; i++) v[i] = t[i * n + k];
                v[m0] = x0 - alpha;
                tau = 1.0 / (norm * (norm + Math.abs(x0))); // = 2 / vᵀv
                // A22 ← H A22 H = A22 − v wᵀ − w vᵀ with p = τ A22 v, w = p − (τ/2)(vᵀp) v.
                int m = n - m0;
                for (int i = m0; i < n; i++) w[i] = tau * Blas.dot(t, i * n + m0, v, m0, m);
                double half = 0.5 * tau * Blas.dot(v, m0, w, m0, m);
                Blas.axpy(-half, v, m0, w, m0, m);
                for (int i = m0; i < n; i++) {
                    Blas.axpy(-v[i], w, m0, t, i * n + m0, m);
                    Blas.axpy(-w[i], v, m0, t, i * n + m0, m);
                }
                t[m0 * n + k] = alpha;
                t[k * n + m0] = alpha;
                for (int i = m0 + 1; i < n; i++) {
                    t[i * n + k] = 0;
                    t[k * n + i] = 0;
                }
                for (int i = m0; i < n; i++) refl[k * n + i] = v[i];
            }
            tauOf[k] = tau;
        }
        for (int k = 0; k < n; k++) {
            diag[k] = t[k * n + k];
            off[k] = k + 1 < n ? t[(k + 1) * n + k] : 0;
        }
        // Q = H_0 (H_1 (⋯ (H_{n−3} I))): apply the reflectors to the identity, last first. H_k only touches
        // rows and columns > k, where the partial product is still the identity outside its block.
        java.util.Arrays.fill(t, 0, n * n, 0.0);
        for (int i = 0; i < n; i++) t[i * n + i] = 1;
        double[] row = p; // vᵀQ, row-wise: Q[m0.., m0..] −= τ v (vᵀ Q[m0.., m0..])
        for (int k = n - 3; k >= 0; k--) {
            double tau = tauOf[k];
            if (tau == 0) continue;
            int m0 = k + 1, m = n - m0;
            int vr = k * n;
            java.util.Arrays.fill(row, m0, n, 0.0);
            for (int i = m0; i < n; i++) Blas.axpy(refl[vr + i], t, i * n + m0, row, m0, m);
            for (int i = m0; i < n; i++) Blas.axpy(-tau * refl[vr + i], row, m0, t, i * n + m0, m);
        }
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) vt[i * n + j] = t[j * n + i];
    }

    private void qrIterate(int n) {
        // T = Qᵀ A Q, so A = Q T Qᵀ; the QR phase computes T = G Λ Gᵀ and the eigenvectors are the
        // columns of Q G, i.e. the rows of Gᵀ Qᵀ = vt after the rotations.
        double[] a = diag, b = off;
        b[n - 1] = 0;
        int steps = 0;
        int maxSteps = MAX_STEPS_PER_VALUE * n;
        int hi = n - 1;
        while (hi > 0) {
            if (negligible(b[hi - 1], a[hi - 1], a[hi])) {
                b[hi - 1] = 0;
                hi--;
                continue;
            }
            int lo = hi - 1;
            while (lo > 0 && !negligible(b[lo - 1], a[lo - 1], a[lo])) lo--;
            if (lo > 0) b[lo - 1] = 0;
            if (++steps > maxSteps)
                throw new IllegalStateException("symmetric QR iteration did not converge in " + maxSteps + " steps (n = " + n + ")");
            qrStep(a, b, lo, hi, n);
        }
    }

    private static boolean negligible(double e, double d0, double d1) {
        return Math.abs(e) <= 0x1p-53 * (Math.abs(d0) + Math.abs(d1)) || e == 0;
    }

    /** One implicit Wilkinson-shifted QR step on the unreduced block [lo, hi], rotating rows of vt along. */
    private void qrStep(double[] a, double[] b, int lo, int hi, int n) {
        double d = 0.5 * (a[hi - 1] - a[hi]);
        double bb = b[hi - 1];
        double r0 = hypot(d, bb);
        double mu = a[hi] - bb * bb / (d + (d >= 0 ? r0 : -r0));
        double x = a[lo] - mu;
        double z = b[lo];
        for (int k = lo; k < hi; k++) {
            double r = hypot(x, z);
            double c, s;
            if (r == 0) {
                c = 1;
                s = 0;
            } else {
                c = x / r;
                s = z / r;
            }
            if (k > lo) b[k - 1] = r;
            double pk = a[k], qk = a[k + 1], e = b[k];
            double cs = c * s, cc = c * c, ss = s * s;
            a[k] = cc * pk + 2 * cs * e + ss * qk;
            a[k + 1] = ss * pk - 2 * cs * e + cc * qk;
            b[k] = cs * (qk - pk) + (cc - ss) * e;
            if (k + 1 < hi) {
                z = s * b[k + 1];
                b[k + 1] = c * b[k + 1];
                x = b[k];
            }
            PlaneRotation.apply(vt, k * n, (k + 1) * n, n, c, s);
        }
    }

    static double hypot(double x, double y) {
        double h = Math.sqrt(x * x + y * y);
        if (Double.isInfinite(h) || (h < 0x1p-500 && h != 0)) return Math.hypot(x, y);
        return h;
    }

    private void sortAscending(int n) {
        // Selection sort: n is small and swaps move whole rows.
        for (int i = 0; i < n - 1; i++) {
            int m = i;
            for (int j = i + 1; j < n; j++) if (diag[j] < diag[m]) m = j;
            if (m != i) {
                double tmp = diag[i];
                diag[i] = diag[m];
                diag[m] = tmp;
                for (int t = 0; t < n; t++) {
                    double u = vt[i * n + t];
                    vt[i * n + t] = vt[m * n + t];
                    vt[m * n + t] = u;
                }
            }
        }
    }
}
