package org.enflow.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link AttentionKeys}: bound keys give, for any cut of the query rows into ranges and any thread, bit for
 * bit what {@link FusedSoftmax#attend} gives (rows are independent, so no tolerance is involved), on the
 * vector path and on the scalar path (the surefire pass without the vector module).
 */
class AttentionKeysTest {
    private static final int[][] SHAPES = {{1, 1, 1, 1}, {5, 3, 7, 3}, {37, 40, 53, 40}, {250, 40, 250, 40}, {100, 7, 33, 12},
        {64, 256, 19, 256}, {3, 1000, 9, 5}};

    @Test
    void rowRangesEqualTheWholeCallBitForBit() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int[] s : SHAPES) {
            int nk = s[0], d = s[1], nq = s[2], dv = s[3];
            double[] k = FusedSoftmaxTest.random(rnd, nk * d, 1), v = FusedSoftmaxTest.random(rnd, nk * dv, 1);
            double[] q = FusedSoftmaxTest.random(rnd, nq * d, 1.3), bias = FusedSoftmaxTest.random(rnd, nk, 2);
            double scale = 0.5 / d;
            double[] whole = new double[nq * dv];
            new FusedSoftmax().attend(q, nq, k, nk, d, bias, scale, v, dv, whole, Parallel.sequential());
            AttentionKeys keys = new AttentionKeys();
            keys.bind(k, nk, d, v, dv, Parallel.sequential());
            for (int trial = 0; trial < 5; trial++) {
                double[] out = new double[nq * dv];
                AttentionKeys.Workspace ws = AttentionKeys.workspace();
                for (int from = 0, cut = 0; from < nq; cut++) {
                    // Trial 0: ranges of 2 and 6 rows in turn (a last pair runs the 2-row kernels); then random cuts.
                    int to = Math.min(nq, from + (trial == 0 ? (cut % 2 == 0 ? 2 : 6) : 1 + rnd.nextInt(Math.max(1, nq / 3))));
                    keys.attendRows(q, from, to, bias, scale, out, ws);
                    from = to;
                }
                assertArrayEquals(whole, out, nk + "x" + d + " queries " + nq + " trial " + trial);
            }
            for (int threads = 1; threads <= 3; threads++) {
                try (Parallel p = new Parallel(threads)) {
                    double[] out = new double[nq * dv];
                    keys.attend(q, nq, bias, scale, out, p);
                    assertArrayEquals(whole, out, nk + "x" + d + " threads " + threads);
                }
            }
        }
    }

    /**
     * Keys and values bound as combinations a·f + b·g and α·f + β·g of rows set once give, bind after bind, the
     * bits of binding the formed arrays: with and without g, d ≤ L/2 (paired values: formed and packed), d not a
     * multiple of the vector length, nk not a multiple of the panel, on 1 to 3 threads. A plain bind in between
     * unsets the rows.
     */
    @Test
    void combinationBindsEqualBindsOfTheFormedArrays() {
        SplittableRandom rnd = new SplittableRandom(14);
        int[][] shapes = {{1, 1, 3}, {5, 3, 7}, {37, 40, 53}, {250, 40, 250}, {100, 7, 33}, {64, 256, 19}, {30, 400, 11}, {131, 4, 60}};
        double[][] coefficients = {{1.0, 0.0, 1.0, 0.0}, {0.3, 0.6, -0.2, 1.1}, {-2.0, 1e-3, 0.5, -0.5}};
        for (int[] s : shapes) {
            int nk = s[0], d = s[1], nq = s[2];
            double[] f = FusedSoftmaxTest.random(rnd, nk * d, 1), g = FusedSoftmaxTest.random(rnd, nk * d, 1);
            double[] q = FusedSoftmaxTest.random(rnd, nq * d, 1.3), bias = FusedSoftmaxTest.random(rnd, nk, 2);
            double scale = 0.5 / d;
            for (double[] gg : new double[][] {g, null}) {
                for (int threads = 1; threads <= 3; threads++) {
                    try (Parallel p = new Parallel(threads)) {
                        AttentionKeys combined = new AttentionKeys();
                        combined.setCombinationRows(f, gg, nk, d, p);
                        for (double[] c : coefficients) {
                            double[] k = new double[nk * d], v = new double[nk * d];
                            for (int i = 0; i < nk * d; i++) {
                                k[i] = c[0] * f[i] + c[1] * (gg == null ? 0.0 : gg[i]);
                                v[i] = c[2] * f[i] + c[3] * (gg == null ? 0.0 : gg[i]);
                            }
                            double[] expected = new double[nq * d], out = new double[nq * d];
                            new FusedSoftmax().attend(q, nq, k, nk, d, bias, scale, v, d, expected, Parallel.sequential());
                            combined.bindCombination(c[0], c[1], c[2], c[3], p);
                            combined.attend(q, nq, bias, scale, out, p);
                            String where = nk + "x" + d + " g " + (gg != null) + " threads " + threads + " coefficients " + java.util.Arrays.toString(c);
                            assertArrayEquals(expected, out, where);
                            assertEquals(nk, combined.keys(), where);
                            assertEquals(d, combined.valueDim(), where);
                        }
                        combined.bind(f, nk, d, f, d, p);
                        assertThrows(IllegalStateException.class, () -> combined.bindCombination(1, 0, 1, 0, p));
                    }
                }
            }
        }
    }

    @Test
    void combinationArgumentsAreCheckedByName() {
        AttentionKeys keys = new AttentionKeys();
        Parallel p = Parallel.sequential();
        IllegalStateException unset = assertThrows(IllegalStateException.class, () -> keys.bindCombination(1, 0, 1, 0, p));
        assertTrue(unset.getMessage().contains("setCombinationRows"), unset.getMessage());
        IllegalArgumentException shortG = assertThrows(IllegalArgumentException.class, () -> keys.setCombinationRows(new double[12], new double[11], 4, 3, p));
        assertTrue(shortG.getMessage().contains("g"), shortG.getMessage());
        assertThrows(IllegalArgumentException.class, () -> keys.setCombinationRows(null, null, 4, 3, p));
        keys.setCombinationRows(new double[12], null, 4, 3, p);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> keys.bindCombination(1, Double.NaN, 1, 0, p));
        assertTrue(nan.getMessage().contains("b") && nan.getMessage().contains("NaN"), nan.getMessage());
    }

    @Test
    void concurrentRangesWithTheirOwnWorkspacesAgree() {
        SplittableRandom rnd = new SplittableRandom(12);
        int nk = 300, d = 24, nq = 400;
        double[] k = FusedSoftmaxTest.random(rnd, nk * d, 1), q = FusedSoftmaxTest.random(rnd, nq * d, 1);
        double[] whole = new double[nq * d], out = new double[nq * d];
        new FusedSoftmax().attend(q, nq, k, nk, d, null, 0.1, k, d, whole, Parallel.sequential());
        AttentionKeys keys = new AttentionKeys();
        try (Parallel two = new Parallel(2)) {
            keys.bind(k, nk, d, k, d, two);
            int blocks = 25;
            AttentionKeys.Workspace[] ws = new AttentionKeys.Workspace[blocks];
            for (int b = 0; b < blocks; b++) ws[b] = AttentionKeys.workspace();
            for (int rep = 0; rep < 20; rep++) {
                two.forRange(nq, nq / blocks, (b, from, to) -> keys.attendRows(q, from, to, null, 0.1, out, ws[b]));
                assertArrayEquals(whole, out, "rep " + rep);
            }
        }
    }

    @Test
    void rowGroupAndBlockSizesAreConsistent() {
        AttentionKeys keys = new AttentionKeys();
        keys.bind(new double[40 * 10], 40, 10, new double[40 * 10], 10, Parallel.sequential());
        int g = keys.rowGroup();
        assertTrue(g >= 1);
        for (int nq : new int[] {1, 7, 250, 1000, 100_000}) {
            int rows = keys.rowsPerBlock(nq);
            assertTrue(rows >= 1 && rows % g == 0, "rows per block " + rows + " for " + nq + " queries, group " + g);
        }
        assertEquals(40, keys.keys());
        assertEquals(10, keys.dim());
        assertEquals(10, keys.valueDim());
    }

    @Test
    void badArgumentsNameWhatIsWrong() {
        AttentionKeys keys = new AttentionKeys();
        double[] q = new double[20];
        IllegalStateException unbound = assertThrows(IllegalStateException.class,
                () -> keys.attendRows(q, 0, 1, null, 1, new double[20], AttentionKeys.workspace()));
        assertTrue(unbound.getMessage().contains("bind"), unbound.getMessage());
        assertThrows(IllegalArgumentException.class, () -> keys.bind(new double[3], 2, 2, new double[4], 2, Parallel.sequential()));
        keys.bind(new double[8], 4, 2, new double[8], 2, Parallel.sequential());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> keys.attendRows(q, 3, 2, null, 1, new double[20], AttentionKeys.workspace()));
        assertTrue(range.getMessage().contains("[3, 2)"), range.getMessage());
        IllegalArgumentException shortQ = assertThrows(IllegalArgumentException.class,
                () -> keys.attendRows(q, 0, 11, null, 1, new double[22], AttentionKeys.workspace()));
        assertTrue(shortQ.getMessage().contains("q"), shortQ.getMessage());
        IllegalArgumentException nanBias = assertThrows(IllegalArgumentException.class,
                () -> keys.attendRows(q, 0, 2, new double[] {0, Double.NaN, 0, 0}, 1, new double[20], AttentionKeys.workspace()));
        assertTrue(nanBias.getMessage().contains("keyBias[1] = NaN"), nanBias.getMessage());
        assertThrows(IllegalArgumentException.class, () -> keys.attendRows(q, 0, 2, null, -1, new double[20], AttentionKeys.workspace()));
        assertThrows(IllegalArgumentException.class, () -> keys.attendRows(q, 0, 2, null, 1, new double[20], null));
        IllegalStateException allMinusInf = assertThrows(IllegalStateException.class, () -> keys.attendRows(q, 0, 1,
                new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
                1, new double[20], AttentionKeys.workspace()));
        assertTrue(allMinusInf.getMessage().contains("row 0"), allMinusInf.getMessage());
    }
}
