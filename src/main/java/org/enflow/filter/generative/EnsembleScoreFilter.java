package org.enflow.filter.generative;

import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;
import org.enflow.observe.Observation;

/**
 * The Ensemble Score Filter (EnSF; Bao, Zhang, Zhang, CMAME 432 (2024) 117447; ensf.md): the forecast
 * ensemble is diffused with the linear (α_t, β_t) schedule, its score is estimated from the ensemble
 * (full-ensemble mixture or member-paired), the likelihood score J_hᵀR⁻¹(y − h(z)) at the noisy particle,
 * damped by (1 − t), is added, the total is clamped to ±C per component, and the reverse SDE (or the
 * probability-flow ODE, or DPM-solver-1) is integrated from N(0, I) at t = 1 to the analysis at t = 0 on
 * the grid t_k = 1 − k/(K − 1).
 *
 * <p>Start noise and Euler–Maruyama noise come from one FILTER stream per member (bit-identical for any
 * thread count). Runs on the same streaming engine as EnFF: one pass over the forecast and the particles
 * per score evaluation.
 */
public final class EnsembleScoreFilter implements Filter {
    private final EnsfConfig config;
    private final DiffusionSchedule schedule;
    private final int members;
    private final RandomStreams streams;
    private final Parallel parallel;
    private final FlowEngine engine;
    private final FlowEngine.Evaluation[] evaluations;
    private UniformRandomProvider[] rngs;
    private Gaussian[] gaussians;

    private double[] particles = new double[0];
    private long lastEvaluations, lastClampHits;
    private AnalysisTimes lastTimes = new AnalysisTimes(0, 0, 0);

    public EnsembleScoreFilter(EnsfConfig config, int members, RandomStreams streams, Parallel parallel) {
        this.config = Require.notNull("config", config);
        this.members = Require.positive("members", members);
        this.streams = Require.notNull("streams", streams);
        this.parallel = Require.notNull("parallel", parallel);
        this.schedule = new DiffusionSchedule(config.epsAlpha(), config.epsBeta());
        this.engine = new FlowEngine(parallel);
        noiseInPass(true);
        this.evaluations = new FlowEngine.Evaluation[config.fieldEvaluations()];
        for (int q = 0; q < evaluations.length; q++) evaluations[q] = new FlowEngine.Evaluation();
        buildSchedule();
        ensureStreams(members);
    }

    /** The engine, for tests of its regimes. */
    FlowEngine engine() {
        return engine;
    }

    public EnsfConfig config() {
        return config;
    }

    @Override
    public void assimilate(Ensemble ensemble, Observation observation) {
        Require.notNull("ensemble", ensemble);
        Require.notNull("observation", observation);
        if (ensemble.members() != members)
            throw new IllegalArgumentException("ensemble has " + ensemble.members() + " members: this filter was built for " + members);
        int d = ensemble.dim();
        if (observation.operator().inputDim() != d)
            throw new IllegalArgumentException("observation operator input dimension " + observation.operator().inputDim()
                    + " != ensemble dimension " + d);
        particles = FlowEngine.ensure(particles, (long) members * d);
        double[] z = particles;
        long t0 = System.nanoTime();
        drawStart(z, members, ensemble.data(), d);
        long t1 = System.nanoTime();
        engine.bind(z, members, ensemble.data(), null, members, d);
        integrate(observation, true, ensemble.data());
        lastTimes = new AnalysisTimes(t1 - t0, System.nanoTime() - t1, 0);
    }

    /**
     * Integrates {@code particles} (m rows of d values, given at t = 1) to t = 0 in place, without drawing
     * the start and without inflation. Particle i draws its Euler–Maruyama noise from FILTER stream i.
     * PAIRED needs m = N.
     */
    public void sample(double[] particles, int m, Ensemble forecast, Observation observation) {
        Require.notNull("particles", particles);
        Require.positive("m", m);
        Require.notNull("forecast", forecast);
        Require.notNull("observation", observation);
        int d = forecast.dim();
        if ((long) m * d != particles.length)
            throw new IllegalArgumentException("particles.length = " + particles.length + ": expected m * d = " + (long) m * d);
        if (config.priorScore() == PriorScore.PAIRED && m != forecast.members())
            throw new IllegalArgumentException("m = " + m + ": the paired score needs one particle per member (" + forecast.members() + ")");
        ensureStreams(m);
        engine.bind(particles, m, forecast.data(), null, forecast.members(), d);
        integrate(observation, false, null);
    }

    /** The score-evaluation times t_k (k = 0..K−2), for checks and logs. */
    public double[] evaluationTimes() {
        double[] t = new double[evaluations.length];
        for (int q = 0; q < t.length; q++) t[q] = evaluations[q].t;
        return t;
    }

