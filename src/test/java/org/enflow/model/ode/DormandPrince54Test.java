package org.enflow.model.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.enflow.kernel.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kde_diffusion.md test oracle 1: the step control reproduces scipy's {@code solve_ivp(method="RK45",
 * rtol=atol=1e-5)} step and evaluation counts exactly, and its endpoint values.
 */
class DormandPrince54Test {
    private static final OdeSystem OSCILLATOR = (t, y, f) -> {
        f[0] = y[1];
        f[1] = -y[0];
    };

    private static final OdeSystem LORENZ63 = (t, y, f) -> {
        f[0] = 10 * (y[1] - y[0]);
        f[1] = y[0] * (28 - y[2]) - y[1];
        f[2] = y[0] * y[1] - 8.0 / 3.0 * y[2];
    };

    @Test
    void oscillatorMatchesScipyCounts() {
        DormandPrince54 ode = new DormandPrince54(1e-5, 1e-5);
        double[] y = {1, 0};
        ode.integrate(OSCILLATOR, 0, 10, y, 2);
        assertEquals(24, ode.acceptedSteps());
        assertEquals(146, ode.evaluations());
        assertEquals(0, ode.rejectedSteps()); // 146 = 2 + 6·24
        double err = Math.max(Math.abs(y[0] - Math.cos(10)), Math.abs(y[1] + Math.sin(10)));
        // scipy's max error is 4.7e-5; the same steps in a different summation order agree to ~1e-12.
        assertEquals(4.7e-5, err, 0.05e-5, "max error " + err);
    }

    @Test
    void exponentialBackwardMatchesScipy() {
        DormandPrince54 ode = new DormandPrince54(1e-5, 1e-5);
        double[] y = {Math.E};
        ode.integrate((t, x, f) -> f[0] = x[0], 1, 0, y, 1);
        assertEquals(4, ode.acceptedSteps());
        assertEquals(26, ode.evaluations());
        assertEquals(1.0000038, y[0], 0.5e-7); // scipy's value to the 8 digits the spec gives
    }

    @Test
    void lorenz63MatchesScipyCountsAndEndpoint() {
        DormandPrince54 ode = new DormandPrince54(1e-5, 1e-5);
        double[] y = {1, 1, 1};
        ode.integrate(LORENZ63, 0, 1, y, 3);
        assertEquals(32, ode.acceptedSteps());
        assertEquals(224, ode.evaluations());
        assertEquals(5, ode.rejectedSteps()); // 224 = 2 + 6·(32 + 5)
        // The spec gives 4 decimals (rounding ±5e-5); one time unit of L63 amplifies summation-order
        // differences (~1e-15) by at most e^(0.9·1) — far below that.
        assertEquals(-9.3785, y[0], 1e-4);
        assertEquals(-8.3571, y[1], 1e-4);
        assertEquals(29.3621, y[2], 1e-4);
    }

    @Test
    void convergesAtFifthOrderWhenTightened() {
        // Global error of an adaptive order-5 method scales roughly like tol: tighter tolerances shrink it.
        double prev = Double.POSITIVE_INFINITY;
        for (double tol : new double[] {1e-4, 1e-7, 1e-10}) {
            DormandPrince54 ode = new DormandPrince54(tol, tol);
            double[] y = {1, 0};
            ode.integrate(OSCILLATOR, 0, 10, y, 2);
            double err = Math.max(Math.abs(y[0] - Math.cos(10)), Math.abs(y[1] + Math.sin(10)));
            assertTrue(err < 100 * tol && err < prev, "tol " + tol + ": error " + err);
            prev = err;
        }
    }

