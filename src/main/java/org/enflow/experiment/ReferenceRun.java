package org.enflow.experiment;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterSettings;
import org.enflow.filter.classical.BootstrapParticleFilter;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.RandomStreams.Purpose;
import org.enflow.model.Model;
import org.enflow.observe.Observation;

/**
 * The reference posterior running beside a twin experiment's filter (see {@link ReferenceSpec}).
 *
 * <p><b>Same truth and observations, own randomness.</b> It forecasts its own M-member ensemble with its
 * own model instance and assimilates the very observation the main filter gets. Everything random in it
 * (initial ensemble, the filter's resampling and jitter, and model noise if the catalog's model has any)
 * draws from its own {@link RandomStreams}, seeded by one draw from the experiment's AUXILIARY stream
 * {@value #SEED_STREAM}; so the reference is the same for every main filter run with the same seed and
 * shares no stream with the main ensemble. The subsampling offsets come from AUXILIARY stream
 * {@value #SUBSAMPLE_STREAM} of the experiment, two draws per cycle whatever the filter (the reference
 * subsample is also the same for every main filter with the same N).
 *
 * <p><b>W2 per cycle.</b> K reference particles are drawn by {@link SystematicSample} from the
 * reference's weights (uniform after a resampling); a weighted main ensemble (a particle filter that did
 * not resample) is first resampled systematically to N equally weighted members; then W2 between the
 * N-point and the K-point sets is exact optimal transport ({@link Wasserstein}; K = qN by replication).
 * W2 therefore includes sampling error: N points cannot match K points exactly even if they are drawn
 * from the posterior itself. That level is measured every cycle as the <b>W2 floor</b>: the W2 between N
 * points drawn iid from the reference particles (by their weights; AUXILIARY stream {@value #FLOOR_STREAM},
 * N uniforms per cycle) and the same K points, i.e. the score of an exact posterior sampler of size N.
 * Compare filters at the same N and K, and against the floor.
 */
final class ReferenceRun {
    /** AUXILIARY stream (of the experiment's seed) whose first draw seeds the reference's streams. */
    static final int SEED_STREAM = 2;
    /** AUXILIARY stream (of the experiment's seed) of the subsampling offsets. */
    static final int SUBSAMPLE_STREAM = 3;
    /** AUXILIARY stream (of the experiment's seed) of the iid draws behind the W2 floor. */
    static final int FLOOR_STREAM = 4;

    private final ReferenceSpec spec;
    private final long seed;
    private final int n, m, k, d;
    private final Model model;
    private final Filter filter;
    private final FilterSettings settings;
    private final Ensemble ensemble;
    private final Parallel parallel;
    private final UniformRandomProvider offsets, floorDraws;
    private final Wasserstein wasserstein;
    private final int[] index;
    private final double[] sample, resampled, floorPoints, cumulative, filterMean, referenceMean;
    private final Ensemble sampleView;
    private final List<ReferenceRecord> records = new ArrayList<>();
    private double forecastSeconds;
    /** The per-cycle process noise of the experiment, from this run's own MODEL_NOISE streams (null: none). */
    private final org.enflow.kernel.Gaussian[] forecastNoise;
    private final double forecastNoiseStd;

    ReferenceRun(ReferenceSpec spec, ExperimentConfig config, Catalog catalog, RandomStreams experimentStreams,
                 double[] truth, Parallel parallel) {
        this.spec = spec;
        this.settings = spec.validate(config, catalog);
        this.n = config.members();
        this.m = spec.members();
        this.k = spec.points(n);
        this.d = config.dim();
        this.parallel = parallel;
        this.seed = experimentStreams.stream(Purpose.AUXILIARY, SEED_STREAM).nextLong();
        RandomStreams streams = new RandomStreams(seed);
        // The model from a configuration with the reference's seed: a catalog whose models draw process noise
        // from the configuration's seed then gives the reference noise streams of its own.
        this.model = catalog.model(config.toBuilder().seed(seed).build(), parallel);
        FilterFactory factory = catalog.filter(spec.filter());
        try {
            this.filter = factory.create(new FilterContext(model, m, streams, parallel), settings);
        } catch (IllegalArgumentException e) {
            throw spec.rephrase(e);
        }
        this.ensemble = TwinExperiment.initialEnsemble(config, m, truth, streams);
        this.forecastNoise = TwinExperiment.forecastNoise(config, streams, m);
        this.forecastNoiseStd = config.forecastNoise();
        filter.initialize(ensemble);
        this.offsets = experimentStreams.stream(Purpose.AUXILIARY, SUBSAMPLE_STREAM);
        this.floorDraws = experimentStreams.stream(Purpose.AUXILIARY, FLOOR_STREAM);
        this.floorPoints = new double[n * d];
        this.cumulative = new double[m];
        this.wasserstein = new Wasserstein(parallel);
        this.index = new int[Math.max(k, n)];
        this.sample = new double[k * d];
        this.sampleView = Ensemble.wrap(k, d, sample);
        this.resampled = new double[n * d];
        this.filterMean = new double[d];
        this.referenceMean = new double[d];
    }

