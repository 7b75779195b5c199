package org.enflow.filter.flowdas;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.common.Resampler;
import org.enflow.kernel.Exp;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Require;
import org.enflow.observe.Observation;

/**
 * Ensemble FlowDAS (Chen, Jia, Qu, Sun, Fessler, NeurIPS 2025; flowdas.md §7): every member runs its own
 * guided transition ({@link GuidedTransition}) from its previous analysis x₀ⁱ toward the new observation,
 * with its own noise, so the N results form a filtering ensemble (upstream runs one path, which carries no
 * uncertainty about x₀).
 *
 * <p>The filter keeps the previous analysis itself (member order); {@link #initialize} stores the initial
 * ensemble. The forecast that {@link #assimilate} receives is not used: the guided transition <em>is</em>
 * the forecast and the analysis in one. When the ensemble handed in is bit-identical to the stored
 * previous analysis, no model step happened in between (a twin experiment's first cycle analyses the
 * initial ensemble), there is no transition to guide, and the ensemble is returned unchanged.
 *
 * <p>Optional consistency weights ({@code weights=true}): w_i ∝ w_i·p̂(y | x₀ⁱ), the J-sample Monte Carlo
 * likelihood of the transition from J unguided sweeps of {@code weight_grid} points (see
 * {@link GuidedTransition#logLikelihoodOfTransition} for why not the s = 0 endpoint estimate), carried across cycles; when N_eff = 1/Σw² &lt; N/2 the previous analysis is
 * resampled (systematic) before the transitions and the weights reset. While not resampled, the
 * weights are reported by {@link #weights()}.
 *
 * <p>Randomness: member i draws from FILTER stream i, resampling from FILTER stream N; members run in
 * parallel, one block each, with per-thread workspaces, so results are bit-identical for any thread count.
 */
public final class FlowDasFilter implements Filter {
    private final FlowDasConfig config;
    private final TransitionDrift drift;
    private final int members, dim, width;
    private final Parallel parallel;
    private final Gaussian[] gaussians;
    private final UniformRandomProvider resampleRng;
    private final ArrayDeque<GuidedTransition> pool = new ArrayDeque<>();
    private final double[] u0, cond, next, logWeight, weight;
    private final int[] ancestors;
    private final double[] points, cdf;
    private double[] previous;
    private boolean weighted;
    private long lastEvaluations;
    private double lastEffectiveSize = Double.NaN;
    private boolean resampledLast;

    public FlowDasFilter(FlowDasConfig config, TransitionDrift drift, int members, RandomStreams streams, Parallel parallel) {
        this.config = Require.notNull("config", config);
        this.drift = Require.notNull("drift", drift);
        this.members = Require.positive("members", members);
        this.parallel = Require.notNull("parallel", parallel);
        this.dim = drift.dim();
        this.width = drift.conditionWidth();
        UniformRandomProvider[] rngs = Require.notNull("streams", streams).streams(RandomStreams.Purpose.FILTER, members + 1);
        gaussians = new Gaussian[members];
        for (int i = 0; i < members; i++) gaussians[i] = new Gaussian(rngs[i]);
        resampleRng = rngs[members];
        u0 = new double[members * dim];
        cond = new double[members * width];
        next = new double[members * dim];
        logWeight = new double[members];
        weight = new double[members];
        ancestors = new int[members];
        points = new double[members];
        cdf = new double[members + 1];
    }

    public FlowDasConfig config() {
        return config;
    }

    public TransitionDrift drift() {
        return drift;
    }

    @Override
    public void initialize(Ensemble initial) {
        check(initial);
        previous = initial.data().clone();
        weighted = false;
        Arrays.fill(logWeight, 0);
    }

