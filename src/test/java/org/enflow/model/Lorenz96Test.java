package org.enflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.enflow.ensemble.Ensemble;
import org.enflow.kernel.Gaussian;
import org.enflow.kernel.Parallel;
import org.enflow.kernel.RandomStreams;
import org.enflow.kernel.Vectorization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Lorenz-96: the identities of models.md Test oracle 3 and the fused kernel against its references. */
class Lorenz96Test {
    static final int[] DIMS = {4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 23, 24, 25, 31, 33, 40, 41, 47, 64, 97, 100, 127, 128,
            129, 255, 257, 511, 1000, 1023, 4095, 4096, 4099};

    static Ensemble random(int members, int dim, long seed, double scale) {
        Ensemble e = new Ensemble(members, dim);
        Gaussian g = new Gaussian(new RandomStreams(seed).stream(RandomStreams.Purpose.AUXILIARY));
        for (int k = 0; k < e.data().length; k++) e.data()[k] = Lorenz96.DEFAULT_FORCING / 4 + scale * g.next();
        return e;
    }

    /** ẋ_i computed the naive way, every index taken mod d. */
    static double naive(double[] x, int o, int d, int i, double forcing) {
        double xp1 = x[o + Math.floorMod(i + 1, d)], xm1 = x[o + Math.floorMod(i - 1, d)], xm2 = x[o + Math.floorMod(i - 2, d)];
        return Math.fma(xp1 - xm2, xm1, forcing - x[o + i]);
    }

    @Test
    void driftEqualsNaiveModuloImplementation() {
        for (int d : DIMS) {
            Ensemble e = random(3, d, d, 3);
            double[] out = new double[e.data().length];
            new Lorenz96(d, 8).evaluate(e.data(), out, 0, 3, 0);
            for (int m = 0; m < 3; m++)
                for (int i = 0; i < d; i++)
                    assertEquals(naive(e.data(), m * d, d, i, 8), out[m * d + i], 0.0, "d=" + d + " member " + m + " i=" + i);
        }
    }

    @Test
    void evaluateTouchesOnlyTheRequestedMembers() {
        int d = 40;
        Ensemble e = random(4, d, 1, 3);
        double[] out = new double[4 * d];
        java.util.Arrays.fill(out, 7.5);
        new Lorenz96(d, 8).evaluate(e.data(), out, 1, 3, 0);
        for (int k = 0; k < d; k++) {
            assertEquals(7.5, out[k]);
            assertEquals(7.5, out[3 * d + k]);
        }
    }

    @Test
    void energyIdentity() {
        // Σ x_i (x_{i+1} − x_{i−2}) x_{i−1} = 0, so Σ x_i f_i = −‖x‖² + F Σ x_i. Both sides are sums of d terms
        // of size up to |x|³: rounding is at most ~ d·eps·Σ|terms|, so the tolerance is 8·d·eps·Σ|x_i f_i|-scale.
        for (int d : DIMS) {
            Ensemble e = random(1, d, 100 + d, 4);
            double[] x = e.data(), f = new double[d];
            double forcing = 8;
            new Lorenz96(d, forcing).evaluate(x, f, 0, 1, 0);
            double advection = 0, advectionScale = 0, xf = 0, norm2 = 0, sum = 0, scale = 0;
            for (int i = 0; i < d; i++) {
                double a = x[i] * (x[(i + 1) % d] - x[(i - 2 + d) % d]) * x[(i - 1 + d) % d];
                advection += a;
                advectionScale += Math.abs(a);
                xf += x[i] * f[i];
                norm2 += x[i] * x[i];
                sum += x[i];
                scale += Math.abs(x[i] * f[i]) + x[i] * x[i] + Math.abs(forcing * x[i]);
            }
            double eps = Math.ulp(1.0);
            assertEquals(0, advection, 8 * d * eps * advectionScale, "advection d=" + d);
            assertEquals(-norm2 + forcing * sum, xf, 8 * d * eps * (scale + advectionScale), "energy d=" + d);
        }
    }

