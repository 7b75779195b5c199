package org.enflow.filter.generative;

import org.enflow.kernel.Require;

/**
 * The optimal-transport (conditional OT) path: from N(0, I) at t = 0 to N(x^f_j, σ_min² I) at t = 1,
 * μ_t^j = t·x^f_j, σ_t = 1 − (1 − σ_min)t, u_t^j(z) = (x^f_j − (1 − σ_min)z)/σ_t (enff.md §2).
 */
public final class OtPath implements ProbabilityPath {
    private final double sigmaMin;

    public OtPath(double sigmaMin) {
        this.sigmaMin = Require.inRange("sigma_min", Require.positive("sigma_min", sigmaMin), 0, 1);
    }

    public double sigmaMin() {
        return sigmaMin;
    }

    @Override
    public double forecastWeight(double t) {
        return t;
    }

    @Override
    public double forecastWeightRate(double t) {
        return 1.0;
    }

    @Override
    public double sigma(double t) {
        return 1.0 - (1.0 - sigmaMin) * t;
    }

    @Override
    public double sigmaRate(double t) {
        return -(1.0 - sigmaMin);
    }

    @Override
    public boolean pairedSource() {
        return false;
    }

    @Override
    public double sourceSigma() {
        return 1.0;
    }

    /** The closed form u_t^j(z) = (x^f_j − (1 − σ_min)z)/σ_t. */
    public double closedFormVelocity(double t, double z, double forecast) {
        return (forecast - (1.0 - sigmaMin) * z) / sigma(t);
    }

    @Override
    public String describe() {
        return "ot(sigma_min=" + sigmaMin + ")";
    }
}
