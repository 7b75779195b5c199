package org.enflow.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.FilterFactory;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.Model;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;
import org.junit.jupiter.api.Test;

/**
 * The twin experiment with a reference posterior ({@code --reference}): the main filter is untouched by
 * it, the reference is the same for every main filter, results are bit-identical for 1 and 2 threads,
 * each cycle's W2 is the exact transport between the analysis (resampled if weighted) and the reference
 * points handed to listeners, and a filter that assimilates is much closer to it than a free forecast.
 */
class ReferenceRunTest {
    private static final Catalog CATALOG = new RegistryCatalog();

    /** Lorenz-63 from near the origin (two-wing posterior when only z is seen), 10 RK4 steps per cycle. */
    static ExperimentConfig.Builder l63(String filter) {
        return ExperimentConfig.builder().model("lorenz63").dim(3).forcing(Double.NaN).dt(0.01).integrator("rk4")
                .obsEvery(10).observation("component:2").obsSigma(2.0).filter(filter).members(40).cycles(15).burnIn(3)
                .seed(7L).threads(1).initialSpread(1.0).initialEnsemble(InitialEnsemble.STANDARD_NORMAL)
                .truthStart(TruthStart.ZERO).truthSpread(1.0).spinUp(0);
    }

    /** Captures the analysis (with weights) and the reference points of every cycle. */
    private static final class Capture implements CycleListener {
        final List<double[]> analyses = new ArrayList<>(), weights = new ArrayList<>(), samples = new ArrayList<>();
        final List<ReferenceRecord> records = new ArrayList<>();

        @Override
        public void onReference(ReferenceRecord record, Ensemble referenceSample) {
            records.add(record);
            samples.add(referenceSample.data().clone());
        }

        @Override
        public void onCycle(CycleRecord record, double[] truth, Observation observation, Ensemble analysis, double[] w) {
            analyses.add(analysis.data().clone());
            weights.add(w == null ? null : w.clone());
        }
    }

    private static double[] series(ExperimentResult r, ToDoubleFunction<ReferenceRecord> q) {
        return r.reference().cycles().stream().mapToDouble(q).toArray();
    }

    private static double[][] scores(ExperimentResult r) {
        return new double[][] {r.series(CycleRecord::rmseForecast), r.series(CycleRecord::rmseAnalysis),
            r.series(CycleRecord::spreadAnalysis), r.series(CycleRecord::crpsAnalysis), r.series(CycleRecord::energyScoreAnalysis)};
    }

    private static double[][] referenceScores(ExperimentResult r) {
        return new double[][] {series(r, ReferenceRecord::w2), series(r, ReferenceRecord::rmseAnalysis),
            series(r, ReferenceRecord::spreadAnalysis), series(r, ReferenceRecord::meanError),
            series(r, ReferenceRecord::effectiveSize)};
    }

    @Test
    void theMainFilterIsUnchangedAndTheReferenceIsSharedByAllFilters() {
        ExperimentConfig enkf = l63("enkf").build();
        ReferenceSpec spec = ReferenceSpec.parse("bpf:2000");
        ExperimentResult plain = TwinExperiment.run(enkf, CATALOG);
        ExperimentResult with = TwinExperiment.run(enkf, CATALOG, CycleListener.NONE, spec);
        assertNull(plain.reference());
        double[][] a = scores(plain), b = scores(with);
        for (int q = 0; q < a.length; q++) assertArrayEquals(a[q], b[q], 0.0);

        ExperimentResult free = TwinExperiment.run(l63("none").build(), CATALOG, CycleListener.NONE, spec);
        assertArrayEquals(series(with, ReferenceRecord::rmseAnalysis), series(free, ReferenceRecord::rmseAnalysis), 0.0);
        assertArrayEquals(series(with, ReferenceRecord::spreadAnalysis), series(free, ReferenceRecord::spreadAnalysis), 0.0);
        assertEquals(with.reference().seed(), free.reference().seed());
        assertEquals(15, with.reference().cycles().size());
        for (ReferenceRecord r : with.reference().cycles()) {
            assertTrue(r.effectiveSize() >= 1 && r.effectiveSize() <= 2000, "N_eff " + r.effectiveSize());
            assertTrue(r.w2() > 0 && Double.isFinite(r.w2()));
        }
        assertEquals(with.w2(), with.reference().mean(ReferenceRecord::w2, 3, 15), 0.0);
        Map<String, Object> s = with.summary();
        assertEquals(with.w2(), (double) s.get("w2"), 0.0);
        assertEquals(with.referenceRmse(), (double) s.get("w2_ref_rmse"), 0.0);
        assertNotNull(s.get("reference"));
        assertNull(plain.summary().get("w2"));
    }