    @Test
    void constantForcingIsAFixedPoint() {
        for (Integrator integrator : Integrator.values()) {
            for (int d : new int[] {4, 9, 40, 41, 5000}) {
                double forcing = 8;
                Model model = new Lorenz96(d, forcing).model(0.05, integrator, Parallel.sequential());
                Ensemble e = new Ensemble(2, d);
                java.util.Arrays.fill(e.data(), forcing);
                model.advance(e, 0, 13);
                for (double v : e.data()) assertEquals(forcing, v, 0.0, integrator + " d=" + d);
            }
        }
    }

    @Test
    void fusedModelIsUsedForRk4Only() {
        Lorenz96 l96 = new Lorenz96(40, 8);
        assertTrue(l96.model(0.05, Integrator.RK4, Parallel.sequential()) instanceof Lorenz96Model);
        assertTrue(l96.model(0.05, Integrator.RK4_38, Parallel.sequential()) instanceof Lorenz96Model);
        assertTrue(l96.model(0.05, Integrator.EULER, Parallel.sequential()) instanceof DriftModel);
        assertTrue(l96.model(0.05, Integrator.HEUN, Parallel.sequential()) instanceof DriftModel);
    }

    /**
     * The fused kernel (small-d path, and the blocked large-d path forced with tiny blocks) against the
     * generic DriftModel. The two combine the stages in a different order, so they differ by rounding,
     * amplified by the chaos over the steps: with |x| ~ 10 and 6 steps of dt = 0.05 a few ulps grow to well
     * below 1e-11.
     */
    @Test
    void fusedMatchesGenericDriftModel() {
        Parallel seq = Parallel.sequential();
        for (Integrator integrator : new Integrator[] {Integrator.RK4, Integrator.RK4_38}) {
            for (int d : DIMS) {
                Lorenz96 l96 = new Lorenz96(d, 8);
                // 37 members at small d: several member groups of the small-d path plus a partial one.
                Ensemble start = random(d <= 100 ? 37 : 3, d, 7 * d, 3);
                Ensemble reference = start.copy();
                new DriftModel(l96, 0.05, integrator, seq).advance(reference, 0, 6);
                for (int[] blocking : new int[][] {{Lorenz96Model.SMALL_MAX, Lorenz96Model.BLOCK, Lorenz96Model.FUSED_STEPS},
                        {0, 16, 3}, {0, 7, 1}, {0, 64, 8}}) {
                    Ensemble e = start.copy();
                    new Lorenz96Model(l96, 0.05, integrator, seq, Vectorization.enabled(), blocking[0], blocking[1], blocking[2])
                            .advance(e, 0, 6);
                    assertArrayEquals(reference.data(), e.data(), 1e-11,
                            integrator + " d=" + d + " blocking " + java.util.Arrays.toString(blocking));
                }
            }
        }
    }

    /** All paths of the fused kernel perform the same operations per component: results agree bit for bit. */
    @Test
    void fusedPathsAreBitIdentical() {
        Parallel seq = Parallel.sequential();
        boolean[] kernels = Vectorization.enabled() ? new boolean[] {false, true} : new boolean[] {false};
        for (Integrator integrator : new Integrator[] {Integrator.RK4, Integrator.RK4_38}) {
            for (int d : DIMS) {
                Lorenz96 l96 = new Lorenz96(d, 8);
                Ensemble start = random(2, d, 11 * d, 3);
                Ensemble reference = start.copy();
                new Lorenz96Model(l96, 0.05, integrator, seq, false, Integer.MAX_VALUE, 1, 1).advance(reference, 0, 11);
                for (boolean vector : kernels) {
                    for (int[] blocking : new int[][] {{Integer.MAX_VALUE, 1, 1}, {0, 16, 3}, {0, 13, 8}, {0, 1024, 4}}) {
                        Ensemble e = start.copy();
                        new Lorenz96Model(l96, 0.05, integrator, seq, vector, blocking[0], blocking[1], blocking[2]).advance(e, 0, 11);
                        assertArrayEquals(reference.data(), e.data(), 0.0,
                                integrator + " d=" + d + " vector=" + vector + " blocking " + java.util.Arrays.toString(blocking));
                    }
                }
            }
        }
    }

