package org.enflow.filter.classical;

import org.enflow.kernel.Vectorization;

/**
 * The LETKF's local ensemble transform for a group of consecutive grid points k0 … k0+lanes−1, one
 * grid point per SIMD lane. For grid point k with local tapers ρ_l:
 * <pre>
 *   C_k = (N−1) I + Σ_l ρ_l ŷ_l ŷ_lᵀ,   g_k = Σ_l ρ_l ŷ_l d̂_l,
 *   x^a_{k,i} = x̄_k + a_kᵀ C_k⁻¹ g_k + s·√(N−1) (C_k^{-1/2} a_k)_i,
 * </pre>
 * with a_k ∈ R^N the anomalies of component k and ŷ_l ∈ R^N the whitened anomalies of observation l.
 * This is the ETKF update x̄ + A(w̄1ᵀ + W) restricted to row k (W is symmetric, so row k of AW is W a_k).
 *
 * <p>Instead of a full eigendecomposition per point (9N³ flops), C_k = Q T Qᵀ is reduced to tridiagonal
 * form by Householder reflections and T = S Λ Sᵀ is diagonalized by explicitly shifted QR steps whose
 * Givens rotations are recorded rather than accumulated. Then Sᵀ Qᵀ a_k and Sᵀ Qᵀ g_k cost O(N) per
 * rotation, and C_k^{-1/2} a_k = Q S Λ^{-1/2} Sᵀ Qᵀ a_k replays the rotations backwards: about
 * (4/3)N³ + O(N²) flops. All lanes follow the same control flow: a QR sweep runs while any lane has
 * not converged, and converged lanes take identity rotations.
 *
 * <p>Reduced basis: the whitened anomalies of every observation and the anomalies a_k sum to zero over
 * the members, so C_k1 = (N−1)1 for every grid point. With H the reflection that swaps e₀ and 1/√N,
 * H C_k H = diag(N−1, C̃_k) and (H a_k)₀ = 0, so the local problem is solved for the (N−1)×(N−1) block
 * C̃_k (a seventh fewer flops in the Gram and 14 % fewer in the tridiagonalization at N = 20); the
 * transformed rows are (Hz)_{i+1} = z_{i+1} + τe z₀ (e = 1/√N, τ = 1/(1 − e)), and the result comes
 * back as H(0, t): member 0 gets e·Σt, member i+1 gets t_i − τe²·Σt.
 *
 * <p>Instances own their workspaces: one per thread.
 */
interface LocalTransform {
    /** Analyzes grid points k0 … k0+lanes−1 with the local observations obs[0..count). */
    void group(LocalProblem pb, int k0, int lanes, int[] obs, int count);

    /**
     * Two consecutive groups: k0 … k0+lanes−1 (all valid) and k0+lanes … k0+lanes+valid1−1. Kernels may
     * overlap the two groups' dependency chains; the result equals two {@link #group} calls.
     */
    default void pair(LocalProblem pb, int k0, int[] obs0, int count0, int valid1, int[] obs1, int count1) {
        group(pb, k0, lanes(), obs0, count0);
        group(pb, k0 + lanes(), valid1, obs1, count1);
    }

    /** Grid points per group (SIMD lanes). */
    int lanes();

    /** The kernel for this JVM: the Vector API one when enabled, else the scalar twin. */
    static LocalTransform create(int members) {
        if (Vectorization.enabled()) return LocalTransformVectorFactory.create(members);
        return new LocalTransformScalar(members, LocalTransformScalar.DEFAULT_LANES);
    }
}
