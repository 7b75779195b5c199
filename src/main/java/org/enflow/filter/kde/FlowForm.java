package org.enflow.filter.kde;

/**
 * Which independent variable the probability-flow ODE is integrated in (kde_diffusion.md §4). Both give
 * the same endpoint up to the integrator's tolerance; the adaptive steps differ.
 */
public enum FlowForm {
    /** du/dt = (σ̄′/σ̄)(u − D(u, σ̄(t))) from t = 1 to 0: what the KDE code integrates (the default). */
    TIME("t"),
    /** du/dσ̄ = (u − D(u, σ̄))/σ̄ from σ̄ = σ_max to σ_x (EDM style): independent of how t is parametrized. */
    SIGMA("sigma");

    private final String label;

    FlowForm(String label) {
        this.label = label;
    }

    /** The spelling of {@code --set form=}. */
    public String label() {
        return label;
    }
}
