package org.enflow.filter.kde;

import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.Require;
import org.enflow.model.ode.DormandPrince54;

/**
 * Transports particles from the start noise (σ̄ = σ_max, t = 1) to the weighted KDE Σ_i ŵ_i N(x_i, σ_x² I)
 * (σ̄ = σ_x, t = 0), given centres x_i and log-weights ℓ_i (kde_diffusion.md §4–§8): either the
 * probability-flow ODE with adaptive Dormand–Prince 5(4), or Euler–Maruyama ("SKDE"). Holds the integrator
 * and workspaces; not thread-safe.
 */
public final class KdePosteriorSampler {
    /** Gaussian draws per parallel block of the SDE noise (~0.5 ms). */
    private static final int NOISE_GRAIN_ELEMENTS = 1 << 16;

    private final Parallel parallel;
    private final KdeDenoiser denoiser;
    private final DormandPrince54 ode;
    private double[] work = new double[0];
    private double[] noise = new double[0];
    private long lastEvaluations;
    private int lastAccepted, lastRejected;

    /** @param rtol,atol DOPRI5 tolerances of {@link #sampleOde} */
    public KdePosteriorSampler(Parallel parallel, double rtol, double atol) {
        this.parallel = Require.notNull("parallel", parallel);
        this.denoiser = new KdeDenoiser(parallel);
        this.ode = new DormandPrince54(rtol, atol);
    }

    /**
     * Integrates the probability-flow ODE for the m particles u (rows of d values, given at the start
     * σ̄ = σ_max) to σ̄ = σ_x, in place.
     *
     * @param centres    n rows of d values (the filter passes forecast members centred at their mean)
     * @param logWeights ℓ_i, length ≥ n
     */
    public void sampleOde(double[] centres, int n, int d, double[] logWeights, KdeSchedule schedule, FlowForm form,
                          double[] u, int m) {
        checkParticles(u, m, d);
        denoiser.bind(centres, n, d, logWeights);
        KdeProbabilityFlow flow = new KdeProbabilityFlow(denoiser, schedule, form, m);
        // One parallel call per DOPRI5 step (all six stages per block of particles), not one per stage.
        ode.integrate(flow, flow.start(), flow.end(), u, flow.size(), parallel, flow.rowsPerBlock());
        lastEvaluations = ode.evaluations();
        lastAccepted = ode.acceptedSteps();
        lastRejected = ode.rejectedSteps();
    }

    /**
     * Euler–Maruyama from t = 1 down the uniform grid t_k = 1 − k/(points − 1) (kde_diffusion.md §8):
     * u ← u + Δt·½(1 + a)·g²(t_k)·s(u, t_k) + √(a·g²(t_k)·Δt)·ξ, stopping when σ̄(t) reaches σ_x (t = 0):
     * points − 1 score evaluations. Particle q draws its noise from {@code noise[q]}.
     *
     * @param a 0 (Euler probability-flow ODE) … 1 (reverse SDE)
     */
    public void sampleSde(double[] centres, int n, int d, double[] logWeights, KdeSchedule schedule, int points, double a,
                          Gaussian[] noiseStreams, double[] u, int m) {
        checkParticles(u, m, d);
        Require.atLeast("points", points, 2);
        Require.inRange("a", a, 0, 1);
        Require.notNull("noiseStreams", noiseStreams);
        if (a > 0 && noiseStreams.length < m)
            throw new IllegalArgumentException("noiseStreams.length = " + noiseStreams.length + ": expected >= m = " + m);
        denoiser.bind(centres, n, d, logWeights);
        int size = m * d;
        if (work.length < size) work = new double[size];
        if (a > 0 && noise.length < size) noise = new double[size];
        double[] s = work, xi = noise;
        int steps = points - 1;
        double dt = 1.0 / steps;
        for (int k = 0; k < steps; k++) {
            double t = 1.0 - (double) k / steps;
            double sigma = schedule.sigma(t), g2 = schedule.g2(t);
            denoiser.score(u, m, sigma, s);
            double drift = dt * 0.5 * (1 + a) * g2;
            for (int i = 0; i < size; i++) u[i] += drift * s[i];
            if (a > 0) {
                parallel.forRange(m, Math.max(1, NOISE_GRAIN_ELEMENTS / d), (blk, from, to) -> {
                    for (int q = from; q < to; q++) noiseStreams[q].fill(xi, q * d, d);
                });
                double amp = Math.sqrt(a * g2 * dt);
                for (int i = 0; i < size; i++) u[i] += amp * xi[i];
            }
        }
        lastEvaluations = steps;
        lastAccepted = steps;
        lastRejected = 0;
    }

    private static void checkParticles(double[] u, int m, int d) {
        Require.notNull("u", u);
        Require.positive("m", m);
        Require.positive("d", d);
        if ((long) m * d > u.length) throw new IllegalArgumentException("u.length = " + u.length + ": expected >= m * d = " + (long) m * d);
    }

    /** Score (denoiser) evaluations of the last sampling: DOPRI5's nfev, or points − 1 for the SDE. */
    public long lastEvaluations() {
        return lastEvaluations;
    }

    /** Accepted steps of the last sampling (the SDE's grid steps). */
    public int lastAcceptedSteps() {
        return lastAccepted;
    }

    /** Rejected DOPRI5 attempts of the last sampling (0 for the SDE). */
    public int lastRejectedSteps() {
        return lastRejected;
    }

    /** The integrator's tolerances. */
    public double rtol() {
        return ode.rtol();
    }

    public double atol() {
        return ode.atol();
    }
}
