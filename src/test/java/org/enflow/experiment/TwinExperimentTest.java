package org.enflow.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.enflow.observe.Observation;
import org.junit.jupiter.api.Test;

class TwinExperimentTest {
    private static final TestCatalog CATALOG = new TestCatalog();

    /** Records the truth and the observations of every cycle. */
    private static final class Recorder implements CycleListener {
        final List<double[]> truths = new ArrayList<>();
        final List<double[]> observations = new ArrayList<>();
        final List<double[]> analyses = new ArrayList<>();

        @Override
        public void onCycle(CycleRecord record, double[] truth, Observation observation, Ensemble analysis) {
            truths.add(truth.clone());
            observations.add(observation.values().clone());
            analyses.add(analysis.data().clone());
        }
    }

    /** Every score of every cycle, without the timings. */
    private static double[][] scores(ExperimentResult r) {
        return new double[][] {
            r.series(CycleRecord::rmseForecast), r.series(CycleRecord::rmseAnalysis), r.series(CycleRecord::spreadForecast),
            r.series(CycleRecord::spreadAnalysis), r.series(CycleRecord::crpsAnalysis), r.series(CycleRecord::energyScoreAnalysis)
        };
    }

    @Test
    void sameSeedGivesBitIdenticalResultsWithOneAndTwoThreads() {
        // protocol.md oracle 5: the model, the filter's per-member noise and the metrics all run on the pool.
        ExperimentConfig one = TestCatalog.l96("nudge").threads(1).build();
        ExperimentConfig two = one.toBuilder().threads(2).build();
        Recorder a = new Recorder(), b = new Recorder();
        ExperimentResult r1 = TwinExperiment.run(one, CATALOG, a);
        ExperimentResult r2 = TwinExperiment.run(two, CATALOG, b);
        double[][] s1 = scores(r1), s2 = scores(r2);
        for (int q = 0; q < s1.length; q++) assertArrayEquals(s1[q], s2[q], 0.0);
        for (int k = 0; k < a.analyses.size(); k++) assertArrayEquals(a.analyses.get(k), b.analyses.get(k), 0.0);
        assertArrayEquals(r1.rankHistogram().counts(), r2.rankHistogram().counts());
        // And the filter did something: the analysis differs from the forecast.
        assertNotEquals(r1.cycles().get(5).rmseForecast(), r1.cycles().get(5).rmseAnalysis());
    }

    @Test
    void changingOnlyTheObservationStreamChangesYButNotTheTruth() {
        ExperimentConfig base = TestCatalog.l96("nudge").cycles(20).build();
        ExperimentConfig other = base.toBuilder().observationSeed(base.seed() + 1).build();
        Recorder a = new Recorder(), b = new Recorder();
        TwinExperiment.run(base, CATALOG, a);
        TwinExperiment.run(other, CATALOG, b);
        for (int k = 0; k < 20; k++) {
            assertArrayEquals(a.truths.get(k), b.truths.get(k), 0.0);
            assertFalse(java.util.Arrays.equals(a.observations.get(k), b.observations.get(k)));
        }
    }

    @Test
    void everyFilterSeesTheSameObservationsAndTruth() {
        Recorder a = new Recorder(), b = new Recorder();
        TwinExperiment.run(TestCatalog.l96("none").cycles(15).build(), CATALOG, a);
        TwinExperiment.run(TestCatalog.l96("nudge").cycles(15).build(), CATALOG, b);
        for (int k = 0; k < 15; k++) {
            assertArrayEquals(a.truths.get(k), b.truths.get(k), 0.0);
            assertArrayEquals(a.observations.get(k), b.observations.get(k), 0.0);
        }
    }

    @Test
    void firstAnalysisIsAppliedToTheInitialEnsemble() {
        ExperimentConfig c = TestCatalog.l96("nudge").cycles(80).obsEvery(3).build();
        ExperimentResult r = TwinExperiment.run(c, CATALOG);
        assertEquals(80, r.cycles().size());
        assertTrue(Double.isNaN(r.cycles().get(0).forecastSeconds()));
        int forecasts = 0;
        for (CycleRecord rec : r.cycles()) if (!Double.isNaN(rec.forecastSeconds())) forecasts++;
        assertEquals(79, forecasts);
        assertEquals(79 * 3 * 0.05, r.cycles().get(79).time(), 1e-12);
        assertEquals(7.0, r.nfePerAnalysis());
    }

    @Test
    void initialEnsembleIsCentredOnTheTruthOrOnZero() {
        // Filter "none": the analysis of cycle 0 is the initial ensemble. N = 200, d = 40: the ensemble mean
        // has per-component std σ₀/√N ≈ 0.07, so its RMSE to the centre is ≈ 0.07 (±~15 % over 40 components).
        for (InitialEnsemble mode : InitialEnsemble.values()) {
            ExperimentConfig c = TestCatalog.l96("none").members(200).cycles(1).initialSpread(1.0).initialEnsemble(mode).build();
            Recorder rec = new Recorder();
            ExperimentResult r = TwinExperiment.run(c, CATALOG, rec);
            double[] truth = rec.truths.get(0);
            double[] centre = mode == InitialEnsemble.AROUND_TRUTH ? truth : new double[40];
            Ensemble e = Ensemble.wrap(200, 40, rec.analyses.get(0));
            assertTrue(Metrics.rmse(e, centre, Parallel.sequential()) < 0.15, mode.label());
            // Spread of N(0, 1) perturbations: 1 within ~3 standard errors (≈ 1/√(2·40·199) each).
            assertEquals(1.0, r.cycles().get(0).spreadAnalysis(), 0.03);
        }
    }

