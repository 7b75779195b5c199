package org.enflow.filter.flowdas;

/** The likelihood guidance of the guided Euler–Maruyama sweep (flowdas.md §5 steps 3–4). */
public enum GuidanceMode {
    /**
     * X ← X + [b + λσ(s)²∇_X log p̂(y|X)]Δs + σ(s)√Δs ξ with p̂ = (1/J)Σ_j exp a_j and
     * a_j = −½‖y − h(x̂₁⁽ʲ⁾)‖²_R: the softmax-weighted gradient, exact for the log-sum-exp (a Doob h-transform).
     */
    PRINCIPLED,
    /**
     * The upstream NS/weather code, for parity runs: r_j = ‖y − h(x̂₁⁽ʲ⁾)‖ (not squared), w = softmax(−r_j/(2σ²))
     * held constant, X ← X + bΔs + σ√Δs ξ − ζ∇_X Σ_j w_j r_j (σ² the mean observation variance).
     */
    UPSTREAM,
    /** No guidance: samples of the transition kernel p(x₁ | x₀) (the forecast-only reference). */
    NONE;

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