    /**
     * The lane-interleaved small-d path (groups of one vector of members) against the scalar twin, bit for bit,
     * over member counts that leave partial groups and dimensions with and without vector tails.
     */
    @Test
    void laneGroupsEqualScalarTwin() {
        Assumptions.assumeTrue(Vectorization.enabled());
        Parallel two = new Parallel(2);
        try {
            for (Integrator integrator : new Integrator[] {Integrator.RK4, Integrator.RK4_38}) {
                for (int d : new int[] {4, 5, 12, 40, 41, 100, 1023, 5000}) {
                    Lorenz96 l96 = new Lorenz96(d, 8);
                    for (int members : new int[] {1, 7, 8, 9, 17, 37}) {
                        Ensemble start = random(members, d, 13 * d + members, 3);
                        Ensemble scalar = start.copy(), parallel = start.copy();
                        new Lorenz96Model(l96, 0.02, integrator, Parallel.sequential(), false, Lorenz96Model.SMALL_MAX,
                                Lorenz96Model.BLOCK, Lorenz96Model.FUSED_STEPS).advance(scalar, 0, 7);
                        new Lorenz96Model(l96, 0.02, integrator, two).advance(parallel, 0, 7);
                        String where = integrator + " d=" + d + " N=" + members;
                        assertArrayEquals(scalar.data(), parallel.data(), 0.0, where + " (2 threads)");
                        // The small-d lanes, and the large-d windows (smallMax 0) for the same members.
                        for (int[] blocking : new int[][] {{Lorenz96Model.SMALL_MAX, Lorenz96Model.BLOCK, Lorenz96Model.FUSED_STEPS},
                                {0, 16, 3}, {0, 7, 1}, {0, 64, 8}}) {
                            Ensemble vector = start.copy();
                            new Lorenz96Model(l96, 0.02, integrator, members > 8 ? two : Parallel.sequential(), true, blocking[0],
                                    blocking[1], blocking[2]).advance(vector, 0, 7);
                            assertArrayEquals(scalar.data(), vector.data(), 0.0, where + " blocking " + java.util.Arrays.toString(blocking));
                        }
                    }
                }
            }
        } finally {
            two.close();
        }
    }

    @Test
    void vectorKernelEqualsScalarTwinAtLargeDim() {
        Assumptions.assumeTrue(Vectorization.enabled());
        int d = 100_003;
        Lorenz96 l96 = new Lorenz96(d, 8);
        Ensemble start = random(2, d, 5, 3);
        for (Integrator integrator : new Integrator[] {Integrator.RK4, Integrator.RK4_38}) {
            Ensemble scalar = start.copy(), vector = start.copy();
            new Lorenz96Model(l96, 0.01, integrator, Parallel.sequential(), false, Lorenz96Model.SMALL_MAX, Lorenz96Model.BLOCK,
                    Lorenz96Model.FUSED_STEPS).advance(scalar, 0, 10);
            new Lorenz96Model(l96, 0.01, integrator, Parallel.sequential(), true, Lorenz96Model.SMALL_MAX, Lorenz96Model.BLOCK,
                    Lorenz96Model.FUSED_STEPS).advance(vector, 0, 10);
            assertArrayEquals(scalar.data(), vector.data(), 0.0, integrator.toString());
            Ensemble generic = start.copy();
            new DriftModel(l96, 0.01, integrator, Parallel.sequential()).advance(generic, 0, 10);
            assertArrayEquals(generic.data(), vector.data(), 1e-12, integrator + " vs generic");
        }
    }

