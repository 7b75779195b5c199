package org.enflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.junit.jupiter.api.Test;

class NoisyModelTest {
    static LinearModel identity(int d) {
        double[] m = new double[d * d];
        for (int i = 0; i < d; i++) m[i * d + i] = 1;
        return new LinearModel(m, d, Parallel.sequential());
    }

    @Test
    void noiseHasTheRequestedVariance() {
        int n = 400, d = 50;
        double q = 0.3;
        Ensemble e = new Ensemble(n, d);
        new NoisyModel(identity(d), q, new RandomStreams(1), Parallel.sequential()).advance(e, 0, 4);
        // After 4 steps each entry is N(0, 4q²): the sample mean has std 2q/√(nd) ≈ 0.0042 and the sample
        // variance a relative std √(2/(nd)) ≈ 1 %: allow 5 standard errors.
        double s = 0, s2 = 0;
        for (double v : e.data()) {
            s += v;
            s2 += v * v;
        }
        double mean = s / (n * d), var = s2 / (n * d) - mean * mean;
        assertEquals(0, mean, 5 * 2 * q / Math.sqrt(n * d));
        assertEquals(4 * q * q, var, 5 * Math.sqrt(2.0 / (n * d)) * 4 * q * q);
    }

    @Test
    void zeroNoiseIsTheInnerModel() {
        Model inner = new Lorenz96(40, 8).model(0.05, Integrator.RK4, Parallel.sequential());
        Ensemble a = Lorenz96Test.random(5, 40, 2, 2), b = a.copy();
        inner.advance(a, 0, 7);
        new NoisyModel(inner, 0, new RandomStreams(1)).advance(b, 0, 7);
        assertArrayEquals(a.data(), b.data(), 0.0);
    }

    @Test
    void streamsContinueAcrossCallsAndIgnoreThreads() {
        Model inner = new Lorenz96(40, 8).model(0.05, Integrator.RK4_38, Parallel.sequential());
        Ensemble start = Lorenz96Test.random(300, 40, 2, 2);
        Ensemble once = start.copy(), split = start.copy();
        try (Parallel p2 = new Parallel(2)) {
            new NoisyModel(inner, Math.sqrt(0.05), new RandomStreams(9), Parallel.sequential()).advance(once, 0, 6);
            NoisyModel noisy = new NoisyModel(inner, Math.sqrt(0.05), new RandomStreams(9), p2);
            noisy.advance(split, 0, 2);
            noisy.advance(split, 0.1, 4);
        }
        assertArrayEquals(once.data(), split.data(), 0.0);
    }

    @Test
    void validation() {
        assertThrows(IllegalArgumentException.class, () -> new NoisyModel(identity(2), -1, new RandomStreams(1)));
        assertThrows(IllegalArgumentException.class, () -> new NoisyModel(identity(2), Double.NaN, new RandomStreams(1)));
        assertThrows(IllegalArgumentException.class, () -> new NoisyModel(null, 1, new RandomStreams(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new NoisyModel(identity(2), 1, new RandomStreams(1)).advance(new Ensemble(1, 3), 0, 1));
    }
}
