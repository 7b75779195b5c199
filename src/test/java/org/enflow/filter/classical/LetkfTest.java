package org.enflow.filter.classical;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.enflow.ensemble.Ensemble;
import org.enflow.filter.classical.linalg.SymmetricEigen;
import org.enflow.filter.common.GaspariCohn;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.observe.Observation;
import org.enflow.observe.ObservationOperator;
import org.junit.jupiter.api.Test;

class LetkfTest {
    /**
     * Straight-from-the-definition LETKF (per grid point: local obs by GC &gt; 1e-3, whitened and tapered,
     * full eigendecomposition of C_k, update of component k), without inflation or rotation.
     */
    static void reference(Ensemble e, Observation obs, double locRadius) {
        int n = e.members(), d = e.dim(), p = obs.dim();
        double c = GaspariCohn.halfWidth(locRadius);
        double[] x = e.data().clone();
        double[] mean = Stats.mean(e);
        double[] hx = new double[n * p];
        for (int i = 0; i < n; i++) obs.operator().apply(x, i * d, hx, i * p);
        double[] ybar = new double[p];
        for (int i = 0; i < n; i++) for (int l = 0; l < p; l++) ybar[l] += hx[i * p + l] / n;
        double[] pos = obs.operator().positions();
        SymmetricEigen eig = new SymmetricEigen(n);
        for (int k = 0; k < d; k++) {
            double[] cm = new double[n * n];
            double[] g = new double[n];
            for (int i = 0; i < n; i++) cm[i * n + i] = n - 1;
            int local = 0;
            for (int l = 0; l < p; l++) {
                double rho = GaspariCohn.taper(GaspariCohn.periodicDistance(k, pos[l], d), c);
                if (!(rho > GaspariCohn.DAPPER_CUTOFF)) continue;
                local++;
                double isr = 1 / Math.sqrt(obs.variances()[l]);
                for (int i = 0; i < n; i++) {
                    double yi = (hx[i * p + l] - ybar[l]) * isr;
                    g[i] += rho * yi * (obs.values()[l] - ybar[l]) * isr;
                    for (int j = 0; j < n; j++) cm[i * n + j] += rho * yi * (hx[j * p + l] - ybar[l]) * isr;
                }
            }
            if (local == 0) continue;
            eig.decompose(cm, n);
            double[] lam = eig.values(), vt = eig.vectorsT();
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = x[i * d + k] - mean[k];
            double shift = 0;
            double[] z = new double[n];
            for (int m = 0; m < n; m++) {
                double ua = 0, ug = 0;
                for (int i = 0; i < n; i++) {
                    ua += vt[m * n + i] * a[i];
                    ug += vt[m * n + i] * g[i];
                }
                shift += ua * ug / lam[m];
                for (int i = 0; i < n; i++) z[i] += vt[m * n + i] * Math.sqrt((n - 1) / lam[m]) * ua;
            }
            for (int i = 0; i < n; i++) e.set(i, k, mean[k] + shift + z[i]);
        }
    }

    static Ensemble randomEnsemble(int n, int d, Random rnd) {
        return EtkfTest.randomEnsemble(n, d, rnd, 1.2);
    }

    /** Oracle 2: ρ ≡ 1 (infinite radius) gives the ETKF, with inflation and rotation as well. */
    @Test
    void infiniteRadiusEqualsEtkf() {
        Random rnd = new Random(21);
        for (int n : new int[] {2, 5, 10, 20}) {
            for (int d : new int[] {3, 17, 40}) {
                for (boolean rotate : new boolean[] {false, true}) {
                    ObservationOperator h = TestOperators.every(d, 2, 1);
                    Ensemble e = randomEnsemble(n, d, rnd);
                    double[] truth = new double[d];
                    Observation obs = EtkfTest.observe(h, truth, 0.7, rnd);
                    Ensemble a = e.copy(), b = e.copy();
                    new Etkf(n, 1.05, rotate, new RandomStreams(5), Parallel.sequential()).assimilate(a, obs);
                    new Letkf(n, 1.05, rotate, Double.POSITIVE_INFINITY, new RandomStreams(5), Parallel.sequential())
                            .assimilate(b, obs);
                    double scale = Stats.maxAbs(a.data());
                    // Different but backward-stable factorizations of the same N×N problem: rounding level.
                    // With rotation the ETKF uses another mean-preserving square root (equal in law, see
                    // Etkf#transformRotated), so the members differ but mean and covariance agree draw by draw.
                    double[] da = rotate ? Stats.mean(a) : a.data(), db = rotate ? Stats.mean(b) : b.data();
                    assertTrue(Stats.maxAbsDiff(da, db) <= 1e-12 * n * (1 + scale),
                            "N=" + n + " d=" + d + " rotate=" + rotate + ": " + Stats.maxAbsDiff(da, db));
                    if (rotate) {
                        double[] pa = Stats.covariance(a), pb = Stats.covariance(b);
                        assertTrue(Stats.maxAbsDiff(pa, pb) <= 1e-12 * n * (1 + scale * scale),
                                "covariance N=" + n + " d=" + d + ": " + Stats.maxAbsDiff(pa, pb));
                    }
                }
            }
        }
    }

