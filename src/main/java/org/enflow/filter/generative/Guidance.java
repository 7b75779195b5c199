package org.enflow.filter.generative;

/** How EnFF pulls the flow toward the observation (enff.md §4). */
public enum Guidance {
    /** No guidance: the flow reproduces the (smoothed) forecast. */
    NONE,
    /**
     * Local (Taylor) guidance: g = λ·J_h(ẑ₁)ᵀ R⁻¹(y − h(ẑ₁)) at the one-step endpoint prediction
     * ẑ₁ = z + (1 − t)v(z, t), with ∂ẑ₁/∂z treated as I.
     */
    LOCAL,
    /**
     * Exact Monte Carlo guidance: the softmax weights are reweighted by the member likelihoods,
     * π_j ∝ w_j·exp(−E(x^f_j)), and v + g = Σ_j π_j u_t^j.
     */
    MONTE_CARLO
}
