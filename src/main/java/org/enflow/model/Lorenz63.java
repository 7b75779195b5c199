package org.enflow.model;

import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;

/**
 * The Lorenz-63 drift ẋ = σ(y − x), ẏ = x(ρ − z) − y, ż = xy − βz (models.md §2), with the optional
 * rescaling f_s(x) = f(s·x)/s of EnFF (s = 1 is the plain system).
 */
public final class Lorenz63 implements Drift {
    public static final double SIGMA = 10, RHO = 28, BETA = 8.0 / 3.0;

    private final double sigma, rho, beta, scale;

    /** σ = 10, ρ = 28, β = 8/3, no rescaling. */
    public Lorenz63() {
        this(SIGMA, RHO, BETA, 1);
    }

    public Lorenz63(double sigma, double rho, double beta, double scale) {
        this.sigma = Require.finite("sigma", sigma);
        this.rho = Require.finite("rho", rho);
        this.beta = Require.finite("beta", beta);
        this.scale = Require.positive("scale", scale);
    }

    /** This drift stepped by {@code integrator} with step {@code dt}. */
    public DriftModel model(double dt, Integrator integrator, Parallel parallel) {
        return new DriftModel(this, dt, integrator, parallel);
    }

    @Override
    public int dim() {
        return 3;
    }

    @Override
    public void evaluate(double[] x, double[] out, int from, int to, double t) {
        double s = scale, inv = 1 / scale;
        for (int i = 3 * from, end = 3 * to; i < end; i += 3) {
            double a = s * x[i], b = s * x[i + 1], c = s * x[i + 2];
            out[i] = sigma * (b - a) * inv;
            out[i + 1] = (a * (rho - c) - b) * inv;
            out[i + 2] = (a * b - beta * c) * inv;
        }
    }

    @Override
    public String toString() {
        return scale == 1 ? "lorenz63" : "lorenz63(scale=" + scale + ")";
    }
}
