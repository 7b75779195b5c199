package org.enflow.filter.common;

import static org.junit.jupiter.api.Assertions.*;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class ResamplerTest {
    static double[] weights(int n, UniformRandomProvider rng) {
        double[] w = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            w[i] = i % 4 == 1 ? 0 : Math.pow(rng.nextDouble(), 3);
            s += w[i];
        }
        for (int i = 0; i < n; i++) w[i] /= s;
        return w;
    }

    /** Oracle 5: E[count_i] = N w_i within 4 standard errors over 10⁴ repetitions, for every scheme. */
    @Test
    void unbiasedCounts() {
        int n = 13, reps = 10_000;
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(42L);
        double[] w = weights(n, rng);
        int[] idx = new int[n];
        double[] pts = new double[n], cdf = new double[n + 1];
        for (Resampler r : Resampler.values()) {
            double[] sum = new double[n], sumSq = new double[n];
            for (int rep = 0; rep < reps; rep++) {
                r.resample(w, n, rng, idx, pts, cdf);
                int[] count = new int[n];
                for (int i = 0; i < n; i++) {
                    count[idx[i]]++;
                    if (i > 0) assertTrue(idx[i - 1] <= idx[i], r + ": indices sorted");
                }
                for (int i = 0; i < n; i++) {
                    sum[i] += count[i];
                    sumSq[i] += (double) count[i] * count[i];
                    if (w[i] == 0) assertEquals(0, count[i], r + ": zero-weight particle selected");
                    if (r == Resampler.SYSTEMATIC) {
                        assertTrue(count[i] >= Math.floor(n * w[i]) && count[i] <= Math.floor(n * w[i]) + 1, "systematic bounds");
                    }
                    if (r == Resampler.RESIDUAL) assertTrue(count[i] >= Math.floor(n * w[i]), "residual lower bound");
                }
            }
            for (int i = 0; i < n; i++) {
                double mean = sum[i] / reps;
                double var = sumSq[i] / reps - mean * mean;
                double se = Math.sqrt(Math.max(var, 1e-12) / reps);
                assertEquals(n * w[i], mean, 4 * se + 1e-9, r + " index " + i);
            }
        }
    }

    @Test
    void effectiveSizeAndDegenerateCases() {
        double[] uniform = {0.25, 0.25, 0.25, 0.25};
        assertEquals(4, Resampler.effectiveSize(uniform, 4), 1e-12);
        double[] oneHot = {0, 0, 1, 0};
        assertEquals(1, Resampler.effectiveSize(oneHot, 4), 0.0);
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(1L);
        int[] idx = new int[4];
        for (Resampler r : Resampler.values()) {
            r.resample(oneHot, 4, rng, idx, new double[4], new double[5]);
            assertArrayEquals(new int[] {2, 2, 2, 2}, idx, r.name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Resampler.SYSTEMATIC.resample(new double[3], 3, rng, new int[3], new double[3], new double[4]));
        assertTrue(e.getMessage().contains("all zero"), e.getMessage());
        assertEquals(Resampler.RESIDUAL, Resampler.parse("Residual"));
        assertThrows(IllegalArgumentException.class, () -> Resampler.parse("bogus"));
    }
}
