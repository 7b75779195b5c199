package org.enflow.filter.generative;

/** The reverse-time integrator of EnSF (ensf.md §5), stepping from t = 1 to t = 0 with Δ < 0. */
public enum ScoreSampler {
    /** Reverse Euler–Maruyama: z ← z + Δ(f z − g² s) + √|Δ| g ξ (the default). */
    EM,
    /** Probability-flow ODE, Euler: z ← z + Δ(f z − ½g² s); deterministic given the start. */
    ODE,
    /** First-order DPM-solver: z ← (α_{t'}/α_t) z + β_{t'}β_t(e^{λ_{t'} − λ_t} − 1) s, λ = ln α − ½ ln β². */
    DPM
}
