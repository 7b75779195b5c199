package org.enflow.filter.classical.linalg;

import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;

/**
 * Eigendecomposition A = V Λ Vᵀ of a small dense symmetric matrix, by Householder reduction to
 * tridiagonal form followed by implicit symmetric QR steps with Wilkinson shifts (Golub &amp; Van Loan,
 * §8.3). O(n³) flops, about 9n³ with eigenvectors.
 *
 * <p>An instance is the workspace for matrices up to its capacity: {@link #decompose} allocates nothing,
 * so one instance serves every analysis of a filter. Not thread-safe; give each thread its own. With a
 * {@link Parallel}, the O(n²)-per-step row operations (the reduction's product and rank-2 update, the
 * accumulation of Q, the QR sweeps over the eigenvector rows) are shared out over fixed column blocks
 * ({@link ColumnBlocks}), each column the same operations: the same bits on any number of threads.
 *
 * <p>Storage is flat and row-major. Only the lower triangle of the input is read. Eigenvalues are
 * returned in ascending order with the eigenvectors as the matching <em>rows</em> of {@link #vectorsT()}
 * (row m is the unit eigenvector of the m-th eigenvalue): row access is what the filters need and keeps
 * the rotation updates on contiguous memory.
 */
public final class SymmetricEigen {
    /** Iteration cap per eigenvalue; Wilkinson-shifted QR converges in about 2 steps per eigenvalue. */
    private static final int MAX_STEPS_PER_VALUE = 60;
    private static final int PAD = SmallDense.PAD;
    /** Blocks with at least this many off-diagonals take two pipelined shifts per step. */
    private static final int DOUBLE_STEP_MIN = 4;

    private final int capacity;
    private final double[] diag;
    private final double[] off;
    /** Eigenvectors as rows, row-major n×n (Vᵀ): the compact copy handed out. */
    private final double[] vt;
    /**
     * Working storage, all with the padded row stride {@link #ld}: the symmetric matrix (both triangles)
     * during the reduction, then Q; the reflectors v_k as rows; the eigenvectors as rows during QR.
     */
    private final double[] work, refl, vtPad;
    /** Padded row vectors: v, then p and w of one Householder step. */
    private final double[] v, p;
    private final double[] tauOf;
    private final int[] order;
    /** Rotations (c, s) of the current QR step. */
    private final double[] rotC, rotS, rotC2, rotS2;
    private int n, ld;
    private Parallel par = Parallel.sequential();

    /** A workspace for matrices up to {@code capacity} × {@code capacity}. */
    public SymmetricEigen(int capacity) {
        this.capacity = Require.positive("capacity", capacity);
        int ldCap = SmallDense.padded(capacity);
        this.diag = new double[capacity];
        this.off = new double[capacity];
        this.vt = new double[capacity * capacity];
        this.work = new double[capacity * ldCap];
        this.refl = new double[capacity * ldCap];
        this.vtPad = new double[capacity * ldCap];
        this.v = new double[ldCap];
        this.p = new double[ldCap];
        this.tauOf = new double[capacity];
        this.order = new int[capacity];
        this.rotC = new double[capacity];
        this.rotS = new double[capacity];
        this.rotC2 = new double[capacity];
        this.rotS2 = new double[capacity];
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
        decompose(Parallel.sequential(), a, n);
    }

