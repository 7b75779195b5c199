package org.enflow.filter.flowdas;

/** How the guidance estimates the transition's endpoint x̂₁ from the current X (flowdas.md §5 step 2). */
public enum Endpoint {
    /** x̂₁ = X + ½(b + b₂)(1−s) + noise·ξ with b₂ = b(1, X + b(1−s) + noise·ξ, x₀): the recommended Heun form. */
    HEUN,
    /** b₂ = b(1 − 1e-5, X, x₀) for all samples: the upstream Lorenz code. */
    LORENZ,
    /** First order: x̂₁ = X + b(1−s) + σ(s)√(1−s)·ξ. */
    EULER;

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
