package org.enflow.filter.generative;

import org.enflow.kernel.Require;

/**
 * The filtering-to-predictive path of EnFF: member j moves from its previous analysis x^a_j to its
 * forecast x^f_j at constant width, μ_t^j = (1 − t)x^a_j + t·x^f_j, σ_t = σ_min, so
 * u_t^j = x^f_j − x^a_j does not depend on z. Particle i starts at x^a_i + σ_min ξ_i (enff.md §2). The
 * pairing of forecast member j with analysis member j must be kept across cycles.
 */
public final class F2pPath implements ProbabilityPath {
    private final double sigmaMin;

    public F2pPath(double sigmaMin) {
        this.sigmaMin = Require.positive("sigma_min", sigmaMin);
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
    public double previousWeight(double t) {
        return 1.0 - t;
    }

    @Override
    public double previousWeightRate(double t) {
        return -1.0;
    }

    @Override
    public double sigma(double t) {
        return sigmaMin;
    }

    @Override
    public double sigmaRate(double t) {
        return 0.0;
    }

    @Override
    public boolean usesPrevious() {
        return true;
    }

    @Override
    public boolean pairedSource() {
        return true;
    }

    @Override
    public double sourceSigma() {
        return sigmaMin;
    }

    @Override
    public String describe() {
        return "f2p(sigma_min=" + sigmaMin + ")";
    }
}
