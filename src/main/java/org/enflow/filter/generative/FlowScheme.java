package org.enflow.filter.generative;

/** The time integrator of the EnFF flow ODE on its pseudo-time grid (enff.md §5). */
public enum FlowScheme {
    /** Explicit Euler: one field evaluation per step. */
    EULER(1),
    /** Heun (explicit trapezoidal): two field evaluations per step, the second at the step's end. */
    HEUN(2);

    private final int evaluationsPerStep;

    FlowScheme(int evaluationsPerStep) {
        this.evaluationsPerStep = evaluationsPerStep;
    }

    public int evaluationsPerStep() {
        return evaluationsPerStep;
    }
}
