package org.enflow.experiment;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterSettings;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.RandomStreams.Purpose;
import org.enflow.model.Model;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;

/**
 * A twin experiment (protocol.md §1): a truth run of the model, synthetic observations of it, and an
 * ensemble filter cycling forecast and analysis, scored every cycle against the truth.
 *
 * <ol>
 *   <li>Truth: x*(0) = base + σ_truth·N(0, I) from the TRUTH stream, then {@code spinUp} model steps.</li>
 *   <li>Initial ensemble: x_i = (x*(t₀) or 0) + σ₀ξ_i, member i drawing from its own INITIAL_ENSEMBLE stream.</li>
 *   <li>Cycle k = 0 … cycles−1: for k &gt; 0 the ensemble and the truth are advanced obsEvery steps
 *       (forecast); y_k = h(x*(t_k)) + σε_k with ε_k from the OBSERVATIONS stream; forecast scores;
 *       analysis; analysis scores. Following the upstream EnFF convention, <b>the first analysis is
 *       applied to the initial ensemble</b>, so C cycles contain C − 1 forecasts. With {@code forecastNoise} q &gt; 0
 *       every forecast member then gets q·ξ_i (MODEL_NOISE stream i); the truth does not.</li>
 * </ol>
 *
 * <p>The observations are drawn sequentially from one stream seeded by {@code observationSeed} (= the
 * master seed unless changed), and the truth does not depend on the ensemble, so every filter run with the
 * same seed sees the same y. All randomness comes from per-purpose streams and all reductions are
 * blocked independently of the thread count, so the results are bit-identical for any {@code --threads}
 * if the model and the filter are.
 *
 * <p>With a {@link ReferenceSpec} a reference posterior ({@link ReferenceRun}) runs beside the filter on the same
 * truth and observations and every cycle's analysis is scored by W2 against it. AUXILIARY streams of the master
 * seed: 0 operators (random masks), {@value #RANK_TIE_STREAM} rank-histogram ties, 2 the reference's seed, 3 its
 * subsampling offsets, 4 the W2 floor's draws.
 */
public final class TwinExperiment {
    /** Member index of the AUXILIARY stream used for rank-histogram tie breaks (member 0 is left to operators). */
    static final int RANK_TIE_STREAM = 1;

    private TwinExperiment() {}

    public static ExperimentResult run(ExperimentConfig config, Catalog catalog) {
        return run(config, catalog, CycleListener.NONE);
    }

    public static ExperimentResult run(ExperimentConfig config, Catalog catalog, CycleListener listener) {
        return run(config, catalog, listener, null);
    }

    /**
     * As {@link #run(ExperimentConfig, Catalog, CycleListener)}, with a reference posterior ({@code reference}
     * non-null, see {@link ReferenceSpec} and {@link ReferenceRun}): a second filter on the same truth and
     * observations, scored every cycle and compared with the main filter's analysis by W2. The main
     * filter's results do not depend on whether a reference runs.
     */
    public static ExperimentResult run(ExperimentConfig config, Catalog catalog, CycleListener listener, ReferenceSpec reference) {
        if (reference != null) reference.validate(config, catalog); // before the spin-up
        try (Parallel parallel = new Parallel(config.threads())) {
            return run(config, catalog, listener, reference, parallel);
        }
    }

