package org.enflow.experiment;

/** Where the initial ensemble is centred (protocol.md §1.3); the perturbation is σ₀·N(0, I) per member. */
public enum InitialEnsemble {
    /** x_i = x*(t₀) + σ₀ξ_i: the EnFF default. */
    AROUND_TRUTH("around-truth"),
    /** x_i = σ₀ξ_i, mean 0 rather than the truth: the L96 d = 10⁶ (Bao 2024) setting. */
    STANDARD_NORMAL("standard-normal");

    private final String label;

    InitialEnsemble(String label) {
        this.label = label;
    }

    /** The name used on the command line and in summary.json. */
    public String label() {
        return label;
    }

    public static InitialEnsemble parse(String s) {
        for (InitialEnsemble m : values()) if (m.label.equalsIgnoreCase(s) || m.name().equalsIgnoreCase(s)) return m;
        throw new IllegalArgumentException("--init " + s + ": unknown initial ensemble; expected around-truth or standard-normal");
    }
}
