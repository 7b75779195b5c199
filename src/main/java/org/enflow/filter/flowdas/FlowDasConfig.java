package org.enflow.filter.flowdas;

import org.enflow.kernel.Require;

/**
 * Hyperparameters of the FlowDAS guided transition (flowdas.md §5) and of the ensemble filter (§7).
 *
 * @param gridPoints      N_s grid points s_k = k/(N_s − 1): N_s − 1 Euler–Maruyama steps (600)
 * @param samples         J Monte Carlo endpoint samples per step (21)
 * @param endpoint        the endpoint estimate (Heun)
 * @param endpointNoise   its noise std (κ, upstream)
 * @param guidance        principled (softmax-weighted gradient), upstream (fixed step ζ) or none
 * @param lambda          λ of the principled guidance, 1 in theory
 * @param zeta            ζ of the upstream guidance (2e-4)
 * @param weights         consistency weights w_i ∝ p̂(y | x₀ⁱ) at s = 0 and systematic resampling of the
 *                        previous analysis when N_eff &lt; N/2 (§7); off by default
 * @param weightGrid      grid points of the J unguided sweeps that estimate p̂(y | x₀) for the weights (100)
 */
public record FlowDasConfig(int gridPoints, int samples, Endpoint endpoint, EndpointNoise endpointNoise,
                            GuidanceMode guidance, double lambda, double zeta, boolean weights, int weightGrid) {
    public static final int DEFAULT_GRID = 600, DEFAULT_SAMPLES = 21;
    public static final double DEFAULT_LAMBDA = 1, DEFAULT_ZETA = 2e-4;
    public static final int DEFAULT_WEIGHT_GRID = 100;

    public FlowDasConfig {
        if (gridPoints < 2) throw new IllegalArgumentException("grid = " + gridPoints + ": expected an integer >= 2 (grid points, grid-1 steps)");
        Require.positive("samples", samples);
        Require.notNull("endpoint", endpoint);
        Require.notNull("endpointNoise", endpointNoise);
        Require.notNull("guidance", guidance);
        Require.nonNegative("lambda", lambda);
        Require.nonNegative("zeta", zeta);
        if (weightGrid < 2) throw new IllegalArgumentException("weight_grid = " + weightGrid + ": expected an integer >= 2");
    }

    /** The spec's defaults: 600 grid points, J = 21, Heun with κ noise, principled guidance λ = 1, no weights. */
    public static FlowDasConfig defaults() {
        return new FlowDasConfig(DEFAULT_GRID, DEFAULT_SAMPLES, Endpoint.HEUN, EndpointNoise.KAPPA, GuidanceMode.PRINCIPLED,
                DEFAULT_LAMBDA, DEFAULT_ZETA, false, DEFAULT_WEIGHT_GRID);
    }

    public FlowDasConfig withGuidance(GuidanceMode g) {
        return new FlowDasConfig(gridPoints, samples, endpoint, endpointNoise, g, lambda, zeta, weights, weightGrid);
    }

    public FlowDasConfig withGrid(int grid) {
        return new FlowDasConfig(grid, samples, endpoint, endpointNoise, guidance, lambda, zeta, weights, weightGrid);
    }

    public FlowDasConfig withSamples(int j) {
        return new FlowDasConfig(gridPoints, j, endpoint, endpointNoise, guidance, lambda, zeta, weights, weightGrid);
    }

    public FlowDasConfig withEndpoint(Endpoint e, EndpointNoise n) {
        return new FlowDasConfig(gridPoints, samples, e, n, guidance, lambda, zeta, weights, weightGrid);
    }

    public FlowDasConfig withLambda(double l) {
        return new FlowDasConfig(gridPoints, samples, endpoint, endpointNoise, guidance, l, zeta, weights, weightGrid);
    }

    public FlowDasConfig withWeights(boolean w) {
        return new FlowDasConfig(gridPoints, samples, endpoint, endpointNoise, guidance, lambda, zeta, w, weightGrid);
    }

    /** Drift evaluations of one member's transition (the NFE of a sweep). */
    public long driftEvaluations() {
        long perStep = 1;
        if (guidance != GuidanceMode.NONE) perStep += endpoint == Endpoint.HEUN ? samples : endpoint == Endpoint.LORENZ ? 1 : 0;
        return perStep * (gridPoints - 1);
    }
}