    @Test
    void workspaceIsReusedAndCountersReset() {
        DormandPrince54 ode = new DormandPrince54();
        double[] y = {1, 0};
        ode.integrate(OSCILLATOR, 0, 10, y, 2);
        double[] y2 = {1, 0};
        ode.integrate(OSCILLATOR, 0, 10, y2, 2);
        assertEquals(24, ode.acceptedSteps());
        assertEquals(146, ode.evaluations());
        assertEquals(y[0], y2[0], 0.0);
        assertEquals(y[1], y2[1], 0.0);
        // Zero-length interval: nothing evaluated, y unchanged.
        ode.integrate(OSCILLATOR, 3, 3, y2, 2);
        assertEquals(0, ode.evaluations());
        assertEquals(y[0], y2[0], 0.0);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new DormandPrince54(0, 1e-5));
        assertThrows(IllegalArgumentException.class, () -> new DormandPrince54(Double.NaN, 1e-5));
        assertThrows(IllegalArgumentException.class, () -> new DormandPrince54(1e-5, -1));
        assertThrows(IllegalArgumentException.class, () -> new DormandPrince54(1e-5, Double.POSITIVE_INFINITY));
        DormandPrince54 ode = new DormandPrince54();
        assertThrows(IllegalArgumentException.class, () -> ode.integrate(null, 0, 1, new double[1], 1));
        assertThrows(IllegalArgumentException.class, () -> ode.integrate(OSCILLATOR, 0, 1, new double[1], 2));
        assertThrows(IllegalArgumentException.class, () -> ode.integrate(OSCILLATOR, 0, Double.NaN, new double[2], 2));
        assertThrows(IllegalArgumentException.class, () -> ode.integrate(OSCILLATOR, 0, 1, new double[] {1, Double.NaN}, 2));
        assertThrows(IllegalArgumentException.class, () -> ode.integrate(OSCILLATOR, 0, 1, new double[2], 0));
    }

    /**
     * The row path checks the start state on the pool and the serial scan names the first bad value: the same
     * message as the serial path, on one thread and on two, for a bad value in the first, a middle and the last block.
     */
    @Test
    void rowPathNamesTheFirstNonFiniteStartValue() {
        int rows = 60000, n = 3 * rows; // two blocks of the row path's whole-state check
        for (int at : new int[] {0, n / 2 + 7, n - 1}) {
            for (double bad : new double[] {Double.NaN, Double.NEGATIVE_INFINITY}) {
                double[] y = randomRows(rows, 9);
                y[at] = bad;
                if (at < n - 1) y[n - 1] = Double.POSITIVE_INFINITY; // a later bad value is not the one named
                String serial = assertThrows(IllegalArgumentException.class,
                        () -> new DormandPrince54().integrate(new Lorenz63Rows(1), 0, 0.1, y.clone(), n)).getMessage();
                assertEquals("y[" + at + "] = " + bad + ": expected a finite number", serial);
                for (int threads = 1; threads <= 2; threads++) {
                    try (Parallel pool = new Parallel(threads)) {
                        String rowPath = assertThrows(IllegalArgumentException.class,
                                () -> new DormandPrince54().integrate(new Lorenz63Rows(1), 0, 0.1, y.clone(), n, pool, 64)).getMessage();
                        assertEquals(serial, rowPath, threads + " threads");
                    }
                }
            }
        }
    }

    @Test
    void aBlowUpEndsWithAClearError() {
        // y' = y² from y(0) = 1 blows up at t = 1: the step size collapses and integrate says so.
        DormandPrince54 ode = new DormandPrince54(1e-8, 1e-8, 100_000);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ode.integrate((t, y, f) -> f[0] = y[0] * y[0], 0, 2, new double[] {1}, 1));
        assertTrue(e.getMessage().startsWith("DOPRI5:"), e.getMessage());
    }

    /**
     * Rows of Lorenz-63 with a row-dependent ρ: independent rows, one shared step size. A row holds {@code copies}
     * Lorenz-63 triples (ρ also depending on the triple), so rows of 9 components take the error norm's
     * four-accumulator loop and its tail.
     */
    private static final class Lorenz63Rows implements RowSystem {
        final int group, copies;
        final boolean halves;
        /** The row ranges evaluateRows was called with, as "from-to". */
        final java.util.Set<String> ranges = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Lorenz63Rows(int group) {
            this(group, false);
        }

        Lorenz63Rows(int group, boolean halves) {
            this(group, halves, 1);
        }

        Lorenz63Rows(int group, boolean halves, int copies) {
            this.group = group;
            this.halves = halves;
            this.copies = copies;
        }

        @Override
        public boolean halvesGroups() {
            return halves;
        }

        @Override
        public int rowLength() {
            return 3 * copies;
        }

        @Override
        public int rowGroup() {
            return group;
        }

        @Override
        public void evaluate(double t, double[] y, double[] f) {
            evaluateRows(t, y, f, 0, y.length / rowLength(), 0);
        }

        @Override
        public void evaluateRows(double t, double[] y, double[] f, int from, int to, int block) {
            ranges.add(from + "-" + to);
            for (int r = from; r < to; r++) {
                for (int c = 0; c < copies; c++) {
                    int o = 3 * (r * copies + c);
                    double rho = 20 + r + 0.5 * c;
                    f[o] = 10 * (y[o + 1] - y[o]);
                    f[o + 1] = y[o] * (rho - y[o + 2]) - y[o + 1];
                    f[o + 2] = y[o] * y[o + 1] - 8.0 / 3.0 * y[o + 2];
                }
            }
        }
    }

    /** Starting points for {@code rows} Lorenz-63 rows, uniform in [−2.5, 2.5). */
    private static double[] randomRows(int rows, long seed) {
        double[] y = new double[3 * rows];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        for (int i = 0; i < y.length; i++) y[i] = 5 * (rnd.nextDouble() - 0.5);
        return y;
    }

    @ParameterizedTest(name = "{0} triples per row")
    @ValueSource(ints = {1, 3})
    void rowBlockedStepsEqualTheSerialOnesBitForBit(int copies) {
        int rows = 23, n = 3 * copies * rows;
        double[] y0 = randomRows(copies * rows, 5);
        DormandPrince54 ode = new DormandPrince54(1e-6, 1e-8);
        double[] serial = y0.clone();
        ode.integrate(new Lorenz63Rows(1, false, copies), 0, 0.7, serial, n);
        long evaluations = ode.evaluations();
        int accepted = ode.acceptedSteps(), rejected = ode.rejectedSteps();
        double initial = ode.lastInitialStep();
        assertTrue(rejected > 0, "the test should exercise rejected steps too");
        for (int threads = 1; threads <= 3; threads++) {
            try (org.enflow.kernel.Parallel p = new org.enflow.kernel.Parallel(threads)) {
                for (int group : new int[] {1, 4}) {
                    for (int grain : new int[] {1, 2, 5, 100}) {
                        double[] y = y0.clone();
                        ode.integrate(new Lorenz63Rows(group, false, copies), 0, 0.7, y, n, p, grain);
                        String what = "threads " + threads + ", group " + group + ", grain " + grain;
                        org.junit.jupiter.api.Assertions.assertArrayEquals(serial, y, what);
                        assertEquals(evaluations, ode.evaluations(), what);
                        assertEquals(accepted, ode.acceptedSteps(), what);
                        assertEquals(rejected, ode.rejectedSteps(), what);
                        assertEquals(initial, ode.lastInitialStep(), 0.0, what); // its sums formed inside the blocks
                    }
                }
            }
        }
    }

    /**
     * With groups that may be halved, 20 rows in 5 groups of 4 (one group per block) run as 4 + 4 + 2 | 4 + 4 + 2:
     * the middle group is cut, so two threads get equal shares, and each half ends in its half group; 18 rows (a short
     * last group) as 4 + 4 + 2 | 2 + 4 + 2; 24 rows (6 groups) and a coarser grain are not cut. The steps are the
     * serial ones bit for bit either way.
     */
    @Test
    void anOddNumberOfSingleGroupBlocksHasItsMiddleGroupHalved() {
        for (int rows : new int[] {20, 18, 24}) {
            int n = 3 * rows;
            double[] y0 = randomRows(rows, 6);
            DormandPrince54 ode = new DormandPrince54(1e-6, 1e-8);
            double[] serial = y0.clone();
            ode.integrate(new Lorenz63Rows(1), 0, 0.3, serial, n);
            for (int grain : new int[] {4, 8}) {
                try (org.enflow.kernel.Parallel p = new org.enflow.kernel.Parallel(2)) {
                    Lorenz63Rows f = new Lorenz63Rows(4, true);
                    double[] y = y0.clone();
                    ode.integrate(f, 0, 0.3, y, n, p, grain);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(serial, y, rows + " rows, grain " + grain);
                    java.util.Set<String> expected = new java.util.TreeSet<>();
                    if (rows == 20 && grain == 4) expected.addAll(java.util.List.of("0-4", "4-8", "8-10", "10-14", "14-18", "18-20"));
                    else if (rows == 18 && grain == 4) expected.addAll(java.util.List.of("0-4", "4-8", "8-10", "10-12", "12-16", "16-18"));
                    else if (grain == 4) for (int r = 0; r < rows; r += 4) expected.add(r + "-" + (r + 4));
                    else if (rows == 20) expected.addAll(java.util.List.of("0-8", "8-20")); // 5 groups in 2 even blocks
                    else if (rows == 18) expected.addAll(java.util.List.of("0-8", "8-18"));
                    else expected.addAll(java.util.List.of("0-8", "8-16", "16-24"));
                    assertEquals(expected, new java.util.TreeSet<>(f.ranges), rows + " rows, grain " + grain);
                }
            }
        }
    }

    @Test
    void rowBlockedVariantChecksItsArguments() {
        DormandPrince54 ode = new DormandPrince54();
        org.enflow.kernel.Parallel p = org.enflow.kernel.Parallel.sequential();
        IllegalArgumentException notRows = assertThrows(IllegalArgumentException.class,
                () -> ode.integrate(new Lorenz63Rows(1), 0, 1, new double[7], 7, p, 1));
        assertTrue(notRows.getMessage().contains("multiple of f.rowLength() = 3"), notRows.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ode.integrate(new Lorenz63Rows(1), 0, 1, new double[6], 6, p, 0));
        assertThrows(IllegalArgumentException.class, () -> ode.integrate(new Lorenz63Rows(1), 0, 1, new double[6], 6, null, 1));
        double[] y = {1, 1, 1, 2, 2, 2};
        ode.integrate(new Lorenz63Rows(1), 0, 0.1, y, 6, p, 1);
        // After the row-blocked variant the plain one works as before: same bits as a fresh integrator.
        double[] z = {1, 1, 1}, fresh = {1, 1, 1};
        ode.integrate(LORENZ63, 0, 0.1, z, 3);
        new DormandPrince54().integrate(LORENZ63, 0, 0.1, fresh, 3);
        org.junit.jupiter.api.Assertions.assertArrayEquals(fresh, z);
    }
}
