package org.enflow.filter.generative;

import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;
import org.enflow.observe.Observation;

/**
 * The Ensemble Flow Filter (EnFF; Transue, Chen, Takao, Wang, arXiv:2508.13313; enff.md): a
 * training-free analysis that carries N particles along the flow-matching ODE whose velocity is the
 * Monte Carlo marginal velocity of the forecast ensemble's conditional Gaussian paths, pulled toward the
 * observation by guidance, on a grid of K pseudo-time points (K − 1 steps).
 *
 * <p>The only randomness is the source draw (OT/VE) or jitter (F2P), from one FILTER stream per member,
 * so results are bit-identical for any thread count. With the F2P path the filter keeps the previous
 * analysis itself, in member order: {@link #initialize} stores the initial ensemble as the first one.
 *
 * <p>Cost per field evaluation: one streaming pass over the forecast, the previous analysis (F2P) and the
 * particles, O(N²d) flops. Workspaces are kept between analyses.
 */
public final class EnsembleFlowFilter implements Filter {
    private final EnffConfig config;
    private final int members;
    private final Parallel parallel;
    private final Gaussian[] gaussians;
    private final FlowEngine engine;
    private final FlowEngine.Evaluation[] schedule;

    private double[] previous; // F2P: the previous analysis, member order
    private double[] particles = new double[0];
    private int dim = -1;
    private long lastEvaluations;
    private AnalysisTimes lastTimes = new AnalysisTimes(0, 0, 0);

    /**
     * @param members the ensemble size N the filter will be given
     * @param streams the experiment's streams: the filter draws from purpose FILTER, member i from stream i
     */
    public EnsembleFlowFilter(EnffConfig config, int members, RandomStreams streams, Parallel parallel) {
        this.config = Require.notNull("config", config);
        this.members = Require.positive("members", members);
        Require.notNull("streams", streams);
        this.parallel = Require.notNull("parallel", parallel);
        this.gaussians = new Gaussian[members];
        var rngs = streams.streams(RandomStreams.Purpose.FILTER, members);
        for (int i = 0; i < members; i++) gaussians[i] = new Gaussian(rngs[i]);
        this.engine = new FlowEngine(parallel);
        this.schedule = new FlowEngine.Evaluation[config.fieldEvaluations()];
        for (int q = 0; q < schedule.length; q++) schedule[q] = new FlowEngine.Evaluation();
        buildSchedule();
    }

    /** The engine, for tests in this package. */
    FlowEngine engine() {
        return engine;
    }

    public EnffConfig config() {
        return config;
    }

    @Override
    public void initialize(Ensemble initial) {
        Require.notNull("initial", initial);
        checkMembers(initial);
        if (config.path().usesPrevious()) {
            dim = initial.dim();
            previous = initial.data().clone();
        }
    }

    @Override
    public void assimilate(Ensemble ensemble, Observation observation) {
        Require.notNull("ensemble", ensemble);
        Require.notNull("observation", observation);
        checkMembers(ensemble);
        int d = ensemble.dim();
        if (observation.operator().inputDim() != d)
            throw new IllegalArgumentException("observation operator input dimension " + observation.operator().inputDim()
                    + " != ensemble dimension " + d);
        double[] xf = ensemble.data();
        if (config.path().usesPrevious() && (previous == null || dim != d)) {
            // No initialize(): the first analysis starts from the forecast itself (zero displacement).
            previous = xf.clone();
        }
        dim = d;
        particles = FlowEngine.ensure(particles, (long) members * d);
        double[] z = particles;
        long t0 = System.nanoTime();
        drawSource(z, xf, d);
        long t1 = System.nanoTime();
        engine.bind(z, members, xf, config.path().usesPrevious() ? previous : null, members, d);
        runSchedule(observation, true, xf);
        long t2 = System.nanoTime(), t3 = t2; // the last pass also inflates and writes the analysis
        if (config.path().usesPrevious()) { // the analysis becomes the next previous analysis; reuse the old one
            double[] old = previous;
            previous = z;
            particles = old;
        }
        lastTimes = new AnalysisTimes(t1 - t0, t2 - t1, t3 - t2);
    }

    /**
     * Moves {@code particles} (m rows of d values, given at pseudo-time 0) along the guided flow to t = 1,
     * in place, without drawing a source and without inflation: the deterministic part of the analysis,
     * for any number m of particles (F2P requires m = N and {@code previous}).
     *
     * @param previous the previous analysis (F2P only; ignored otherwise, may be null)
     */
    public void transport(double[] particles, int m, Ensemble forecast, Ensemble previous, Observation observation) {
        Require.notNull("particles", particles);
        Require.positive("m", m);
        Require.notNull("forecast", forecast);
        Require.notNull("observation", observation);
        int d = forecast.dim();
        if ((long) m * d != particles.length)
            throw new IllegalArgumentException("particles.length = " + particles.length + ": expected m * d = " + (long) m * d);
        if (config.path().usesPrevious()) {
            Require.notNull("previous", previous);
            if (previous.members() != forecast.members() || previous.dim() != d || m != forecast.members())
                throw new IllegalArgumentException("F2P transport needs m = N and previous of the forecast's shape");
        }
        engine.bind(particles, m, forecast.data(), config.path().usesPrevious() ? previous.data() : null, forecast.members(), d);
        runSchedule(observation, false, null);
    }

