package org.enflow.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.junit.jupiter.api.Test;

/** Scores of weighted ensembles (a particle filter's Filter.weights()) against direct definitions. */
class WeightedMetricsTest {
    static Ensemble random(int n, int d, Random rnd) {
        Ensemble e = new Ensemble(n, d);
        for (int i = 0; i < n * d; i++) e.data()[i] = rnd.nextGaussian();
        return e;
    }

    @Test
    void equalWeightsReproduceTheUnweightedScores() {
        Random rnd = new Random(1);
        int n = 17, d = 9;
        Ensemble e = random(n, d, rnd);
        double[] truth = new double[d];
        for (int j = 0; j < d; j++) truth[j] = rnd.nextGaussian();
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        Parallel p = Parallel.sequential();
        assertNull(Metrics.effectiveWeights(w));
        assertNull(Metrics.effectiveWeights(null));
        w[0] += 1e-17; // not all equal any more: the weighted formulas run, and must agree to rounding
        assertNotNull(Metrics.effectiveWeights(w));
        assertEquals(Metrics.rmse(e, truth, p), Metrics.rmse(e, truth, w, p), 1e-12);
        assertEquals(Metrics.spread(e, p), Metrics.spread(e, w, p), 1e-12);
        assertEquals(Metrics.crps(e, truth, p), Metrics.crps(e, truth, w, p), 1e-12);
        assertEquals(Metrics.energyScore(e, truth, p), Metrics.energyScore(e, truth, w, p), 1e-12);
    }

    @Test
    void weightedScoresMatchDirectSums() {
        Random rnd = new Random(2);
        int n = 23, d = 4;
        Ensemble e = random(n, d, rnd);
        double[] truth = {0.3, -1, 2, 0};
        double[] w = new double[n];
        double tot = 0;
        for (int i = 0; i < n; i++) tot += w[i] = rnd.nextDouble() * rnd.nextDouble();
        for (int i = 0; i < n; i++) w[i] /= tot;
        Parallel p = Parallel.sequential();
        double rmse = 0, crps = 0, var = 0, sw2 = 0, esNear = 0, esPairs = 0;
        for (double v : w) sw2 += v * v;
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (int i = 0; i < n; i++) m += w[i] * e.get(i, j);
            rmse += (m - truth[j]) * (m - truth[j]) / d;
            double abs = 0, pairs = 0, v = 0;
            for (int i = 0; i < n; i++) {
                abs += w[i] * Math.abs(e.get(i, j) - truth[j]);
                v += w[i] * (e.get(i, j) - m) * (e.get(i, j) - m);
                for (int k = 0; k < n; k++) pairs += w[i] * w[k] * Math.abs(e.get(i, j) - e.get(k, j));
            }
            crps += (abs - 0.5 * pairs) / d;
            var += v / (1 - sw2) / d;
        }
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) s += Math.pow(e.get(i, j) - truth[j], 2);
            esNear += w[i] * Math.sqrt(s);
            for (int k = 0; k < n; k++) {
                double t = 0;
                for (int j = 0; j < d; j++) t += Math.pow(e.get(i, j) - e.get(k, j), 2);
                esPairs += w[i] * w[k] * Math.sqrt(t);
            }
        }
        assertEquals(Math.sqrt(rmse), Metrics.rmse(e, truth, w, p), 1e-13);
        assertEquals(Math.sqrt(var), Metrics.spread(e, w, p), 1e-13);
        assertEquals(crps, Metrics.crps(e, truth, w, p), 1e-13);
        assertEquals(esNear - 0.5 * esPairs, Metrics.energyScore(e, truth, w, p), 1e-12);
        // One particle with all the weight: a point mass.
        double[] hot = new double[n];
        hot[3] = 1;
        assertEquals(0, Metrics.spread(e, hot, p), 0.0);
    }
}