    /** {@link #decompose(double[], int)} with the row operations shared out on {@code par} (same bits). */
    public void decompose(Parallel par, double[] a, int n) {
        this.par = Require.notNull("par", par);
        if (n < 1 || n > capacity)
            throw new IllegalArgumentException("n = " + n + ": expected 1 <= n <= capacity " + capacity);
        if (a == null || a.length < n * n)
            throw new IllegalArgumentException("a has length " + (a == null ? "null" : a.length) + ": expected >= " + n * n);
        this.n = n;
        int ld = this.ld = SmallDense.padded(n);
        double[] t = work;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double x = a[i * n + j];
                if (!Double.isFinite(x))
                    throw new IllegalArgumentException("a[" + i + "][" + j + "] = " + x + ": expected a finite number");
                t[i * ld + j] = x;
                t[j * ld + i] = x;
            }
            for (int j = n; j < ld; j++) t[i * ld + j] = 0;
        }
        try {
            tridiagonalize(n, ld);
            formQTransposed(n, ld);
            qrIterate(n);
        } finally {
            this.par = Parallel.sequential(); // keep no reference to the caller's pool
        }
        sortInto(n);
    }

    /**
     * Householder reduction T = Qᵀ A Q of the full symmetric matrix in {@link #work} (reflectors
     * H_k = I − τ_k v_k v_kᵀ, Q = H_0 ⋯ H_{n−3}); leaves T in {@link #diag}/{@link #off} and v_k in row k
     * of {@link #refl}.
     *
     * <p>Every row operation runs over whole vectors: from the aligned column c0 ≤ k+1 to the padded
     * end. v and w are zero on [c0, k+1) and past n, so the update leaves those columns alone; the
     * matrix-vector product p = A₂₂v is formed as a weighted sum of rows (A is symmetric), and its
     * entries left of k+1 (rows' stale columns) are discarded.
     */
    private void tridiagonalize(int n, int ld) {
        double[] t = work;
        for (int k = 0; k < n - 2; k++) {
            int m0 = k + 1, c0 = m0 / PAD * PAD, len = ld - c0, rows = n - m0, rk = k * ld;
            double scale = 0;
            for (int i = m0; i < n; i++) scale = Math.max(scale, Math.abs(t[rk + i]));
            double tau = 0, alpha = 0;
            java.util.Arrays.fill(v, c0, ld, 0.0);
            if (scale > 0) {
                double sumsq = 0, inv = 1 / scale;
                for (int i = m0; i < n; i++) {
                    double x = t[rk + i] * inv;
                    sumsq += x * x;
                }
                double norm = scale * Math.sqrt(sumsq);
                double x0 = t[rk + m0];
                // alpha has the sign opposite to x0 so that v0 = x0 − alpha does not cancel.
                alpha = x0 >= 0 ? -norm : norm;
                System.arraycopy(t, rk + m0, v, m0, rows);
                v[m0] = x0 - alpha;
                tau = 1.0 / (norm * (norm + Math.abs(x0))); // = 2 / vᵀv
                // p = τ A₂₂ v, w = p − (τ/2)(vᵀp) v, A₂₂ ← A₂₂ − v wᵀ − w vᵀ.
                ColumnBlocks.run(par, (long) rows * len, c0, ld,
                        (from, w) -> SmallDense.multiply(1, w, rows, v, m0, 0, 1, t, m0 * ld + from, ld, p, from, 0));
                for (int j = c0; j < m0; j++) p[j] = 0;
                double vp = 0;
                for (int j = m0; j < n; j++) {
                    p[j] *= tau;
                    vp += v[j] * p[j];
                }
                double half = 0.5 * tau * vp;
                for (int j = m0; j < n; j++) p[j] -= half * v[j];
                ColumnBlocks.run(par, 2L * rows * len, c0, ld, (from, w) -> SmallDense.rank2(m0, rows, v, p, t, 0, ld, from, w));
            } else {
                alpha = 0;
            }
            System.arraycopy(v, c0, refl, rk + c0, len);
            tauOf[k] = tau;
            off[k] = alpha;
        }
        for (int k = 0; k < n; k++) diag[k] = t[k * ld + k];
        if (n >= 2) off[n - 2] = t[(n - 1) * ld + n - 2];
        off[n - 1] = 0;
    }

    /**
     * Q = H_0 (H_1 (⋯ (H_{n−3} I))) in {@link #work}, reflectors applied to the identity last first: H_k
     * only touches rows and columns &gt; k, where the partial product is still the identity outside its
     * block (so its columns [c0, k+1) are zero in those rows). Then Qᵀ into {@link #vtPad}.
     */
    private void formQTransposed(int n, int ld) {
        double[] q = work;
        java.util.Arrays.fill(q, 0, n * ld, 0.0);
        for (int i = 0; i < n; i++) q[i * ld + i] = 1;
        for (int k = n - 3; k >= 0; k--) {
            double tau = tauOf[k];
            if (tau == 0) continue;
            int m0 = k + 1, c0 = m0 / PAD * PAD, len = ld - c0, rows = n - m0;
            // r = vᵀ Q[m0.., c0..] into p; Q[m0.., c0..] −= τ v r.
            int kk = k;
            ColumnBlocks.run(par, 2L * rows * len, c0, ld, (from, w) -> {
                SmallDense.multiply(1, w, rows, refl, kk * ld + m0, 0, 1, q, m0 * ld + from, ld, p, from, 0);
                SmallDense.rank1(rows, -tau, refl, kk * ld + m0, p, from, q, m0 * ld + from, ld, w);
            });
        }
        for (int i = 0; i < n; i++) {
            int r = i * ld;
            for (int j = 0; j < n; j++) vtPad[r + j] = q[j * ld + i];
            for (int j = n; j < ld; j++) vtPad[r + j] = 0;
        }
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
            if (hi - lo >= DOUBLE_STEP_MIN) doubleStep(a, b, lo, hi);
            else qrStep(a, b, lo, hi, n);
        }
    }

    private static boolean negligible(double e, double d0, double d1) {
        return Math.abs(e) <= 0x1p-53 * (Math.abs(d0) + Math.abs(d1)) || e == 0;
    }

    /**
     * One implicit Wilkinson-shifted QR step on the unreduced block [lo, hi]. The diagonal entry and
     * off-diagonal that one rotation hands to the next (p, e) and the bulge (x, z) stay in registers;
     * the rotations are recorded and then applied to the rows of {@link #vtPad} in one sweep.
     */
    private void qrStep(double[] a, double[] b, int lo, int hi, int n) {
        double d = 0.5 * (a[hi - 1] - a[hi]);
        double bb = b[hi - 1];
        double r0 = hypot(d, bb);
        double mu = a[hi] - bb * bb / (d + (d >= 0 ? r0 : -r0));
        double p = a[lo], e = b[lo];
        double x = p - mu, z = e;
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
            double q = a[k + 1];
            double cs = c * s, cc = c * c, ss = s * s;
            a[k] = cc * p + 2 * cs * e + ss * q;
            double bk = cs * (q - p) + (cc - ss) * e;
            p = ss * p - 2 * cs * e + cc * q;
            if (k + 1 < hi) {
                double bn = b[k + 1];
                z = s * bn;
                e = c * bn;
                x = bk;
            } else {
                b[k] = bk;
            }
            rotC[k - lo] = c;
            rotS[k - lo] = s;
        }
        a[hi] = p;
        ColumnBlocks.run(par, 4L * (hi - lo) * ld, 0, ld, (from, w) -> PlaneRotation.sweep(vtPad, from, ld, lo, hi, rotC, rotS, w));
    }

    /**
     * Two implicit QR steps chased down the block [lo, hi] together, with the shifts μ₁ (Wilkinson's,
     * the eigenvalue of the trailing 2×2 nearer a_hi) and μ₂ (its other eigenvalue). The second bulge
     * trails the first by two positions: its rotation j needs a_{j+1} and b_{j+1}, which the first bulge
     * finishes at its rotation j+2. The result equals the two steps run one after the other (rotation j
     * of the second step touches only rows the first has finished with), but the two dependency chains
     * of square roots and divisions overlap in the CPU.
     */
    private void doubleStep(double[] a, double[] b, int lo, int hi) {
        double d = 0.5 * (a[hi - 1] - a[hi]);
        double bb = b[hi - 1];
        double r0 = hypot(d, bb);
        double corr = bb * bb / (d + (d >= 0 ? r0 : -r0));
        double mu1 = a[hi] - corr, mu2 = a[hi - 1] + corr;
        double p1 = a[lo], e1 = b[lo], x1 = p1 - mu1, z1 = e1;
        double p2 = 0, e2 = 0, x2 = 0, z2 = 0;
        for (int t = lo; t <= hi + 1; t++) {
            if (t < hi) {
                int k = t;
                double r = hypot(x1, z1), c, s;
                if (r == 0) {
                    c = 1;
                    s = 0;
                } else {
                    c = x1 / r;
                    s = z1 / r;
                }
                if (k > lo) b[k - 1] = r;
                double q = a[k + 1];
                double cs = c * s, cc = c * c, ss = s * s;
                a[k] = cc * p1 + 2 * cs * e1 + ss * q;
                double bk = cs * (q - p1) + (cc - ss) * e1;
                p1 = ss * p1 - 2 * cs * e1 + cc * q;
                if (k + 1 < hi) {
                    double bn = b[k + 1];
                    z1 = s * bn;
                    e1 = c * bn;
                    x1 = bk;
                } else {
                    b[k] = bk;
                    a[hi] = p1;
                }
                rotC[k - lo] = c;
                rotS[k - lo] = s;
            }
            int j = t - 2;
            if (j >= lo) {
                if (j == lo) {
                    p2 = a[lo];
                    e2 = b[lo];
                    x2 = p2 - mu2;
                    z2 = e2;
                }
                double r = hypot(x2, z2), c, s;
                if (r == 0) {
                    c = 1;
                    s = 0;
                } else {
                    c = x2 / r;
                    s = z2 / r;
                }
                if (j > lo) b[j - 1] = r;
                double q = a[j + 1];
                double cs = c * s, cc = c * c, ss = s * s;
                a[j] = cc * p2 + 2 * cs * e2 + ss * q;
                double bk = cs * (q - p2) + (cc - ss) * e2;
                p2 = ss * p2 - 2 * cs * e2 + cc * q;
                if (j + 1 < hi) {
                    double bn = b[j + 1];
                    z2 = s * bn;
                    e2 = c * bn;
                    x2 = bk;
                } else {
                    b[j] = bk;
                    a[hi] = p2;
                }
                rotC2[j - lo] = c;
                rotS2[j - lo] = s;
            }
        }
        ColumnBlocks.run(par, 8L * (hi - lo) * ld, 0, ld, (from, w) -> {
            PlaneRotation.sweep(vtPad, from, ld, lo, hi, rotC, rotS, w);
            PlaneRotation.sweep(vtPad, from, ld, lo, hi, rotC2, rotS2, w);
        });
    }

    static double hypot(double x, double y) {
        double h = Math.sqrt(x * x + y * y);
        if (Double.isInfinite(h) || (h < 0x1p-500 && h != 0)) return Math.hypot(x, y);
        return h;
    }

    /**
     * Orders the eigenvalues ascending and writes the matching rows of {@link #vtPad} into the compact
     * {@link #vt}: a selection sort of indices (n is small), so no row is moved twice.
     */
    private void sortInto(int n) {
        int[] order = this.order;
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = 0; i < n - 1; i++) {
            int m = i;
            for (int j = i + 1; j < n; j++) if (diag[order[j]] < diag[order[m]]) m = j;
            int tmp = order[i];
            order[i] = order[m];
            order[m] = tmp;
        }
        for (int i = 0; i < n; i++) {
            p[i] = diag[order[i]];
            System.arraycopy(vtPad, order[i] * ld, vt, i * n, n);
        }
        System.arraycopy(p, 0, diag, 0, n);
    }
}
