package org.enflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.Model;
import org.enflow.model.ModelInfo;
import org.enflow.model.Models;
import org.enflow.observe.ObservationOperator;
import org.junit.jupiter.api.Test;

/** The presets and model defaults resolve against the library's registries. */
class RegistryCatalogTest {
    private static final RegistryCatalog CATALOG = new RegistryCatalog();

    @Test
    void everyPresetBuildsItsModelAndOperator() {
        for (Presets.Preset p : Presets.all()) {
            ExperimentConfig c = p.builder().threads(1).build();
            Model m = CATALOG.model(c, Parallel.sequential());
            assertEquals(c.dim(), m.dim(), p.name());
            assertEquals(c.dt(), m.dt(), 0.0, p.name());
            ObservationOperator h = CATALOG.observation(c, new RandomStreams(c.seed()));
            assertEquals(c.dim(), h.inputDim(), p.name());
            CATALOG.filter(c.filter());
        }
    }

    @Test
    void presetCycleCountsMatchTheProtocolTable() {
        // protocol.md oracle 6: cycle counts of the §3 rows.
        assertEquals(2000, Presets.get("l63").builder().build().cycles());
        assertEquals(80, Presets.get("l96-1m").builder().build().cycles());
        assertEquals(1000, Presets.get("ks-1024").builder().build().cycles());
        ExperimentConfig l96m = Presets.get("l96-1m").builder().build();
        assertEquals(1_000_000, l96m.dim());
        assertEquals(InitialEnsemble.STANDARD_NORMAL, l96m.initialEnsemble());
        assertEquals("rk4_38", l96m.integrator());
        assertEquals(10, l96m.obsEvery());
        assertEquals(0.05, l96m.obsSigma());
    }

    @Test
    void everyModelHasDefaultsThatBuild() {
        for (ModelInfo info : Models.list()) {
            ModelDefaults d = CATALOG.modelDefaults(info.name());
            ExperimentConfig c = Presets.get(Presets.DEFAULT).builder().modelDefaults(d).threads(1).build();
            assertEquals(info.defaultDim(), CATALOG.model(c, Parallel.sequential()).dim());
        }
        assertThrows(IllegalArgumentException.class, () -> CATALOG.modelDefaults("nosuch"));
    }

    @Test
    void ksReferenceStateIsDappersX0() {
        ExperimentConfig c = Presets.get("ks-1024").builder().cycles(1).build();
        Model m = CATALOG.model(c, Parallel.sequential());
        double[] x0 = CATALOG.referenceState(c, m);
        assertEquals(1024, x0.length);
        double max = 0;
        for (double v : x0) max = Math.max(max, Math.abs(v));
        // A spun-up KS state is O(1) and not flat.
        assertTrue(max > 0.5 && max < 10, "max |x0| = " + max);
    }

    @Test
    void registryRunsAreBitIdenticalForOneAndTwoThreads() {
        // protocol.md oracle 5 on the real models: d large enough that the model and every score split
        // into several blocks; arctan observations; ensemble N(0, I) as in the 10⁶ preset.
        for (String preset : new String[] {"l96-1m", "ks-1024"}) {
            ExperimentConfig.Builder b = Presets.get(preset).builder().cycles(4).spinUp(20);
            b.dim(preset.equals("l96-1m") ? 40_000 : 256);
            ExperimentConfig one = b.threads(1).build(), two = b.copy().threads(2).build();
            ExperimentResult r1 = TwinExperiment.run(one, CATALOG), r2 = TwinExperiment.run(two, CATALOG);
            for (java.util.function.ToDoubleFunction<CycleRecord> q : java.util.List.<java.util.function.ToDoubleFunction<CycleRecord>>of(
                    CycleRecord::rmseForecast, CycleRecord::rmseAnalysis, CycleRecord::spreadAnalysis,
                    CycleRecord::crpsAnalysis, CycleRecord::energyScoreAnalysis)) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(r1.series(q), r2.series(q), 0.0, preset);
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(r1.rankHistogram().counts(), r2.rankHistogram().counts());
        }
    }

    @Test
    void operatorErrorsNameTheFlag() {
        ExperimentConfig c = Presets.get(Presets.DEFAULT).builder().observation("every:50:60").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CATALOG.observation(c, new RandomStreams(1)));
        assertTrue(e.getMessage().startsWith("--obs"), e.getMessage());
    }
}
