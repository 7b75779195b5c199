package org.enflow.filter.common;

import static org.junit.jupiter.api.Assertions.*;

import org.apache.commons.rng.simple.RandomSource;
import org.enflow.kernel.Gaussian;
import org.junit.jupiter.api.Test;

class RandomRotationTest {
    /** ΩΩᵀ = I and Ω1 = 1 to 1e-12·N (N-term sums of products of entries bounded by 1). */
    private static void assertOrthogonalAndMeanPreserving(double[] om, int n) {
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int j = 0; j < n; j++) {
                row += om[i * n + j];
                double dot = 0;
                for (int k = 0; k < n; k++) dot += om[i * n + k] * om[j * n + k];
                assertEquals(i == j ? 1 : 0, dot, 1e-12 * n, "ΩΩᵀ = I, N=" + n);
            }
            assertEquals(1, row, 1e-12 * n, "Ω1 = 1, N=" + n);
        }
    }

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
                assertOrthogonalAndMeanPreserving(om, n);
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

    /**
     * Trace moments that characterise Haar measure beyond the first two entry moments: Ω = H diag(1, Q) H
     * gives tr Ω = 1 + tr Q and tr Ω² = 1 + tr Q², and for Q Haar on O(m), m ≥ 2, E[tr Q] = 0,
     * E[(tr Q)²] = 1 and E[tr Q²] = 1 (Diaconis &amp; Shahshahani 1994). (tr Q)² and tr Q² have variance ≈ 2,
     * so over 4000 draws the means have standard error ≈ 0.022; the bounds are 5 standard errors.
     * A Householder QR without the sign correction, for instance, fails E[tr Q] = 0.
     */
    @Test
    void traceMomentsAreHaar() {
        Gaussian g = new Gaussian(RandomSource.XO_SHI_RO_256_PP.create(11L));
        // 40: reflectors accumulated two per pass; 120: in compact-WY blocks (m ≥ RandomRotation.BLOCKED_MIN).
        for (int n : new int[] {3, 5, 40, 120}) {
            RandomRotation rot = new RandomRotation(n);
            double[] om = new double[n * n];
            int reps = 4000;
            double t1 = 0, t2 = 0, tsq = 0;
            for (int rep = 0; rep < reps; rep++) {
                rot.draw(g, om);
                double tr = 0, tr2 = 0;
                for (int i = 0; i < n; i++) {
                    tr += om[i * n + i];
                    for (int k = 0; k < n; k++) tr2 += om[i * n + k] * om[k * n + i];
                }
                t1 += (tr - 1) / reps;
                t2 += (tr - 1) * (tr - 1) / reps;
                tsq += (tr2 - 1) / reps;
            }
            double se = Math.sqrt(2.0 / reps);
            assertEquals(0, t1, 5 * Math.sqrt(1.0 / reps), "E[tr Q], n=" + n);
            assertEquals(1, t2, 5 * se, "E[(tr Q)^2], n=" + n);
            assertEquals(1, tsq, 5 * se, "E[tr Q^2], n=" + n);
        }
    }
    /**
     * From m = BLOCKED_MIN on the normals come in segments of DRAW_SEGMENT from successive jumps of the stream
     * (N = 200: 19 701 normals, three segments). The first two trace moments of Haar Q (E[tr Q] = 0,
     * E[(tr Q)²] = 1, variance of (tr Q)² ≈ 2) over 1500 draws, to 5 standard errors: segments that repeated
     * one another, or reflectors that shared draws, would correlate the reflectors and move these.
     */
    @Test
    void segmentedDrawsGiveHaarTraceMoments() {
        int n = 200, reps = 1500;
        assertTrue((n - 1) * n / 2 > 2 * RandomRotation.DRAW_SEGMENT, "more than two segments");
        Gaussian g = new Gaussian(RandomSource.XO_SHI_RO_256_PP.create(12L));
        RandomRotation rot = new RandomRotation(n);
        double t1 = 0, t2 = 0;
        for (int rep = 0; rep < reps; rep++) {
            double[] q = rot.drawOrthogonal(g);
            double tr = 0;
            for (int i = 0; i < n - 1; i++) tr += q[i * rot.stride() + i];
            t1 += tr / reps;
            t2 += tr * tr / reps;
        }
        assertEquals(0, t1, 5 * Math.sqrt(1.0 / reps), "E[tr Q]");
        assertEquals(1, t2, 5 * Math.sqrt(2.0 / reps), "E[(tr Q)^2]");
    }

    /** A generator that cannot jump draws every normal from its one stream: still an orthogonal Ω with Ω1 = 1. */
    @Test
    void generatorThatCannotJumpDrawsInOrder() {
        Gaussian g = new Gaussian(RandomSource.SPLIT_MIX_64.create(5L));
        assertFalse(g.jumpable());
        assertThrows(IllegalStateException.class, g::jump);
        int n = 131;
        double[] om = new double[n * n];
        new RandomRotation(n).draw(g, om);
        assertOrthogonalAndMeanPreserving(om, n);
    }

    /** The blocked accumulation (m ≥ BLOCKED_MIN, partial last block or not) gives an orthogonal Ω with Ω1 = 1. */
    @Test
    void blockedAccumulationIsOrthogonalAndMeanPreserving() {
        Gaussian g = new Gaussian(RandomSource.XO_SHI_RO_256_PP.create(4L));
        for (int n : new int[] {RandomRotation.BLOCKED_MIN + 1, RandomRotation.BLOCKED_MIN + 1 + RandomRotation.NB, 300}) {
            RandomRotation rot = new RandomRotation(n);
            double[] om = new double[n * n];
            for (int rep = 0; rep < 3; rep++) {
                rot.draw(g, om);
                assertOrthogonalAndMeanPreserving(om, n);
            }
        }
    }

    /**
     * On 2 threads the draw gives the sequential matrix bit for bit: reflector pairs over fixed 64-wide column
     * blocks (N ≤ 96) and compact-WY blocks over fixed 32-column tasks (larger N) compute each column by the same
     * sums and updates in any task. Sizes below, at and above one column block, odd and padded, both routes.
     */
    @Test
    void parallelDrawEqualsTheSequentialOneBitForBit() {
        try (org.enflow.kernel.Parallel two = new org.enflow.kernel.Parallel(2)) {
            for (int n : new int[] {2, 40, 66, 131, 300}) {
                RandomRotation a = new RandomRotation(n), b = new RandomRotation(n);
                Gaussian ga = new Gaussian(RandomSource.XO_SHI_RO_256_PP.create(9L)), gb = new Gaussian(RandomSource.XO_SHI_RO_256_PP.create(9L));
                assertArrayEquals(a.drawOrthogonal(ga).clone(), b.drawOrthogonal(gb, two).clone(), "Q, N=" + n);
                double[] oa = new double[n * n], ob = new double[n * n];
                a.draw(ga, oa);
                b.draw(gb, ob, two);
                assertArrayEquals(oa, ob, "Ω, N=" + n);
            }
        }
    }

    /**
     * The direct application equals Ω from {@link RandomRotation#draw} (same normals) times A, plus the mean, to
     * rounding: m reflectors of length ≤ m applied in sequence, each within a few ulps of |a|, so 1e-13·m relative.
     * Its bits do not depend on the thread count. Sizes at and above the blocked draw's threshold, d up to 2m/3.
     */
    @Test
    void directApplicationEqualsTheDrawnRotationTimesTheAnomalies() {
        java.util.Random rnd = new java.util.Random(12);
        try (org.enflow.kernel.Parallel two = new org.enflow.kernel.Parallel(2);
             org.enflow.kernel.Parallel three = new org.enflow.kernel.Parallel(3)) {
            for (int n : new int[] {RandomRotation.BLOCKED_MIN + 1, 160, 500}) {
                int m = n - 1;
                for (int d : new int[] {1, 7, 41, 2 * m / 3}) {
                    RandomRotation ref = new RandomRotation(n), dir = new RandomRotation(n);
                    assertTrue(dir.rotatesDirectly(d), "N=" + n + " d=" + d);
                    double[] a = new double[n * d], mean = new double[d];
                    for (int i = 0; i < a.length; i++) a[i] = rnd.nextGaussian();
                    for (int k = 0; k < d; k++) mean[k] = 3 * rnd.nextGaussian();
                    double[] om = new double[n * n];
                    ref.draw(new Gaussian(RandomSource.XO_SHI_RO_256_PP.create(5L)), om);
                    double scale = 1.03;
                    double[] expect = new double[n * d];
                    for (int i = 0; i < n; i++)
                        for (int k = 0; k < d; k++) {
                            double acc = 0;
                            for (int j = 0; j < n; j++) acc += om[i * n + j] * a[j * d + k];
                            expect[i * d + k] = mean[k] + scale * acc;
                        }
                    double[] got = new double[n * d];
                    dir.rotateColumns(new Gaussian(RandomSource.XO_SHI_RO_256_PP.create(5L)), a, d, scale, mean, got,
                            org.enflow.kernel.Parallel.sequential());
                    double worst = 0, big = 0;
                    for (int i = 0; i < got.length; i++) {
                        worst = Math.max(worst, Math.abs(got[i] - expect[i]));
                        big = Math.max(big, Math.abs(expect[i]));
                    }
                    assertTrue(worst <= 1e-13 * m * big, "N=" + n + " d=" + d + ": " + worst);
                    for (org.enflow.kernel.Parallel par : new org.enflow.kernel.Parallel[] {two, three}) {
                        double[] again = a.clone(); // in place: out aliases a
                        new RandomRotation(n).rotateColumns(new Gaussian(RandomSource.XO_SHI_RO_256_PP.create(5L)), again,
                                d, scale, mean, again, par);
                        assertArrayEquals(got, again, "threads, N=" + n + " d=" + d);
                    }
                }
            }
        }
    }

    @Test
    void directApplicationOnlyWhereItIsCheaper() {
        assertFalse(new RandomRotation(RandomRotation.BLOCKED_MIN).rotatesDirectly(10), "small N: formed Ω");
        assertTrue(new RandomRotation(500).rotatesDirectly(332));
        assertFalse(new RandomRotation(500).rotatesDirectly(333), "d > 2m/3");
        assertTrue(new RandomRotation(2000).rotatesDirectly(1000));
        RandomRotation r = new RandomRotation(500);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> r.rotateColumns(
                new Gaussian(RandomSource.XO_SHI_RO_256_PP.create(1L)), new double[500 * 400], 400, 1, new double[400],
                new double[500 * 400], org.enflow.kernel.Parallel.sequential()));
        assertTrue(ex.getMessage().contains("d = 400"), ex.getMessage());
    }
}