    private static ExperimentResult run(ExperimentConfig config, Catalog catalog, CycleListener listener,
                                        ReferenceSpec referenceSpec, Parallel parallel) {
        long wallStart = System.nanoTime();
        int d = config.dim(), n = config.members();
        RandomStreams streams = new RandomStreams(config.seed());
        RandomStreams observationStreams = new RandomStreams(config.observationSeed());

        Model model = catalog.model(config, parallel);
        Model truthModel = catalog.truthModel(config, Parallel.sequential());
        if (model.dim() != d)
            throw new IllegalArgumentException("--dim = " + d + ": model " + model.describe() + " has dimension " + model.dim());
        ObservationOperator operator = catalog.observation(config, streams);
        if (operator.inputDim() != d)
            throw new IllegalArgumentException("--obs " + config.observation() + ": operator " + operator.describe()
                    + " takes dimension " + operator.inputDim() + ", but --dim = " + d);
        FilterFactory factory = catalog.filter(config.filter());
        FilterSettings settings = new FilterSettings(factory.name(), factory.parameters(), config.filterSettings());
        Filter filter = factory.create(new FilterContext(model, n, streams, parallel, config.obsEvery()), settings);

        // Truth initial condition and spin-up.
        long spinStart = System.nanoTime();
        Ensemble truth = new Ensemble(1, d);
        if (config.truthStart() == TruthStart.REFERENCE) {
            double[] base = catalog.referenceState(config, truthModel);
            if (base == null || base.length != d)
                throw new IllegalArgumentException("--truth-start reference: model " + config.model() + " gave no reference state of length " + d);
            System.arraycopy(base, 0, truth.data(), 0, d);
        }
        new Gaussian(streams.stream(Purpose.TRUTH)).addScaled(truth.data(), 0, d, config.truthSpread());
        if (config.spinUp() > 0) truthModel.advance(truth, 0.0, config.spinUp());
        truth.requireFinite("truth after spin-up");
        double spinUpSeconds = (System.nanoTime() - spinStart) * 1e-9;

        Ensemble ensemble = initialEnsemble(config, n, truth.data(), streams);
        filter.initialize(ensemble);
        ReferenceRun reference = referenceSpec == null ? null
                : new ReferenceRun(referenceSpec, config, catalog, streams, truth.data(), parallel);
        listener.onStart(config);

        Gaussian[] forecastNoise = forecastNoise(config, streams);
        Gaussian observationNoise = new Gaussian(observationStreams.stream(Purpose.OBSERVATIONS));
        UniformRandomProvider tieBreak = streams.stream(Purpose.AUXILIARY, RANK_TIE_STREAM);
        RankHistogram histogram = new RankHistogram(n);
        boolean withEnergyScore = Metrics.energyScoreAffordable(n, d);
        int p = operator.outputDim();
        double[] x = truth.data();
        List<CycleRecord> records = new ArrayList<>(config.cycles());
        int divergedAt = -1;
        long metricsNanos = 0;

        for (int k = 0; k < config.cycles(); k++) {
            double forecastSeconds = Double.NaN;
            if (k > 0) {
                double t0 = (config.spinUp() + (double) (k - 1) * config.obsEvery()) * config.dt();
                long f0 = System.nanoTime();
                model.advance(ensemble, t0, config.obsEvery());
                if (forecastNoise != null) addForecastNoise(ensemble, forecastNoise, config.forecastNoise());
                forecastSeconds = (System.nanoTime() - f0) * 1e-9;
                truthModel.advance(truth, t0, config.obsEvery());
                if (reference != null) reference.forecast(t0, config.obsEvery());
            }
            // A fresh array per cycle: filters may keep the observation they were given.
            double[] y = new double[p];
            operator.apply(x, 0, y, 0);
            observationNoise.addScaled(y, 0, p, config.obsSigma());
            Observation observation = Observation.withSigma(y, operator, config.obsSigma());

            long m0 = System.nanoTime();
            // A particle filter may carry importance weights (Filter.weights()); the forecast keeps the
            // previous analysis weights, and every score of a weighted ensemble uses them.
            double[] weightsF = Metrics.effectiveWeights(filter.weights());
            double rmseF = Metrics.rmse(ensemble, x, weightsF, parallel);
            double spreadF = Metrics.spread(ensemble, weightsF, parallel);
            metricsNanos += System.nanoTime() - m0;
            double time = k * config.cycleTime();
            if (!Double.isFinite(rmseF)) {
                records.add(new CycleRecord(k, time, rmseF, Double.NaN, spreadF, Double.NaN, Double.NaN, Double.NaN,
                        forecastSeconds, Double.NaN, 0));
                if (reference != null) reference.skip(k);
                divergedAt = k;
                break;
            }

            long a0 = System.nanoTime();
            filter.assimilate(ensemble, observation);
            double analysisSeconds = (System.nanoTime() - a0) * 1e-9;

            long m1 = System.nanoTime();
            double[] weightsA = Metrics.effectiveWeights(filter.weights());
            double rmseA = Metrics.rmse(ensemble, x, weightsA, parallel);
            double spreadA = Metrics.spread(ensemble, weightsA, parallel);
            boolean finite = Double.isFinite(rmseA) && Double.isFinite(spreadA);
            double crpsA = finite ? Metrics.crps(ensemble, x, weightsA, parallel) : Double.NaN;
            double esA = finite && withEnergyScore ? Metrics.energyScore(ensemble, x, weightsA, parallel) : Double.NaN;
            // Ranks of the truth among members assume equally weighted members: weighted cycles are left out.
            if (finite && weightsA == null && k >= config.burnIn()) histogram.add(ensemble, x, tieBreak, parallel);
            metricsNanos += System.nanoTime() - m1;
            CycleRecord record = new CycleRecord(k, time, rmseF, rmseA, spreadF, spreadA, crpsA, esA,
                    forecastSeconds, analysisSeconds, filter.lastFieldEvaluations());
            records.add(record);
            if (reference != null) {
                ReferenceRecord r = reference.assimilate(k, observation, ensemble, weightsA, x);
                listener.onReference(r, reference.sample());
            }
            listener.onCycle(record, x, observation, ensemble, weightsA);
            if (!finite) {
                divergedAt = k;
                break;
            }
        }
        return new ExperimentResult(config, model.describe(), operator.describe(), p, filter.describe(),
                settings.effective(), records, histogram, divergedAt, spinUpSeconds, metricsNanos * 1e-9,
                (System.nanoTime() - wallStart) * 1e-9, reference == null ? null : reference.result());
    }