    /** Oracle 2b: one observation with taper ρ = 0.5 is the ETKF with variance R/0.5 at that grid point. */
    @Test
    void singleObservationWithHalfTaperEqualsEtkfWithDoubledVariance() {
        Random rnd = new Random(22);
        int n = 6, d = 40;
        double locRadius = 3;
        double c = GaspariCohn.halfWidth(locRadius);
        // Distance at which GC = 0.5, by bisection on [0, c].
        double lo = 0, hi = c;
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (GaspariCohn.taper(mid, c) > 0.5) lo = mid;
            else hi = mid;
        }
        double dist = 0.5 * (lo + hi);
        int k = 10;
        double[] pos = {k + dist};
        double[] hm = new double[d];
        hm[k] = 1; // observes component k, but sits at distance dist from grid point k
        ObservationOperator h = TestOperators.matrix(hm, 1, d, pos);
        Ensemble e = randomEnsemble(n, d, rnd);
        Observation obs = new Observation(new double[] {0.3}, h, new double[] {0.8});
        Ensemble loc = e.copy(), glob = e.copy();
        new Letkf(n, 1.0, false, locRadius, new RandomStreams(1), Parallel.sequential()).assimilate(loc, obs);
        new Etkf(n, 1.0, false, new RandomStreams(1), Parallel.sequential())
                .assimilate(glob, new Observation(new double[] {0.3}, h, new double[] {0.8 / GaspariCohn.taper(dist, c)}));
        for (int i = 0; i < n; i++) assertEquals(glob.get(i, k), loc.get(i, k), 1e-12);
    }

    /** Finite radii, partial and off-grid observations, wrap-around: the batched kernel equals the reference. */
    @Test
    void matchesPerPointReference() {
        Random rnd = new Random(23);
        for (int n : new int[] {2, 3, 7, 20, 61}) {
            for (int d : new int[] {5, 13, 40, 67}) {
                for (double radius : new double[] {0.3, 1, 4, 50}) {
                    int p = 1 + rnd.nextInt(d + 5);
                    double[] hm = new double[p * d];
                    double[] pos = new double[p];
                    for (int l = 0; l < p; l++) {
                        int k = rnd.nextInt(d);
                        hm[l * d + k] = 1;
                        hm[l * d + (k + 1) % d] = 0.5 * rnd.nextGaussian();
                        pos[l] = k + 0.5 * rnd.nextDouble() + (rnd.nextBoolean() ? d : 0); // also outside [0, d)
                    }
                    ObservationOperator h = TestOperators.matrix(hm, p, d, pos);
                    Ensemble e = randomEnsemble(n, d, rnd);
                    double[] y = new double[p], r = new double[p];
                    for (int l = 0; l < p; l++) {
                        y[l] = rnd.nextGaussian();
                        r[l] = 0.2 + rnd.nextDouble();
                    }
                    Observation obs = new Observation(y, h, r);
                    Ensemble a = e.copy();
                    reference(a, obs, radius);
                    // Both ways of solving the local problem, also where p_k > N − 1 (rank-deficient Y Yᵀ).
                    for (boolean observationSpace : new boolean[] {false, true}) {
                        Ensemble b = e.copy();
                        Letkf f = new Letkf(n, 1.0, false, radius, new RandomStreams(1), Parallel.sequential());
                        f.forcedPath = observationSpace;
                        f.assimilate(b, obs);
                        double diff = Stats.maxAbsDiff(a.data(), b.data());
                        assertTrue(diff <= 1e-11 * (1 + Stats.maxAbs(a.data())), "N=" + n + " d=" + d + " radius="
                                + radius + " p=" + p + " observation space " + observationSpace + ": " + diff);
                    }
                }
            }
        }
    }

    /**
     * The path is chosen from N and the number of candidate observations per grid point: observation space
     * once N − 1 ≥ 2·max p_k. At loc_radius 4 (c = 7.28, taper above 10⁻³ within 12.79) a fully observed
     * grid point has 25 candidates (k − 12 … k + 12), so N = 51 is the first ensemble size that takes it.
     */
    @Test
    void observationSpaceIsChosenForEnsemblesLargerThanTwiceTheLocalObservations() {
        Random rnd = new Random(26);
        int d = 40;
        ObservationOperator h = TestOperators.every(d, 1, 0);
        double[] truth = new double[d];
        Observation obs = EtkfTest.observe(h, truth, 1, rnd);
        for (int n : new int[] {20, 50, 51, 100}) {
            Letkf f = new Letkf(n, 1.0, false, 4, new RandomStreams(1), Parallel.sequential());
            f.assimilate(randomEnsemble(n, d, rnd), obs);
            assertEquals(n >= 51, f.observationSpace(), "N=" + n);
        }
        // Every other grid point observed: at most 13 candidates (even k), so N = 27 suffices.
        ObservationOperator half = TestOperators.every(d, 2, 0);
        Observation obsHalf = EtkfTest.observe(half, truth, 1, rnd);
        for (int n : new int[] {26, 27}) {
            Letkf f = new Letkf(n, 1.0, false, 4, new RandomStreams(1), Parallel.sequential());
            f.assimilate(randomEnsemble(n, d, rnd), obsHalf);
            assertEquals(n >= 27, f.observationSpace(), "N=" + n);
        }
    }

    /** Observation space at the benchmark's shape: the ensemble-space kernel's result to rounding, with rotation. */
    @Test
    void observationSpaceEqualsEnsembleSpaceAtLargeN() {
        Random rnd = new Random(27);
        for (int d : new int[] {40, 203}) {
            int n = 120;
            ObservationOperator h = TestOperators.every(d, 1, 0);
            Ensemble e = randomEnsemble(n, d, rnd);
            Observation obs = EtkfTest.observe(h, new double[d], 1, rnd);
            Ensemble a = e.copy(), b = e.copy();
            Letkf ens = new Letkf(n, 1.04, true, 4, new RandomStreams(3), Parallel.sequential());
            ens.forcedPath = false;
            ens.assimilate(a, obs);
            Letkf small = new Letkf(n, 1.04, true, 4, new RandomStreams(3), Parallel.sequential());
            small.assimilate(b, obs);
            assertTrue(small.observationSpace());
            // Both are backward-stable solutions of the same local problems, followed by the same rotation.
            double diff = Stats.maxAbsDiff(a.data(), b.data());
            assertTrue(diff <= 1e-11 * (1 + Stats.maxAbs(a.data())), "d=" + d + ": " + diff);
        }
    }

    @Test
    void gridPointsWithoutLocalObservationsKeepTheirForecast() {
        Random rnd = new Random(24);
        int n = 5, d = 50;
        ObservationOperator h = TestOperators.select(d, 10, 11);
        Ensemble e = randomEnsemble(n, d, rnd);
        Ensemble a = e.copy();
        new Letkf(n, 1.0, false, 2, new RandomStreams(1), Parallel.sequential())
                .assimilate(a, Observation.withSigma(new double[] {3, 3}, h, 1));
        // Support of the taper: 2c = 3.64·2 = 7.28 grid units around positions 10 and 11.
        for (int k = 0; k < d; k++) {
            boolean local = GaspariCohn.periodicDistance(k, 10, d) < 7.28 || GaspariCohn.periodicDistance(k, 11, d) < 7.28;
            for (int i = 0; i < n; i++) {
                if (!local) assertEquals(e.get(i, k), a.get(i, k), 0.0, "k=" + k);
            }
            if (k == 10) assertNotEquals(e.get(0, k), a.get(0, k));
        }
    }

    /** Both paths: ensemble space (N = 10, every third point observed) and observation space (N = 80, every other). */
    @Test
    void bitIdenticalForOneAndTwoThreads() {
        Random rnd = new Random(25);
        int[][] cases = {{10, 4003, 3}, {80, 1003, 2}};
        for (int[] c : cases) {
            int n = c[0], d = c[1];
            ObservationOperator h = TestOperators.every(d, c[2], c[2] == 2 ? 1 : 0);
            Ensemble e = randomEnsemble(n, d, rnd);
            Observation obs = EtkfTest.observe(h, new double[d], 1, rnd);
            Ensemble a = e.copy(), b = e.copy();
            Letkf one = new Letkf(n, 1.02, true, 4, new RandomStreams(9), Parallel.sequential());
            try (Parallel two = new Parallel(2)) {
                one.assimilate(a, obs);
                new Letkf(n, 1.02, true, 4, new RandomStreams(9), two).assimilate(b, obs);
            }
            assertEquals(n == 80, one.observationSpace(), "N=" + n);
            assertArrayEquals(a.data(), b.data(), "N=" + n);
        }
    }

    @Test
    void rejectsNonPositiveRadius() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new Letkf(5, 1.0, false, 0, new RandomStreams(1), Parallel.sequential()));
        assertTrue(ex.getMessage().contains("loc_radius = 0.0"), ex.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Letkf(5, 1.0, false, -1, new RandomStreams(1), Parallel.sequential()));
        assertThrows(IllegalArgumentException.class,
                () -> new Letkf(5, 1.0, false, Double.NaN, new RandomStreams(1), Parallel.sequential()));
    }
}