    @Override
    public void assimilate(Ensemble ensemble, Observation observation) {
        check(ensemble);
        Require.notNull("observation", observation);
        if (observation.operator().inputDim() != dim)
            throw new IllegalArgumentException("observation operator input dimension " + observation.operator().inputDim()
                    + " != ensemble dimension " + dim);
        double[] data = ensemble.data();
        lastEvaluations = 0;
        resampledLast = false;
        if (previous == null || Arrays.equals(previous, data)) { // no transition since the last analysis
            previous = data.clone();
            return;
        }
        Normalization norm = drift.normalization();
        for (int i = 0; i < members; i++) norm.toUnits(previous, i * dim, u0, i * dim);
        GuidedTransition.Likelihood lik = new GuidedTransition.Likelihood(observation);
        if (config.weights()) reweight(lik);
        drift.condition(u0, members, cond, parallel);
        parallel.forEach(members, (i, from, to) -> {
            GuidedTransition t = acquire();
            try {
                t.run(lik, cond, i * width, u0, i * dim, next, i * dim, gaussians[i]);
            } finally {
                release(t);
            }
        });
        for (int i = 0; i < members; i++) norm.fromUnits(next, i * dim, data, i * dim);
        System.arraycopy(data, 0, previous, 0, data.length);
        lastEvaluations = config.driftEvaluations();
    }

    /** Consistency weights and, when N_eff &lt; N/2, systematic resampling of x₀ (in u0). */
    private void reweight(GuidedTransition.Likelihood lik) {
        drift.condition(u0, members, cond, parallel);
        parallel.forEach(members, (i, from, to) -> {
            GuidedTransition t = acquire();
            try {
                logWeight[i] += t.logLikelihoodOfTransition(lik, cond, i * width, u0, i * dim, config.weightGrid(), gaussians[i]);
            } finally {
                release(t);
            }
        });
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logWeight) max = Math.max(max, v);
        for (int i = 0; i < members; i++) weight[i] = logWeight[i] - max;
        Exp.inPlace(weight, 0, members);
        double sum = 0, sum2 = 0;
        for (double w : weight) sum += w;
        for (int i = 0; i < members; i++) {
            weight[i] /= sum;
            sum2 += weight[i] * weight[i];
            logWeight[i] = StrictMath.log(weight[i]);
        }
        lastEffectiveSize = 1 / sum2;
        weighted = true;
        if (lastEffectiveSize >= members / 2.0) return;
        Resampler.SYSTEMATIC.resample(weight, members, resampleRng, ancestors, points, cdf);
        double[] copy = u0.clone();
        for (int i = 0; i < members; i++) System.arraycopy(copy, ancestors[i] * dim, u0, i * dim, dim);
        Arrays.fill(logWeight, 0);
        weighted = false;
        resampledLast = true;
    }

    @Override
    public double[] weights() {
        return config.weights() && weighted ? weight : null;
    }

    /** N_eff of the last consistency weights (NaN without weights). */
    public double lastEffectiveSize() {
        return lastEffectiveSize;
    }

    /** Whether the last analysis resampled the previous analysis. */
    public boolean resampledLast() {
        return resampledLast;
    }

    /** Drift evaluations of one member's transition in the last analysis (0 when it had no transition). */
    @Override
    public long lastFieldEvaluations() {
        return lastEvaluations;
    }

    private GuidedTransition acquire() {
        synchronized (pool) {
            GuidedTransition t = pool.poll();
            if (t != null) return t;
        }
        return new GuidedTransition(config, drift);
    }

    private void release(GuidedTransition t) {
        synchronized (pool) {
            pool.push(t);
        }
    }

    private void check(Ensemble e) {
        Require.notNull("ensemble", e);
        if (e.members() != members || e.dim() != dim)
            throw new IllegalArgumentException("ensemble " + e.members() + " x " + e.dim() + ": expected " + members + " x " + dim
                    + " (members x drift dimension)");
    }

    @Override
    public String describe() {
        return "flowdas(" + drift.describe() + ", grid=" + config.gridPoints() + ", J=" + config.samples() + ", "
                + config.guidance().cliName() + (config.guidance() == GuidanceMode.UPSTREAM ? " zeta=" + config.zeta()
                : config.guidance() == GuidanceMode.PRINCIPLED ? " lambda=" + config.lambda() : "")
                + ", " + config.endpoint().cliName() + "/" + config.endpointNoise().cliName() + ", eps="
                + drift.interpolant().epsilon() + (config.weights() ? ", weights" : "") + ")";
    }
}