    /** Runs every field evaluation; with {@code finish}, the last one also inflates and copies to {@code output}. */
    private void runSchedule(Observation observation, boolean finish, double[] output) {
        engine.observe(config.guidance() == Guidance.NONE ? null : observation);
        if (config.guidance() == Guidance.MONTE_CARLO) engine.computeLikelihoodBias();
        if (config.scheme() == FlowScheme.HEUN) {
            engine.stage();
            engine.ensureField();
        }
        engine.distances(schedule[0], schedule.length);
        int last = schedule.length - 1;
        for (int q = 0; q < last; q++) engine.evaluate(schedule[q], schedule[q + 1]);
        if (finish) engine.evaluateLast(schedule[last], config.inflation(), output);
        else engine.evaluate(schedule[last], null);
        lastEvaluations = schedule.length;
    }

    /** z_i = [μ_0^i if the source is paired] + σ_source·ξ_i, one FILTER stream per member. */
    private void drawSource(double[] z, double[] xf, int d) {
        ProbabilityPath path = config.path();
        double a0 = path.forecastWeight(0), b0 = path.previousWeight(0), sd = path.sourceSigma();
        boolean paired = path.pairedSource();
        double[] xa = previous;
        parallel.forEach(members, (i, from, to) -> {
            int o = i * d;
            if (!paired) {
                gaussians[i].fill(z, o, d);
                if (sd != 1.0) for (int c = o; c < o + d; c++) z[c] *= sd;
                return;
            }
            if (b0 == 0.0) for (int c = o; c < o + d; c++) z[c] = a0 * xf[c];
            else if (a0 == 0.0 && b0 == 1.0) System.arraycopy(xa, o, z, o, d);
            else for (int c = o; c < o + d; c++) z[c] = a0 * xf[c] + b0 * xa[c];
            gaussians[i].addScaled(z, o, d, sd);
        });
    }

    /** Fills the evaluation schedule of the configured path, guidance and integrator. */
    private void buildSchedule() {
        int steps = config.gridPoints() - 1;
        double h = 1.0 / steps;
        int q = 0;
        for (int k = 0; k < steps; k++) {
            double t = k * h;
            if (config.scheme() == FlowScheme.EULER) {
                FlowEngine.Evaluation e = schedule[q++];
                flowField(e, t);
                e.fieldCoefficient = h;
            } else {
                FlowEngine.Evaluation e1 = schedule[q++];
                flowField(e1, t);
                e1.target = FlowEngine.Slot.STAGE;
                e1.fieldCoefficient = h;
                e1.storeField = true;
                FlowEngine.Evaluation e2 = schedule[q++];
                // The last stage sits at t = 1 (k = K − 2): t_{k+1} exactly, not k·h + h.
                flowField(e2, k + 1 == steps ? 1.0 : (k + 1) * h);
                e2.source = FlowEngine.Slot.STAGE;
                e2.fieldCoefficient = h / 2;
                e2.storedCoefficient = h / 2;
            }
        }
    }

    /** The EnFF field v + g at time t from the path coefficients (see {@link ProbabilityPath}). */
    private void flowField(FlowEngine.Evaluation e, double t) {
        ProbabilityPath p = config.path();
        e.reset();
        e.t = t;
        double sigma = p.sigma(t);
        double a = p.forecastWeight(t), b = p.previousWeight(t);
        double rate = p.sigmaRate(t) / sigma;
        e.keyForecast = a;
        e.keyPrevious = b;
        e.scale = 1.0 / (2 * sigma * sigma);
        e.likelihoodBias = config.guidance() == Guidance.MONTE_CARLO;
        e.selfCoefficient = rate;
        e.forecastCoefficient = p.forecastWeightRate(t) - rate * a;
        e.previousCoefficient = p.previousWeightRate(t) - rate * b;
        if (config.guidance() == Guidance.LOCAL && config.lambda() != 0.0) {
            e.gradient = true;
            e.gradientShift = 1.0 - t; // ẑ₁ = z + (1 − t)v
            e.gradientGain = config.lambda();
        }
    }

    private void checkMembers(Ensemble e) {
        if (e.members() != members)
            throw new IllegalArgumentException("ensemble has " + e.members() + " members: this filter was built for " + members);
    }

    /** Field evaluations of the last analysis: (K − 1) for Euler, 2(K − 1) for Heun. */
    @Override
    public long lastFieldEvaluations() {
        return lastEvaluations;
    }

    /** Wall-clock split of the last {@link #assimilate} call (the finish is fused into the flow's last pass). */
    public AnalysisTimes lastTimes() {
        return lastTimes;
    }

    @Override
    public String describe() {
        return config.describe();
    }
}
