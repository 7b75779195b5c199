package org.enflow.experiment;

/**
 * How the truth's initial condition is drawn before spin-up: a base state plus σ·N(0, I) from the
 * TRUTH stream.
 */
public enum TruthStart {
    /** Base 0: x*(0) ~ N(0, σ²I) (L63, L96). */
    ZERO("zero"),
    /** Base = the model's reference state, e.g. DAPPER's x0 for Kuramoto–Sivashinsky (see {@link Catalog#referenceState}). */
    REFERENCE("reference");

    private final String label;

    TruthStart(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static TruthStart parse(String s) {
        for (TruthStart m : values()) if (m.label.equalsIgnoreCase(s) || m.name().equalsIgnoreCase(s)) return m;
        throw new IllegalArgumentException("--truth-start " + s + ": unknown truth start; expected zero or reference");
    }
}
