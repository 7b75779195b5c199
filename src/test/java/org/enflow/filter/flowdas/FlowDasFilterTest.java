package org.enflow.filter.flowdas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.Filter;
import org.enflow.filter.FilterContext;
import org.enflow.filter.FilterFactory;
import org.enflow.filter.FilterSettings;
import org.enflow.filter.Filters;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.model.Integrator;
import org.enflow.model.Lorenz63;
import org.enflow.model.Model;
import org.enflow.model.NoisyModel;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;
import org.enflow.observe.Operators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ensemble filter: registry, settings, errors, first-cycle rule, and bit-identical results for 1 and 2 threads. */
class FlowDasFilterTest {
    static NoisyModel l63(Parallel p, long seed) {
        return new NoisyModel(new Lorenz63().model(0.025, Integrator.RK4, p), Math.sqrt(0.025), new RandomStreams(seed), p);
    }

    static FilterSettings settings(Map<String, String> given) {
        FilterFactory f = Filters.byName("flowdas");
        return new FilterSettings(f.name(), f.parameters(), given);
    }

    /** Five cycles of a small twin on Lorenz-63; returns the analyses of every cycle, concatenated. */
    static double[] cycles(Map<String, String> given, int threads) {
        try (Parallel p = new Parallel(threads)) {
            Model model = l63(p, 3), truthModel = l63(Parallel.sequential(), 4);
            int n = 6;
            RandomStreams streams = new RandomStreams(11);
            Filter filter = Filters.byName("flowdas").create(new FilterContext(model, n, streams, p, 1), settings(given));
            ObservationOperator h = Operators.parse("component:0>scale:0.125>arctan", 3, null);
            Ensemble truth = new Ensemble(1, 3), e = new Ensemble(n, 3);
            truth.data()[0] = 1;
            truth.data()[2] = 20;
            truthModel.advance(truth, 0, 500);
            Gaussian g = new Gaussian(streams.stream(RandomStreams.Purpose.INITIAL_ENSEMBLE));
            for (int i = 0; i < n; i++) {
                System.arraycopy(truth.data(), 0, e.data(), 3 * i, 3);
                g.addScaled(e.data(), 3 * i, 3, 1.0);
            }
            filter.initialize(e);
            Gaussian noise = new Gaussian(streams.stream(RandomStreams.Purpose.OBSERVATIONS));
            double[] all = new double[5 * n * 3];
            for (int k = 0; k < 5; k++) {
                if (k > 0) {
                    model.advance(e, 0, 1);
                    truthModel.advance(truth, 0, 1);
                }
                double[] y = new double[1];
                h.apply(truth.data(), 0, y, 0);
                y[0] += 0.25 * noise.next();
                double[] before = e.data().clone();
                filter.assimilate(e, Observation.withSigma(y, h, 0.25));
                if (k == 0) {
                    assertArrayEquals(before, e.data(), 0.0, "no transition before the first analysis: unchanged");
                    assertEquals(0, filter.lastFieldEvaluations());
                } else {
                    assertTrue(filter.lastFieldEvaluations() > 0);
                }
                e.requireFinite("analysis");
                System.arraycopy(e.data(), 0, all, k * n * 3, n * 3);
            }
            return all;
        }
    }

    @Test
    void bitIdenticalForOneAndTwoThreads() {
        Map<String, String> closed = new HashMap<>(Map.of("grid", "60", "samples", "5"));
        double[] a = cycles(closed, 1), b = cycles(closed, 2);
        for (int i = 0; i < a.length; i++) assertEquals(Double.doubleToLongBits(a[i]), Double.doubleToLongBits(b[i]), "index " + i);
        Map<String, String> weighted = new HashMap<>(Map.of("grid", "40", "samples", "5", "weights", "true", "weight_grid", "20"));
        assertArrayEquals(cycles(weighted, 1), cycles(weighted, 2), 0.0);
        Map<String, String> upstream = new HashMap<>(Map.of("grid", "40", "samples", "4", "guidance", "upstream", "endpoint", "lorenz"));
        assertArrayEquals(cycles(upstream, 1), cycles(upstream, 2), 0.0);
        assertFalse(java.util.Arrays.equals(a, cycles(upstream, 1)), "settings change the result");
    }

    @Test
    void networkDriftIsBitIdenticalForOneAndTwoThreads(@TempDir Path dir) {
        MlpDrift drift = GuidanceGradientTest.network();
        MlpDrift withEps1 = new MlpDrift(drift.network(), 3, drift.fourier(), new StochasticInterpolant(1), drift.normalization(), 1,
                0.025, "lorenz63", Map.of());
        Path f = dir.resolve("net.drift");
        DriftFile.write(withEps1, f);
        Map<String, String> s = new HashMap<>(Map.of("drift", f.toString(), "grid", "30", "samples", "3"));
        assertArrayEquals(cycles(s, 1), cycles(s, 2), 0.0);
    }