    /**
     * The forecast: the same model steps as the main ensemble, then the experiment's per-cycle process noise
     * drawn from this run's own streams.
     */
    void forecast(double t0, int steps) {
        long t = System.nanoTime();
        model.advance(ensemble, t0, steps);
        if (forecastNoise != null) TwinExperiment.addForecastNoise(ensemble, forecastNoise, forecastNoiseStd);
        forecastSeconds = (System.nanoTime() - t) * 1e-9;
    }

    /**
     * The reference analysis of this cycle's observation, then its scores and the W2 of the main filter's
     * analysis (members {@code analysis}, normalized weights {@code weights} or null) to it.
     */
    ReferenceRecord assimilate(int cycle, Observation observation, Ensemble analysis, double[] weights, double[] truth) {
        long t0 = System.nanoTime();
        filter.assimilate(ensemble, observation);
        double seconds = (System.nanoTime() - t0) * 1e-9 + (cycle > 0 ? forecastSeconds : 0);
        double[] refWeights = Metrics.effectiveWeights(filter.weights());
        double rmse = Metrics.rmse(ensemble, truth, refWeights, parallel);
        double spread = Metrics.spread(ensemble, refWeights, parallel);
        double ess = filter instanceof BootstrapParticleFilter b ? b.lastEffectiveSize() : Double.NaN;

        long t1 = System.nanoTime();
        // Both offsets are drawn every cycle so that the stream's use does not depend on the weights.
        double uReference = offsets.nextDouble(), uFilter = offsets.nextDouble();
        SystematicSample.indices(refWeights, m, k, uReference, index);
        double[] x = ensemble.data();
        for (int t = 0; t < k; t++) System.arraycopy(x, index[t] * d, sample, t * d, d);
        double[] points = analysis.data();
        if (weights != null) {
            SystematicSample.indices(weights, n, n, uFilter, index);
            for (int t = 0; t < n; t++) System.arraycopy(points, index[t] * d, resampled, t * d, d);
            points = resampled;
        }
        double w2 = Double.NaN, floor = Double.NaN;
        if (Double.isFinite(rmse) && allFinite(points, n * d)) w2 = wasserstein.distance(points, 0, n, sample, 0, k, d);
        drawIid(refWeights, x);
        if (Double.isFinite(rmse)) floor = wasserstein.distance(floorPoints, 0, n, sample, 0, k, d);
        double w2Seconds = (System.nanoTime() - t1) * 1e-9;

        mean(analysis.data(), n, weights, filterMean);
        mean(x, m, refWeights, referenceMean);
        double s = 0;
        for (int j = 0; j < d; j++) s += (filterMean[j] - referenceMean[j]) * (filterMean[j] - referenceMean[j]);
        ReferenceRecord r = new ReferenceRecord(cycle, w2, floor, rmse, spread, Math.sqrt(s / d), ess, seconds, w2Seconds);
        records.add(r);
        return r;
    }

    /** Records a cycle in which the main filter stopped before its analysis. */
    void skip(int cycle) {
        records.add(ReferenceRecord.missing(cycle));
    }

    /** The reference's M-particle analysis ensemble (for tests). */
    Ensemble ensemble() {
        return ensemble;
    }

    /** The reference filter's current weights, null when equal (for tests). */
    double[] weights() {
        return Metrics.effectiveWeights(filter.weights());
    }

    /** The K reference points of the last W2 (valid until the next cycle). */
    Ensemble sample() {
        return sampleView;
    }

    ReferenceResult result() {
        return new ReferenceResult(spec, filter.describe(), settings.effective(), seed, k, records);
    }

    /** floorPoints ← N particles drawn iid from the reference by its weights (uniform if null): inverse CDF. */
    private void drawIid(double[] weights, double[] x) {
        if (weights != null) {
            double c = 0;
            for (int i = 0; i < m; i++) cumulative[i] = c += weights[i];
        }
        for (int t = 0; t < n; t++) {
            double u = floorDraws.nextDouble();
            int i;
            if (weights == null) {
                i = (int) Math.min(m - 1, (long) (u * m));
            } else {
                i = java.util.Arrays.binarySearch(cumulative, 0, m, u * cumulative[m - 1]);
                i = i >= 0 ? i + 1 : -i - 1; // first i with cumulative[i] > target
                while (i < m - 1 && weights[i] == 0) i++;
                if (i >= m) i = m - 1;
            }
            System.arraycopy(x, i * d, floorPoints, t * d, d);
        }
    }

    private static boolean allFinite(double[] x, int len) {
        for (int i = 0; i < len; i++) if (!Double.isFinite(x[i])) return false;
        return true;
    }

    /** The (weighted) mean of count rows of length d, summed in member order. */
    private void mean(double[] x, int count, double[] w, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < count; i++) {
            double c = w == null ? 1.0 / count : w[i];
            int o = i * d;
            for (int j = 0; j < d; j++) out[j] += c * x[o + j];
        }
    }
}
