package org.enflow.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.enflow.ensemble.Ensemble;
import org.enflow.ensemble.EnsembleStatistics;
import org.enflow.filter.Filter;
import org.enflow.filter.generative.EnffConfig;
import org.enflow.filter.generative.EnsembleFlowFilter;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.RandomStreams.Purpose;
import org.enflow.model.Integrator;
import org.enflow.model.Lorenz96;
import org.enflow.model.Model;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationNoise;
import org.enflow.observe.Operators;
import org.junit.jupiter.api.Test;

/** The README's embedding example, compiled and run, so the README cannot drift from the API. */
class EmbeddingExampleTest {
    @Test
    void readmeExampleRunsAndAssimilates() {
        // --- README example begins
        int d = 1000, n = 20;
        Parallel threads = new Parallel(2);
        Model model = new Lorenz96(d, 8.0).model(0.01, Integrator.RK4_38, threads);
        RandomStreams streams = new RandomStreams(2376999025L);
        ObservationNoise noise = ObservationNoise.withSigma(Operators.arctan(d), 0.05);

        Ensemble truth = new Ensemble(1, d);                 // stands in for the real system
        new Gaussian(streams.stream(Purpose.TRUTH)).fill(truth.data(), 0, d);
        model.advance(truth, 0, 1000);
        Ensemble ensemble = new Ensemble(n, d);              // N x d, one flat double[]
        new Gaussian(streams.stream(Purpose.INITIAL_ENSEMBLE)).fill(ensemble.data(), 0, n * d);

        Filter filter = new EnsembleFlowFilter(EnffConfig.f2p(0.01, 0.05, 10), n, streams, threads);
        filter.initialize(ensemble);
        var obsRng = streams.stream(Purpose.OBSERVATIONS);
        for (int cycle = 0; cycle < 30; cycle++) {
            if (cycle > 0) {
                model.advance(truth, 0, 10);                 // 10 steps of dt = 0.01 between observations
                model.advance(ensemble, 0, 10);              // forecast, in place, parallel over members
            }
            Observation y = noise.observe(truth.data(), 0, obsRng); // or new Observation(values, h, variances)
            filter.assimilate(ensemble, y);                  // analysis, in place
        }
        double[] mean = new double[d];
        EnsembleStatistics.mean(ensemble, mean);
        // --- README example ends
        double se = 0;
        for (int j = 0; j < d; j++) se += (mean[j] - truth.data()[j]) * (mean[j] - truth.data()[j]);
        double rmse = Math.sqrt(se / d);
        threads.close();
        // The ensemble starts at N(0, I) against a truth on the attractor (RMSE ~3.6); 30 EnFF-F2P cycles
        // with sigma_y = 0.05 arctan observations of every component bring it well under 1.
        assertTrue(rmse < 1.0, "RMSE after 30 cycles = " + rmse);
    }
}
