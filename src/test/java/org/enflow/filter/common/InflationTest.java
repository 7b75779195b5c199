package org.enflow.filter.common;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.junit.jupiter.api.Test;

class InflationTest {
    /**
     * x_i ← x̄ + s(x_i − x̄) with x̄ = Moments.mean (each column summed in member order): bit for bit, sequential and
     * on 2 threads, for narrow and wide ensembles (column blocks of at least 16, member blocks).
     */
    @Test
    void inflatesAboutTheMeanWithTheSameBitsOnAnyThreadCount() {
        Random rnd = new Random(31);
        for (int[] c : new int[][] {{5, 3}, {10000, 40}, {20, 5000}, {300, 17}}) {
            int n = c[0], d = c[1];
            Ensemble e = new Ensemble(n, d);
            for (int i = 0; i < n * d; i++) e.data()[i] = 2 + rnd.nextGaussian();
            double s = 1.07;
            double[] mean = new double[d];
            Moments.mean(e.data(), 0, n, d, mean);
            double[] expected = new double[n * d];
            for (int i = 0; i < n; i++)
                for (int k = 0; k < d; k++) expected[i * d + k] = mean[k] + s * (e.data()[i * d + k] - mean[k]);
            Ensemble one = e.copy(), two = e.copy();
            new Inflation(s).apply(one);
            try (Parallel p = new Parallel(2)) {
                new Inflation(s).apply(two, p);
            }
            assertArrayEquals(expected, one.data(), 0.0, n + "x" + d + " sequential");
            assertArrayEquals(expected, two.data(), 0.0, n + "x" + d + " 2 threads");
        }
    }

    @Test
    void factorOneLeavesTheEnsembleAndFactorMustBePositive() {
        Ensemble e = new Ensemble(3, 2);
        for (int i = 0; i < 6; i++) e.data()[i] = i;
        new Inflation(1.0).apply(e, Parallel.sequential());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, e.data(), 0.0);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new Inflation(-1));
        assertTrue(ex.getMessage().contains("inflation"), ex.getMessage());
    }
}