    @Test
    void energyBudgetOfTheFlow() {
        // d(½‖x‖²)/dt = −‖x‖² + F Σ x_i: the RK4 step's energy change over one small step matches h times the
        // right-hand side at the midpoint to O(h³) (central difference of a smooth function): with h = 1e-3 and
        // terms of size ~1e3, the mismatch is ~1e-3 relative → tolerance 1e-4 of the scale.
        int d = 40;
        double h = 1e-3, forcing = 8;
        Model model = new Lorenz96(d, forcing).model(h, Integrator.RK4, Parallel.sequential());
        Ensemble e = random(1, d, 3, 3);
        model.advance(e, 0, 500); // onto the attractor
        Ensemble before = e.copy(), mid = e.copy(), after = e.copy();
        model.advance(mid, 0, 1);
        model.advance(after, 0, 2);
        double eb = 0, ea = 0, norm2 = 0, sum = 0;
        for (int i = 0; i < d; i++) {
            eb += 0.5 * before.data()[i] * before.data()[i];
            ea += 0.5 * after.data()[i] * after.data()[i];
            norm2 += mid.data()[i] * mid.data()[i];
            sum += mid.data()[i];
        }
        double rate = (ea - eb) / (2 * h), expected = -norm2 + forcing * sum;
        assertEquals(expected, rate, 1e-4 * (norm2 + Math.abs(forcing * sum)));
    }

    @Test
    void threadCountDoesNotChangeResults() {
        for (int d : new int[] {40, 5000}) {
            Lorenz96 l96 = new Lorenz96(d, 8);
            int members = d == 40 ? 256 : 16;
            Ensemble start = random(members, d, 9, 3);
            Ensemble one = start.copy(), two = start.copy();
            try (Parallel p1 = new Parallel(1); Parallel p2 = new Parallel(2)) {
                // Enough steps that the grain gives several blocks, so two threads really split the work.
                int steps = d == 40 ? 1000 : 80;
                l96.model(0.01, Integrator.RK4_38, p1).advance(one, 0, steps);
                l96.model(0.01, Integrator.RK4_38, p2).advance(two, 0, steps);
                assertTrue(Parallel.blockCount(members, Lorenz96Model.grain(d, steps)) > 1, "the work is split");
            }
            assertArrayEquals(one.data(), two.data(), 0.0, "d=" + d);
        }
    }

    @Test
    void runsAtOneMillionComponentsAndTwentyMembers() {
        int d = 1_000_000, n = 20;
        Lorenz96 l96 = new Lorenz96(d, 8);
        Ensemble e = new Ensemble(n, d);
        double[] data = e.data();
        for (int k = 0; k < data.length; k++) data[k] = 8 + Math.sin(0.618 * k); // cheaper than 2e7 Gaussian draws
        double[] member7 = new double[d];
        e.getMember(7, member7);
        Model model = l96.model(0.01, Integrator.RK4_38, Parallel.common());
        model.advance(e, 0, 2);
        // Member 7 alone, by the generic path: the same trajectory to rounding.
        Ensemble alone = Ensemble.wrap(1, d, member7);
        new DriftModel(l96, 0.01, Integrator.RK4_38, Parallel.sequential()).advance(alone, 0, 2);
        for (int i = 0; i < d; i++) assertEquals(member7[i], e.get(7, i), 1e-12, "component " + i);
        e.requireFinite("ensemble");
    }

    @Test
    void validation() {
        assertThrows(IllegalArgumentException.class, () -> new Lorenz96(3, 8));
        assertThrows(IllegalArgumentException.class, () -> new Lorenz96(40, Double.NaN));
        Lorenz96 l96 = new Lorenz96(40, 8);
        assertThrows(IllegalArgumentException.class, () -> l96.model(0, Integrator.RK4, Parallel.sequential()));
        assertThrows(IllegalArgumentException.class, () -> l96.model(Double.POSITIVE_INFINITY, Integrator.RK4, Parallel.sequential()));
        assertThrows(IllegalArgumentException.class, () -> l96.model(0.05, null, Parallel.sequential()));
        Model model = l96.model(0.05, Integrator.RK4, Parallel.sequential());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> model.advance(new Ensemble(2, 30), 0, 1));
        assertTrue(ex.getMessage().startsWith("ensemble dim = 30: expected 40 for lorenz96"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.advance(new Ensemble(2, 40), 0, -1));
        assertThrows(IllegalArgumentException.class,
                () -> new Lorenz96Model(l96, 0.05, Integrator.EULER, Parallel.sequential()));
    }
}