    @Test
    void freeForecastRmseReachesClimatology() {
        // Free ensemble and truth on the L96 attractor are independent: x̄ − x* has per-component variance
        // s²(1 + 1/N), s ≈ 3.64 the climatological std (models.md oracle 2), so RMSE → 3.64·√1.05 ≈ 3.73.
        // 400 post-burn-in cycles = 20 time units × 40 components; with ~1 time unit decorrelation that is
        // several hundred effective samples of (x̄ − x*)², i.e. a few % standard error on the RMSE: 10 % is
        // about 3 standard errors. Burn-in 200 cycles = 10 time units ≫ the ~2 units the initial spread
        // σ₀ = 1 needs to saturate (error doubling time ≈ 0.4). Measured over seeds 1..10: RMSE 3.62–3.78,
        // seed-to-seed std 0.05 (1.5 %), so the 10 % band is > 6 observed standard deviations wide.
        ExperimentConfig c = TestCatalog.l96("none").members(20).cycles(600).burnIn(200).build();
        ExperimentResult r = TwinExperiment.run(c, CATALOG);
        double expected = 3.64 * Math.sqrt(1 + 1.0 / 20);
        assertEquals(expected, r.mean(CycleRecord::rmseAnalysis), 0.10 * expected);
        // The spread (RMV) of a climatological ensemble is the climatological std itself.
        assertEquals(3.64, r.mean(CycleRecord::spreadAnalysis), 0.10 * 3.64);
    }

    @Test
    void divergenceStopsTheRunAndIsReported() {
        ExperimentConfig c = ExperimentConfig.builder().modelDefaults(CATALOG.modelDefaults("explode"))
                .obsEvery(1).observation("identity").obsSigma(1.0).filter("none").members(4).cycles(10).seed(1L)
                .threads(1).initialSpread(1.0).initialEnsemble(InitialEnsemble.AROUND_TRUTH).build();
        ExperimentResult r = TwinExperiment.run(c, CATALOG);
        assertTrue(r.diverged());
        assertEquals(r.cycles().size() - 1, r.divergedAt());
        assertTrue(r.cycles().size() < 10);
        assertEquals(r.divergedAt(), r.summary().get("diverged_at_cycle"));
    }

    @Test
    void windowsAndSummaryMeans() {
        // protocol.md oracle 6: the last-50 mean uses exactly the last 50 cycles.
        double[] v = new double[100];
        for (int k = 0; k < 100; k++) v[k] = k;
        assertEquals(74.5, Windows.lastMean(v, 50), 0.0); // mean of 50..99
        assertEquals(2.0, Windows.lastMean(new double[] {1, 2, 3}, 50), 0.0);
        assertEquals(10.0, Windows.mean(v, 10, 11), 0.0);
        assertTrue(Double.isNaN(Windows.mean(v, 5, 5)));
        assertThrows(IllegalArgumentException.class, () -> Windows.mean(v, 0, 101));

        ExperimentResult r = TwinExperiment.run(TestCatalog.l96("nudge").cycles(120).burnIn(30).build(), CATALOG);
        double[] rmse = r.series(CycleRecord::rmseAnalysis);
        double last50 = 0, post = 0;
        for (int k = 70; k < 120; k++) last50 += rmse[k];
        for (int k = 30; k < 120; k++) post += rmse[k];
        assertEquals(last50 / 50, r.rmseLast50(), 1e-15);
        assertEquals(post / 90, (double) r.summary().get("rmse"), 1e-15);
        assertEquals(90L * 40, r.rankHistogram().total()); // post-burn-in cycles × components
        double analysis = 0;
        for (int k = 30; k < 120; k++) analysis += r.cycles().get(k).analysisSeconds();
        assertEquals(analysis / 90, r.meanSeconds(CycleRecord::analysisSeconds), 1e-15);
    }

    @Test
    void badSetupsAreRejectedWithTheArgumentNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TwinExperiment.run(TestCatalog.l96("nudge").observation("half").build(), CATALOG));
        assertTrue(e.getMessage().contains("--obs half"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TwinExperiment.run(TestCatalog.l96("nudge").filterSettings(Map.of("gian", "1")).build(), CATALOG));
        assertTrue(e.getMessage().contains("gian"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TestCatalog.l96("none").obsSigma(0.0).build());
        assertTrue(e.getMessage().startsWith("--obs-sigma = 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TestCatalog.l96("none").members(-3).build());
        assertTrue(e.getMessage().startsWith("--members = -3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TestCatalog.l96("none").cycles(10).burnIn(10).build());
        assertTrue(e.getMessage().startsWith("--burn-in = 10"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TestCatalog.l96("none").dt(Double.NaN).build());
        assertTrue(e.getMessage().startsWith("--dt = NaN"), e.getMessage());
    }

    @Test
    void referenceTruthStartUsesTheCatalogState() {
        // Reference state F + 0.01 e_0, no perturbation, no spin-up: the truth at cycle 0 is that state.
        ExperimentConfig c = TestCatalog.l96("none").cycles(1).truthStart(TruthStart.REFERENCE).truthSpread(0.0).spinUp(0).build();
        Recorder rec = new Recorder();
        TwinExperiment.run(c, CATALOG, rec);
        assertArrayEquals(CATALOG.referenceState(c, null), rec.truths.get(0), 0.0);
    }

    @Test
    void defaultBurnIn() {
        assertEquals(16, ExperimentConfig.defaultBurnIn(80));
        assertEquals(200, ExperimentConfig.defaultBurnIn(1000));
        assertEquals(400, ExperimentConfig.defaultBurnIn(2000));
        assertEquals(0, TestCatalog.l96("none").cycles(3).build().burnIn());
    }
}