    @Test
    void registeredWithTheSpecDefaults() {
        FlowDasConfig c = FlowDasFactory.config(settings(Map.of()));
        assertEquals(FlowDasConfig.defaults(), c);
        assertEquals(600, c.gridPoints());
        assertEquals(21, c.samples());
        assertEquals(Endpoint.HEUN, c.endpoint());
        assertEquals(EndpointNoise.KAPPA, c.endpointNoise());
        assertEquals(GuidanceMode.PRINCIPLED, c.guidance());
        assertEquals(1.0, c.lambda());
        assertEquals(2e-4, c.zeta());
        assertEquals(599L * 22, c.driftEvaluations());
        assertEquals("closed-form", settings(Map.of()).string("drift"));
        FlowDasConfig d = FlowDasFactory.config(settings(Map.of("grid", "101", "samples", "5", "guidance", "upstream", "zeta", "1e-3",
                "endpoint", "euler", "endpoint_noise", "ito", "weights", "true")));
        assertEquals(new FlowDasConfig(101, 5, Endpoint.EULER, EndpointNoise.ITO, GuidanceMode.UPSTREAM, 1, 1e-3, true, 100), d);
        assertEquals(100L, d.driftEvaluations());
        for (Map<String, String> bad : java.util.List.of(Map.of("grid", "1"), Map.of("samples", "0"), Map.of("lambda", "-1"),
                Map.of("guidance", "local"), Map.of("endpoint", "rk4"), Map.of("weights", "maybe"), Map.of("weight_grid", "1")))
            assertThrows(IllegalArgumentException.class, () -> FlowDasFactory.config(settings(bad)), bad.toString());
    }

    @Test
    void closedFormNeedsAGaussianTransitionAndFilesMustMatchTheRun(@TempDir Path dir) {
        FilterFactory f = Filters.byName("flowdas");
        Model deterministic = new Lorenz63().model(0.025, Integrator.RK4, Parallel.sequential());
        String m = assertThrows(IllegalArgumentException.class, () -> f.create(new FilterContext(deterministic, 4, new RandomStreams(1),
                Parallel.sequential(), 1), settings(Map.of()))).getMessage();
        assertTrue(m.contains("needs a Gaussian transition") && m.contains("--process-noise"), m);
        String steps = assertThrows(IllegalArgumentException.class, () -> f.create(new FilterContext(l63(Parallel.sequential(), 1), 4,
                new RandomStreams(1), Parallel.sequential(), 2), settings(Map.of()))).getMessage();
        assertTrue(steps.contains("one model step per cycle"), steps);
        Path file = dir.resolve("x.drift");
        DriftFile.write(DriftFileTest.drift(), file);
        FilterContext ok = new FilterContext(l63(Parallel.sequential(), 1), 4, new RandomStreams(1), Parallel.sequential(), 1);
        assertTrue(f.create(ok, settings(Map.of("drift", file.toString()))) instanceof FlowDasFilter);
        String eps = assertThrows(IllegalArgumentException.class, () -> f.create(ok, settings(Map.of("drift", file.toString(),
                "eps", "0.5")))).getMessage();
        assertTrue(eps.contains("trained with eps = 1.0"), eps);
        FilterContext twoSteps = new FilterContext(l63(Parallel.sequential(), 1), 4, new RandomStreams(1), Parallel.sequential(), 2);
        String cycle = assertThrows(IllegalArgumentException.class, () -> f.create(twoSteps, settings(Map.of("drift", file.toString()))))
                .getMessage();
        assertTrue(cycle.contains("trained on transitions of 1 model step(s), but a cycle here is 2"), cycle);
        FilterContext otherDt = new FilterContext(new NoisyModel(new Lorenz63().model(0.01, Integrator.RK4, Parallel.sequential()), 0.1,
                new RandomStreams(1), Parallel.sequential()), 4, new RandomStreams(1), Parallel.sequential(), 1);
        String dt = assertThrows(IllegalArgumentException.class, () -> f.create(otherDt, settings(Map.of("drift", file.toString()))))
                .getMessage();
        assertTrue(dt.contains("trained with dt = 0.025, but the model has dt = 0.01"), dt);
        String missing = assertThrows(IllegalArgumentException.class, () -> f.create(ok, settings(Map.of("drift",
                dir.resolve("nope").toString())))).getMessage();
        assertTrue(missing.contains("no such file"), missing);
    }

    @Test
    void weightsAreReportedUntilAResampling() {
        try (Parallel p = new Parallel(1)) {
            NoisyModel model = l63(p, 5);
            FlowDasFilter filter = (FlowDasFilter) Filters.byName("flowdas").create(new FilterContext(model, 8, new RandomStreams(2), p, 1),
                    settings(Map.of("grid", "30", "samples", "4", "weights", "true", "weight_grid", "10")));
            Ensemble e = new Ensemble(8, 3);
            new Gaussian(new RandomStreams(3).stream(RandomStreams.Purpose.INITIAL_ENSEMBLE)).fill(e.data(), 0, 24);
            for (int i = 0; i < 24; i++) e.data()[i] = 5 * e.data()[i] + (i % 3 == 2 ? 25 : 0);
            filter.initialize(e);
            assertNull(filter.weights());
            model.advance(e, 0, 1);
            ObservationOperator h = Operators.parse("identity", 3, null);
            // A sharp observation far from most members: weights degenerate and the filter resamples.
            filter.assimilate(e, Observation.withSigma(new double[] {e.get(0, 0), e.get(0, 1), e.get(0, 2)}, h, 0.5));
            assertTrue(filter.lastEffectiveSize() < 4, "N_eff " + filter.lastEffectiveSize());
            assertTrue(filter.resampledLast());
            assertNull(filter.weights());
            model.advance(e, 0, 1);
            // An uninformative observation: N_eff stays high, the weights are carried and reported.
            filter.assimilate(e, Observation.withSigma(new double[] {0, 0, 0}, h, 1e3));
            assertFalse(filter.resampledLast());
            double[] w = filter.weights();
            double sum = 0;
            for (double v : w) sum += v;
            assertEquals(1, sum, 1e-12);
            assertNotEquals(w[0], w[1]);
        }
    }
}
