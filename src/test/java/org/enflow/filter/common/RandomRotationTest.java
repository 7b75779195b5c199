package org.enflow.filter.common;

import static org.junit.jupiter.api.Assertions.*;

import org.apache.commons.rng.simple.RandomSource;
import org.enflow.kernel.Gaussian;
import org.junit.jupiter.api.Test;

class RandomRotationTest {
    @Test
    void orthogonalMeanPreservingAndCentredInLaw() {
        Gaussian g = new Gaussian(RandomSource.XO_SHI_RO_256_PP.create(3L));
        for (int n : new int[] {1, 2, 3, 7, 40}) {
            RandomRotation rot = new RandomRotation(n);
            double[] om = new double[n * n];
            double[] sum = new double[n * n];
            int reps = 2000;
            for (int rep = 0; rep < reps; rep++) {
                rot.draw(g, om);
                for (int i = 0; i < n; i++) {
                    double row = 0;
                    for (int j = 0; j < n; j++) {
                        row += om[i * n + j];
                        double dot = 0;
                        for (int k = 0; k < n; k++) dot += om[i * n + k] * om[j * n + k];
                        assertEquals(i == j ? 1 : 0, dot, 1e-12 * n, "ΩΩᵀ = I");
                    }
                    assertEquals(1, row, 1e-12 * n, "Ω1 = 1");
                }
                for (int i = 0; i < n * n; i++) sum[i] += om[i];
            }
            // Haar on the subgroup fixing 1: E[Ω] = 11ᵀ/N; entries have variance ≤ 1, so 4/√reps bounds the error.
            for (int i = 0; i < n * n; i++) assertEquals(1.0 / n, sum[i] / reps, 4 / Math.sqrt(reps) + 1e-12);
            // Second moments: Ω = 11ᵀ/N + V Q Vᵀ with E[Q_ab²] = 1/(N−1) gives E[(Ω_ij − 1/N)²] = (N−1)/N² for
            // every (i, j); averaged over all N² entries (fourth moments of Haar entries are O(1/N²), so the
            // pooled mean has s.e. ≲ 2/(N√reps)).
            if (n >= 3) {
                double m2 = 0;
                for (int rep = 0; rep < reps; rep++) {
                    rot.draw(g, om);
                    for (int i = 0; i < n * n; i++) m2 += Math.pow(om[i] - 1.0 / n, 2) / ((double) reps * n * n);
                }
                assertEquals((n - 1.0) / n / n, m2, 4 * 2.0 / n / Math.sqrt(reps) * (n - 1.0) / n);
                // and the diagonal alone: E[Ω_ii] = 1/N, E[(Ω_ii − 1/N)²] = (N−1)/N² too (no preferred member).
                double diag = 0;
                for (int rep = 0; rep < reps; rep++) {
                    rot.draw(g, om);
                    for (int i = 0; i < n; i++) diag += om[i * n + i] / ((double) reps * n);
                }
                assertEquals(1.0 / n, diag, 4 * Math.sqrt((n - 1.0) / n / n / (reps * (double) n)) + 1e-3);
            }
        }
    }
}
