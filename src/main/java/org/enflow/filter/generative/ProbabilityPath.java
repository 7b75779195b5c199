package org.enflow.filter.generative;

/**
 * A conditional Gaussian probability path of EnFF (enff.md §2): member j defines
 * p_t(z | j) = N(z; μ_t^j, σ_t² I) on pseudo-time t ∈ [0, 1], with the forecast law reached at t = 1, and
 *
 * <pre>
 *   μ_t^j = a(t)·x^f_j + b(t)·x^a_j        (x^a_j: the previous analysis, used by F2P only)
 *   u_t^j(z) = (σ̇_t/σ_t)(z − μ_t^j) + μ̇_t^j  (the conditional velocity)
 * </pre>
 *
 * Every path of the spec is linear in (x^f_j, x^a_j) this way, so the filter needs only these scalar
 * coefficients; the Monte Carlo marginal velocity is then
 * v(z) = (σ̇/σ)·z + Σ_j w_j [(a' − (σ̇/σ)a)·x^f_j + (b' − (σ̇/σ)b)·x^a_j].
 */
public interface ProbabilityPath {
    /** a(t), the weight of the forecast member in μ_t^j. */
    double forecastWeight(double t);

    /** a'(t). */
    double forecastWeightRate(double t);

    /** b(t), the weight of the previous-analysis member in μ_t^j; 0 for paths that do not use it. */
    default double previousWeight(double t) {
        return 0.0;
    }

    /** b'(t). */
    default double previousWeightRate(double t) {
        return 0.0;
    }

    /** σ_t > 0. */
    double sigma(double t);

    /** dσ_t/dt. */
    double sigmaRate(double t);

    /** Whether μ_t^j involves the previous analysis (F2P). */
    default boolean usesPrevious() {
        return false;
    }

    /**
     * Whether particle i starts on its own member's path, z_i(0) = μ_0^i + σ_source·ξ_i (F2P), rather than
     * at 0 + σ_source·ξ_i (OT, VE).
     */
    boolean pairedSource();

    /** The standard deviation of the source draw. */
    double sourceSigma();

    /** The minimal width σ_min (or its analogue), for logs. */
    String describe();

    /** u_t^j(z) at one component by the generic formula, for reference and tests. */
    default double conditionalVelocity(double t, double z, double forecast, double previous) {
        double mu = forecastWeight(t) * forecast + previousWeight(t) * previous;
        double muRate = forecastWeightRate(t) * forecast + previousWeightRate(t) * previous;
        return sigmaRate(t) / sigma(t) * (z - mu) + muRate;
    }

    /** The OT path (noise → forecast), μ_t = t·x^f, σ_t = 1 − (1 − σ_min)t. */
    static ProbabilityPath ot(double sigmaMin) {
        return new OtPath(sigmaMin);
    }

    /** The F2P path (previous analysis → forecast), μ_t = (1 − t)x^a + t·x^f, σ_t = σ_min. */
    static ProbabilityPath f2p(double sigmaMin) {
        return new F2pPath(sigmaMin);
    }

    /** The variance-exploding path with the upstream defaults σ_lo = 1, σ_hi = 25, τ_min = 1e-3. */
    static ProbabilityPath ve() {
        return new VePath(1.0, 25.0, 1e-3);
    }
}