    /** One MODEL_NOISE stream per member when the configuration has process noise, else null. */
    static Gaussian[] forecastNoise(ExperimentConfig config, RandomStreams streams) {
        return forecastNoise(config, streams, config.members());
    }

    /** One MODEL_NOISE stream for each of {@code members} members when the configuration has process noise, else null. */
    static Gaussian[] forecastNoise(ExperimentConfig config, RandomStreams streams, int members) {
        if (config.forecastNoise() == 0) return null;
        UniformRandomProvider[] rngs = streams.streams(Purpose.MODEL_NOISE, members);
        Gaussian[] g = new Gaussian[rngs.length];
        for (int i = 0; i < g.length; i++) g[i] = new Gaussian(rngs[i]);
        return g;
    }

    /** x_i ← x_i + q·ξ_i, member i from its own stream (independent of the thread count). */
    static void addForecastNoise(Ensemble ensemble, Gaussian[] noise, double q) {
        double[] x = ensemble.data();
        for (int i = 0; i < ensemble.members(); i++) noise[i].addScaled(x, ensemble.offset(i), ensemble.dim(), q);
    }

    /** Member i = centre + σ₀·N(0, I) from INITIAL_ENSEMBLE stream i of {@code streams}, i < n. */
    static Ensemble initialEnsemble(ExperimentConfig config, int n, double[] truth, RandomStreams streams) {
        int d = config.dim();
        Ensemble e = new Ensemble(n, d);
        UniformRandomProvider[] rngs = streams.streams(Purpose.INITIAL_ENSEMBLE, n);
        double[] data = e.data();
        for (int i = 0; i < n; i++) {
            if (config.initialEnsemble() == InitialEnsemble.AROUND_TRUTH) System.arraycopy(truth, 0, data, e.offset(i), d);
            new Gaussian(rngs[i]).addScaled(data, e.offset(i), d, config.initialSpread());
        }
        return e;
    }
}
