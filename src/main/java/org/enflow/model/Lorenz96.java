package org.enflow.model;

import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;

/**
 * The Lorenz-96 drift ẋ_i = (x_{i+1} − x_{i−2})·x_{i−1} − x_i + F with periodic indices, any d ≥ 4
 * (models.md §3). Every component is computed as {@code fma(x[i+1] − x[i−2], x[i−1], F − x[i])}, the same
 * expression as the fused RK4 kernels, so all paths agree on f to the last bit.
 */
public final class Lorenz96 implements Drift {
    /** The standard forcing. */
    public static final double DEFAULT_FORCING = 8;

    private final int dim;
    private final double forcing;

    public Lorenz96(int dim, double forcing) {
        this.dim = Require.atLeast("dim", dim, 4);
        this.forcing = Require.finite("forcing", forcing);
    }

    public double forcing() {
        return forcing;
    }

    /**
     * This drift stepped by {@code integrator}: the fused, blocked kernel ({@link Lorenz96Model}) for
     * {@link Integrator#RK4} and {@link Integrator#RK4_38}, the generic {@link DriftModel} otherwise.
     */
    public Model model(double dt, Integrator integrator, Parallel parallel) {
        Require.notNull("integrator", integrator);
        if (Lorenz96Model.supports(integrator)) return new Lorenz96Model(this, dt, integrator, parallel);
        return new DriftModel(this, dt, integrator, parallel);
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void evaluate(double[] x, double[] out, int from, int to, double t) {
        for (int m = from; m < to; m++) evaluateMember(x, out, m * dim);
    }

    private void evaluateMember(double[] x, double[] out, int o) {
        int d = dim;
        double f = forcing;
        // Wrapped components 0, 1 and d−1; the interior 2..d−2 is one straight loop.
        out[o] = Math.fma(x[o + 1] - x[o + d - 2], x[o + d - 1], f - x[o]);
        out[o + 1] = Math.fma(x[o + 2] - x[o + d - 1], x[o], f - x[o + 1]);
        for (int i = o + 2, end = o + d - 1; i < end; i++) out[i] = Math.fma(x[i + 1] - x[i - 2], x[i - 1], f - x[i]);
        out[o + d - 1] = Math.fma(x[o] - x[o + d - 3], x[o + d - 2], f - x[o + d - 1]);
    }

    @Override
    public String toString() {
        return "lorenz96(d=" + dim + ", F=" + Models.format(forcing) + ")";
    }
}
