package org.enflow.filter.classical;

import org.enflow.filter.classical.linalg.SymmetricEigen;
import org.enflow.filter.common.GaspariCohn;
import org.enflow.kernel.Blas;

/**
 * The LETKF's local transform solved in observation space, for ensembles larger than twice the number of
 * local observations. With Y_k the p_k × N matrix of tapered whitened anomalies (rows √ρ_l ŷ_l), α = N − 1,
 * b = Y_k a_k, ε = (√ρ_l d̂_l)_l and Y_k Y_kᵀ = U S Uᵀ (p_k × p_k):
 * <pre>
 *   C_k = α I + Y_kᵀ Y_k,   φ(C_k) = φ(α) I + Y_kᵀ U diag((φ(α + s_j) − φ(α)) / s_j) Uᵀ Y_k,
 *   a_kᵀ C_k⁻¹ g_k       = bᵀ (α I + Y_k Y_kᵀ)⁻¹ ε = Σ_j (Uᵀb)_j (Uᵀε)_j / (α + s_j),
 *   s √α (C_k^{-1/2} a_k) = s (a_k + √α Y_kᵀ U diag(ψ(s_j)) Uᵀ b),
 *   ψ(s) = (1/√(α+s) − 1/√α)/s = −1 / (√α √(α+s) (√α + √(α+s))),
 * </pre>
 * the same update as {@link LocalTransform} (exact algebra; the two differ by rounding). ψ is written
 * without the division by s, so zero and rounding-level eigenvalues (p_k &gt; rank) are harmless. The cost
 * per grid point is about 9p_k³ + 4p_k N flops against the ensemble-space kernel's (4/3)N³ + N²p_k: at
 * N = 500 with 25 local observations (loc_radius 4, every grid point observed), some 900× fewer.
 *
 * <p>Grid points are taken in fixed blocks of {@value #BLOCK}: the rows ŷ_l of the block's candidate
 * observations are gathered once and their Gram matrix G formed once, and each point's Y_k Y_kᵀ is
 * D_k G D_k over its local rows. Every point is solved on its own in a fixed order, so the result does not
 * depend on the SIMD width or on the thread count. One instance per thread (it owns its workspaces).
 */
final class LocalTransformObservationSpace {
    /** Grid points per block: the unit of work and of the shared Gram matrix. */
    static final int BLOCK = 4;

    private final int members;
    private final double alpha, sqrtAlpha;
    private SymmetricEigen eig = new SymmetricEigen(1);
    private double[] rows = new double[0], gram = new double[0], m = new double[0];
    private double[] sr = new double[0], b = new double[0], eps = new double[0], ub = new double[0];
    private double[] w = new double[0];
    private int[] local = new int[0];
    private final double[] a, z;

    LocalTransformObservationSpace(int members) {
        this.members = members;
        this.alpha = members - 1;
        this.sqrtAlpha = Math.sqrt(alpha);
        this.a = new double[members];
        this.z = new double[members];
    }

    /**
     * Analyzes grid points k0 … k0+valid−1 whose candidate observations (a superset of every point's local
     * ones) are obs[0..count).
     */
    void block(LocalProblem pb, int k0, int valid, int[] obs, int count) {
        ensure(count);
        int nm = members, p = pb.p, d = pb.d;
        double[] yh = pb.whitened;
        for (int q = 0; q < count; q++) {
            int o = obs[q], r = q * nm;
            for (int i = 0; i < nm; i++) rows[r + i] = yh[i * p + o];
        }
        Dense.gramRows(rows, count, nm, gram);
        for (int l = 0; l < valid; l++) point(pb, k0 + l, obs, count, d);
    }

    private void point(LocalProblem pb, int k, int[] obs, int count, int d) {
        int nm = members;
        double s = pb.inflation, c = pb.halfWidth, period = pb.period, cut = pb.cutoff;
        double[] an = pb.anomalies, x = pb.out, mean = pb.mean, dh = pb.innovation;
        int pk = 0;
        for (int q = 0; q < count; q++) {
            double delta = Math.abs(pb.positions[obs[q]] - k);
            delta = Math.min(delta, period - delta);
            double r = GaspariCohn.ofRatio(delta / c);
            if (r > cut) {
                local[pk] = q;
                sr[pk++] = Math.sqrt(r);
            }
        }
        for (int i = 0; i < nm; i++) a[i] = an[i * d + k];
        if (pk == 0) {
            // No local observation: the forecast stays, only the global inflation applies.
            if (s != 1) for (int i = 0; i < nm; i++) x[i * d + k] = mean[k] + s * a[i];
            return;
        }
        // Y Yᵀ = D G D over the local rows (lower triangle), b = Y a, ε = D d̂.
        for (int u = 0; u < pk; u++) {
            int gu = local[u] * count;
            for (int v = 0; v <= u; v++) m[u * pk + v] = sr[u] * sr[v] * gram[gu + local[v]];
            b[u] = sr[u] * Dense.dot(rows, local[u] * nm, a, 0, nm);
            eps[u] = sr[u] * dh[obs[local[u]]];
        }
        eig.decompose(m, pk);
        double[] lam = eig.values(), ut = eig.vectorsT();
        double shift = 0;
        for (int j = 0; j < pk; j++) {
            double sb = Dense.dot(ut, j * pk, b, 0, pk), se = Dense.dot(ut, j * pk, eps, 0, pk);
            // Rounding can leave an eigenvalue of the PSD matrix slightly below zero: clamped, it is exactly zero.
            double sj = Math.max(lam[j], 0);
            double root = Math.sqrt(alpha + sj);
            shift += sb * se / (alpha + sj);
            ub[j] = sb * (-1 / (sqrtAlpha * root * (sqrtAlpha + root)));
        }
        // w_u = √α √ρ_u (U ψ Uᵀ b)_u; z = Yᵀ-combination of the gathered rows.
        java.util.Arrays.fill(w, 0, pk, 0.0);
        for (int j = 0; j < pk; j++) {
            double cj = ub[j];
            int o = j * pk;
            for (int u = 0; u < pk; u++) w[u] += cj * ut[o + u];
        }
        for (int u = 0; u < pk; u++) w[u] *= sqrtAlpha * sr[u];
        java.util.Arrays.fill(z, 0.0);
        for (int u = 0; u < pk; u++) Blas.axpy(w[u], rows, local[u] * nm, z, 0, nm);
        double base = mean[k] + shift;
        for (int i = 0; i < nm; i++) x[i * d + k] = base + s * (a[i] + z[i]);
    }

    private void ensure(int count) {
        if (local.length >= count) return;
        int cap = Math.max(count, 2 * local.length);
        rows = new double[cap * members];
        gram = new double[cap * cap];
        m = new double[cap * cap];
        sr = new double[cap];
        b = new double[cap];
        eps = new double[cap];
        ub = new double[cap];
        w = new double[cap];
        local = new int[cap];
        eig = new SymmetricEigen(cap);
    }
}
