package org.enflow.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.RandomStreams;
import org.enflow.observe.Observation;
import org.junit.jupiter.api.Test;

/** The KDE presets and the per-cycle process noise they use. */
class KdePresetsTest {
    @Test
    void presetsHoldTheCodeEraSetups() {
        ExperimentConfig l63 = Presets.get("kde-l63-z").builder().build();
        assertEquals("lorenz63", l63.model());
        assertEquals(0.01, l63.dt());
        assertEquals(1, l63.obsEvery());
        assertEquals("component:2", l63.observation());
        assertEquals(Math.sqrt(10), l63.obsSigma(), 0);
        assertEquals(Math.sqrt(10) / 10, l63.forecastNoise(), 0);
        assertEquals(Math.sqrt(10), l63.truthSpread(), 0);
        assertEquals(Math.sqrt(10), l63.initialSpread(), 0);
        assertEquals(InitialEnsemble.STANDARD_NORMAL, l63.initialEnsemble());
        assertEquals(0, l63.spinUp());
        assertEquals(250, l63.members());
        assertEquals(1000, l63.cycles());
        assertEquals("kde", l63.filter());
        assertEquals("0.4", l63.filterSettings().get("sigma_x"));

        ExperimentConfig l96 = Presets.get("kde-l96-half").builder().build();
        assertEquals("lorenz96", l96.model());
        assertEquals(40, l96.dim());
        assertEquals(10, l96.obsEvery());
        assertEquals("every:2:1", l96.observation());
        assertEquals(Math.sqrt(0.5), l96.obsSigma(), 0);
        assertEquals(0.1, l96.forecastNoise(), 0);
        assertEquals(1000, l96.members());
        assertEquals(100, l96.cycles());
        assertEquals("0.5", l96.filterSettings().get("sigma_y"));
        // components 1, 3, …, 39 (0-based)
        var h = new RegistryCatalog().observation(l96, new RandomStreams(1));
        assertEquals(20, h.outputDim());
        double[] x = new double[40], y = new double[20];
        for (int k = 0; k < 40; k++) x[k] = k;
        h.apply(x, 0, y, 0);
        for (int l = 0; l < 20; l++) assertEquals(2 * l + 1, y[l], 0);
    }

    @Test
    void forecastNoiseIsAddedToTheForecastOnlyOncePerCycle() {
        double q = 0.5;
        List<double[]> truth0 = new ArrayList<>(), truthQ = new ArrayList<>(), ens0 = new ArrayList<>(), ensQ = new ArrayList<>();
        for (double noise : new double[] {0, q}) {
            List<double[]> t = noise == 0 ? truth0 : truthQ, e = noise == 0 ? ens0 : ensQ;
            ExperimentConfig c = TestCatalog.l96("none").members(4).cycles(3).forecastNoise(noise).build();
            TwinExperiment.run(c, new TestCatalog(), new CycleListener() {
                @Override
                public void onCycle(CycleRecord r, double[] x, Observation o, Ensemble a) {
                    t.add(x.clone());
                    e.add(a.data().clone());
                }
            });
        }
        for (int k = 0; k < 3; k++) assertArrayEquals(truth0.get(k), truthQ.get(k), 0.0, "the truth has no process noise");
        assertArrayEquals(ens0.get(0), ensQ.get(0), 0.0); // cycle 0: no forecast yet
        // After the first forecast the two ensembles differ by exactly q·ξ_i, ξ_i from MODEL_NOISE stream i.
        var rngs = new RandomStreams(42).streams(RandomStreams.Purpose.MODEL_NOISE, 4);
        for (int i = 0; i < 4; i++) {
            double[] xi = new double[40];
            new Gaussian(rngs[i]).fill(xi, 0, 40);
            for (int k = 0; k < 40; k++) assertEquals(q * xi[k], ensQ.get(1)[i * 40 + k] - ens0.get(1)[i * 40 + k], 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> TestCatalog.l96("none").forecastNoise(-1.0).build());
        assertThrows(IllegalArgumentException.class, () -> TestCatalog.l96("none").forecastNoise(Double.NaN).build());
        // Both noises draw from the MODEL_NOISE streams: only one of them at a time.
        assertThrows(IllegalArgumentException.class, () -> TestCatalog.l96("none").forecastNoise(0.1).processNoise(0.1).build());
        assertEquals(0.0, TestCatalog.l96("none").build().forecastNoise(), 0);
        assertEquals(0.25, TestCatalog.l96("none").forecastNoise(0.25).build().toBuilder().build().forecastNoise(), 0);
        assertEquals(0.25, (Double) TestCatalog.l96("none").forecastNoise(0.25).build().toMap().get("forecast_noise"), 0);
    }

    @Test
    void kdePresetRunIsBitIdenticalForOneAndTwoThreads() {
        ExperimentConfig.Builder b = Presets.get("kde-l63-z").builder().cycles(12).burnIn(0).members(120);
        ExperimentResult r1 = TwinExperiment.run(b.copy().threads(1).build(), new RegistryCatalog());
        ExperimentResult r2 = TwinExperiment.run(b.copy().threads(2).build(), new RegistryCatalog());
        for (ToDoubleFunction<CycleRecord> f : List.<ToDoubleFunction<CycleRecord>>of(CycleRecord::rmseForecast,
                CycleRecord::rmseAnalysis, CycleRecord::spreadAnalysis, CycleRecord::crpsAnalysis)) {
            assertArrayEquals(r1.series(f), r2.series(f), 0.0);
        }
        assertTrue(r1.nfePerAnalysis() > 50, "NFE " + r1.nfePerAnalysis());
        assertTrue(r1.filterDescription().startsWith("kde(pf-ode t-form"), r1.filterDescription());
    }
}