    @Test
    void bitIdenticalForOneAndTwoThreads() {
        ExperimentConfig one = l63("enkf").build(), two = one.toBuilder().threads(2).build();
        ReferenceSpec spec = ReferenceSpec.parse("bpf:3000:jitter=0.5,w2_points=80");
        Capture c1 = new Capture(), c2 = new Capture();
        ExperimentResult r1 = TwinExperiment.run(one, CATALOG, c1, spec), r2 = TwinExperiment.run(two, CATALOG, c2, spec);
        double[][] a = referenceScores(r1), b = referenceScores(r2);
        for (int q = 0; q < a.length; q++) assertArrayEquals(a[q], b[q], 0.0);
        for (int k = 0; k < c1.samples.size(); k++) assertArrayEquals(c1.samples.get(k), c2.samples.get(k), 0.0);
    }

    @Test
    void w2IsTheExactTransportToTheReferencePointsHandedToListeners() {
        // A weighted main ensemble (a particle filter that never resamples) is first resampled systematically
        // with the second offset of the cycle from AUXILIARY stream SUBSAMPLE_STREAM; K = 2N uses replication.
        ExperimentConfig c = l63("bpf").filterSettings(Map.of("resample_threshold", "0")).cycles(8).build();
        Capture cap = new Capture();
        ExperimentResult r = TwinExperiment.run(c, CATALOG, cap, ReferenceSpec.parse("bpf:1000:w2_points=80"));
        UniformRandomProvider offsets = new RandomStreams(c.seed()).stream(RandomStreams.Purpose.AUXILIARY, ReferenceRun.SUBSAMPLE_STREAM);
        Wasserstein w = new Wasserstein(Parallel.sequential());
        int n = c.members(), d = 3, weighted = 0;
        for (int k = 0; k < 8; k++) {
            offsets.nextDouble();
            double uFilter = offsets.nextDouble();
            double[] points = cap.analyses.get(k), wk = cap.weights.get(k);
            if (wk != null) {
                weighted++;
                int[] idx = new int[n];
                SystematicSample.indices(wk, n, n, uFilter, idx);
                double[] res = new double[n * d];
                for (int i = 0; i < n; i++) System.arraycopy(points, idx[i] * d, res, i * d, d);
                points = res;
            }
            assertEquals(80 * d, cap.samples.get(k).length);
            assertEquals(w.distance(points, 0, n, cap.samples.get(k), 0, 80, d), r.reference().cycles().get(k).w2(), 0.0, "cycle " + k);
        }
        assertTrue(weighted >= 7, "the main particle filter carried weights in " + weighted + " of 8 cycles");
    }