    private void integrate(Observation observation, boolean finish, double[] output) {
        engine.observe(observation);
        engine.takeClampHits();
        engine.distances(evaluations[0], evaluations.length);
        for (int q = 0; q < evaluations.length; q++) {
            FlowEngine.Evaluation e = evaluations[q];
            if (e.noise && !engine.fillsNoiseInPass()) fillNoise();
            if (q + 1 < evaluations.length) engine.evaluate(e, evaluations[q + 1]);
            else if (finish) engine.evaluateLast(e, config.inflation(), output);
            else engine.evaluate(e, null);
        }
        lastEvaluations = evaluations.length;
        lastClampHits = engine.takeClampHits();
    }

    /**
     * Whether the engine may draw each particle's EM noise inside the task that updates it (the default) or
     * the noise is drawn for all particles before each step. The numbers are the same; tests compare them.
     */
    void noiseInPass(boolean inPass) {
        engine.noiseSource(inPass ? (i, dst, off, len) -> gaussians[i].fill(dst, off, len) : null);
    }

    private void fillNoise() {
        double[] xi = engine.noise();
        int m = engine.particles(), d = engine.dim();
        parallel.forEach(m, (i, from, to) -> gaussians[i].fill(xi, i * d, d));
    }

    /** z_i ~ N(0, I) [standardized per dimension] [+ α₁ x^f_{j(i)}]. */
    private void drawStart(double[] z, int m, double[] xf, int d) {
        parallel.forEach(m, (i, from, to) -> gaussians[i].fill(z, i * d, d));
        if (config.standardizeNoise() && m > 1) {
            parallel.forRange(d, 4096, (blk, c0, c1) -> {
                for (int c = c0; c < c1; c++) {
                    double mean = 0;
                    for (int i = 0; i < m; i++) mean += z[i * d + c];
                    mean /= m;
                    double ss = 0;
                    for (int i = 0; i < m; i++) ss += (z[i * d + c] - mean) * (z[i * d + c] - mean);
                    double inv = 1.0 / Math.sqrt(ss / (m - 1));
                    for (int i = 0; i < m; i++) z[i * d + c] = (z[i * d + c] - mean) * inv;
                }
            });
        }
        if (config.addMeanAtStart()) {
            double a1 = schedule.alpha(1.0);
            boolean paired = config.priorScore() == PriorScore.PAIRED;
            parallel.forEach(m, (i, from, to) -> {
                int j = paired ? i : rngs[i].nextInt(members);
                for (int c = 0; c < d; c++) z[i * d + c] += a1 * xf[j * d + c];
            });
        }
    }

    private void ensureStreams(int m) {
        if (gaussians != null && gaussians.length >= m) return;
        rngs = streams.streams(RandomStreams.Purpose.FILTER, Math.max(m, members));
        gaussians = new Gaussian[rngs.length];
        for (int i = 0; i < rngs.length; i++) gaussians[i] = new Gaussian(rngs[i]);
    }

    private void buildSchedule() {
        int steps = config.gridPoints() - 1;
        double dt = -1.0 / steps;
        for (int k = 0; k < steps; k++) {
            double t = 1.0 - (double) k / steps;
            double tNext = 1.0 - (double) (k + 1) / steps;
            FlowEngine.Evaluation e = evaluations[k];
            e.reset();
            e.t = t;
            double alpha = schedule.alpha(t), beta2 = schedule.beta2(t);
            // Prior score: Σ_j w_j(α x^f_j − z)/β², weights from −‖z − α x^f_j‖²/(2β²); paired: w = I.
            e.pairedWeights = config.priorScore() == PriorScore.PAIRED;
            e.keyForecast = alpha;
            e.scale = 1.0 / (2 * beta2);
            e.selfCoefficient = -1.0 / beta2;
            e.forecastCoefficient = alpha / beta2;
            // Likelihood score at the noisy particle, damped by (1 − t); the total is clamped to ±C.
            e.gradient = t < 1.0;
            e.gradientShift = 0.0;
            e.gradientGain = 1.0 - t;
            e.clamp = config.clamp();
            e.clampedScore = true;
            double f = schedule.drift(t), g2 = schedule.diffusion2(t);
            switch (config.sampler()) {
                case EM -> {
                    e.baseCoefficient = 1.0 + dt * f;
                    e.fieldCoefficient = -dt * g2;
                    e.noise = true;
                    e.noiseScale = Math.sqrt(-dt * g2);
                }
                case ODE -> {
                    e.baseCoefficient = 1.0 + dt * f;
                    e.fieldCoefficient = -0.5 * dt * g2;
                }
                case DPM -> {
                    e.baseCoefficient = schedule.alpha(tNext) / alpha;
                    e.fieldCoefficient = Math.sqrt(schedule.beta2(tNext) * beta2)
                            * Math.expm1(schedule.logSnr(tNext) - schedule.logSnr(t));
                }
            }
        }
    }

    /** Score evaluations of the last analysis: K − 1. */
    @Override
    public long lastFieldEvaluations() {
        return lastEvaluations;
    }

    /** Number of score components clamped to ±C in the last analysis (a saturation diagnostic). */
    public long lastClampHits() {
        return lastClampHits;
    }

    public AnalysisTimes lastTimes() {
        return lastTimes;
    }

    @Override
    public String describe() {
        return config.describe();
    }
}