    @Test
    void oneCycleByHandSubsampleW2AndFloorFollowTheDocumentedStreams() {
        // The reference's K points are the systematic subsample with the cycle's first AUXILIARY offset; the
        // floor is the W2 of N iid draws (stream FLOOR_STREAM, one uniform each) from the reference to them.
        ExperimentConfig c = l63("enkf").members(20).build();
        RandomStreams streams = new RandomStreams(c.seed());
        double[] truth = {1.0, -2.0, 20.0};
        ReferenceRun run = new ReferenceRun(ReferenceSpec.parse("bpf:500:w2_points=40"), c, CATALOG, streams, truth,
                Parallel.sequential());
        ObservationOperator h = CATALOG.observation(c, streams);
        double[] y = new double[1];
        h.apply(truth, 0, y, 0);
        Ensemble analysis = new Ensemble(20, 3);
        new org.enflow.kernel.Gaussian(new RandomStreams(99).stream(RandomStreams.Purpose.TRUTH)).fill(analysis.data(), 0, 60);
        ReferenceRecord r = run.assimilate(0, Observation.withSigma(y, h, 2.0), analysis, null, truth);

        assertNull(run.weights()); // resampled: equal weights
        UniformRandomProvider offsets = streams.stream(RandomStreams.Purpose.AUXILIARY, ReferenceRun.SUBSAMPLE_STREAM);
        UniformRandomProvider draws = streams.stream(RandomStreams.Purpose.AUXILIARY, ReferenceRun.FLOOR_STREAM);
        int[] idx = new int[40];
        SystematicSample.indices(null, 500, 40, offsets.nextDouble(), idx);
        double[] x = run.ensemble().data(), sample = new double[120], iid = new double[60];
        for (int t = 0; t < 40; t++) System.arraycopy(x, idx[t] * 3, sample, t * 3, 3);
        assertArrayEquals(sample, run.sample().data(), 0.0);
        for (int t = 0; t < 20; t++) System.arraycopy(x, (int) (draws.nextDouble() * 500) * 3, iid, t * 3, 3);
        Wasserstein w = new Wasserstein(Parallel.sequential());
        assertEquals(w.distance(analysis.data(), 0, 20, sample, 0, 40, 3), r.w2(), 0.0);
        assertEquals(w.distance(iid, 0, 20, sample, 0, 40, 3), r.w2Floor(), 0.0);
        assertEquals(org.enflow.experiment.Metrics.rmse(run.ensemble(), truth, Parallel.sequential()), r.rmseAnalysis(), 0.0);
        assertTrue(r.effectiveSize() > 1 && r.effectiveSize() <= 500);
    }

    @Test
    void anAssimilatingFilterIsMuchCloserToTheReferenceThanAFreeForecast() {
        // Fully observed Lorenz-63 (σ = 2): after 4 time units a free ensemble is spread over the attractor
        // (W2 to the posterior ~ the attractor's size: 18 at this seed) while the EnKF tracks the posterior
        // (W2 ~ its spread: 0.7). A factor 3 leaves a wide margin for seed noise and fails if W2 ignores the filter.
        ExperimentConfig.Builder b = l63("enkf").observation("identity").cycles(40).burnIn(20);
        ReferenceSpec spec = ReferenceSpec.parse("bpf:4000");
        double enkf = TwinExperiment.run(b.build(), CATALOG, CycleListener.NONE, spec).w2();
        double free = TwinExperiment.run(b.copy().filter("none").build(), CATALOG, CycleListener.NONE, spec).w2();
        assertTrue(enkf * 3 < free, "W2 enkf " + enkf + " vs free forecast " + free);
    }

    @Test
    void aDivergedForecastLeavesAnEmptyReferenceRecord() {
        Catalog withBpf = new TestCatalogWithBpf();
        ExperimentConfig c = TestCatalog.l96("nudge").model("explode").dim(5).forcing(0.0).dt(1.0).spinUp(0).cycles(10).burnIn(0)
                .members(4).build();
        ExperimentResult r = TwinExperiment.run(c, withBpf, CycleListener.NONE, ReferenceSpec.parse("bpf:8"));
        assertTrue(r.diverged());
        assertEquals(r.cycles().size(), r.reference().cycles().size());
        assertTrue(Double.isNaN(r.reference().cycles().get(r.divergedAt()).w2()));
    }

    /** The test catalog plus the bootstrap particle filter. */
    private static final class TestCatalogWithBpf implements Catalog {
        private final TestCatalog inner = new TestCatalog();

        @Override public ModelDefaults modelDefaults(String model) { return inner.modelDefaults(model); }
        @Override public Model model(ExperimentConfig config, Parallel parallel) { return inner.model(config, parallel); }
        @Override public double[] referenceState(ExperimentConfig config, Model model) { return inner.referenceState(config, model); }
        @Override public ObservationOperator observation(ExperimentConfig config, RandomStreams s) { return inner.observation(config, s); }
        @Override public List<String> modelHelp() { return inner.modelHelp(); }
        @Override public List<String> observationHelp() { return inner.observationHelp(); }

        @Override
        public List<FilterFactory> filters() {
            List<FilterFactory> f = new ArrayList<>(inner.filters());
            f.add(new org.enflow.filter.classical.BootstrapParticleFilter.Factory());
            return f;
        }
    }
}
