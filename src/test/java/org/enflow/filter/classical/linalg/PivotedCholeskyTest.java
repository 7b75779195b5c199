package org.enflow.filter.classical.linalg;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.enflow.kernel.Parallel;
import org.junit.jupiter.api.Test;

class PivotedCholeskyTest {
    /** C = GᵀG with G rank×n standard normal, both triangles. */
    private static double[] gram(int rank, int n, Random rnd) {
        double[] g = new double[rank * n];
        for (int i = 0; i < g.length; i++) g[i] = rnd.nextGaussian();
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < rank; k++) s += g[k * n + i] * g[k * n + j];
                c[i * n + j] = s;
            }
        return c;
    }

    private static int factor(Parallel par, double[] c, int n, double[] rows, int[] pivots) {
        return PivotedCholesky.factorRows(par, c, n, rows, pivots, new double[n], new boolean[n]);
    }

    @Test
    void findsTheRankAndReproducesTheMatrix() {
        Random rnd = new Random(11);
        for (int[] c : new int[][] {{1, 1}, {3, 1}, {3, 3}, {8, 2}, {17, 17}, {40, 7}, {97, 30}}) {
            int n = c[0], rank = c[1];
            double[] a = gram(rank, n, rnd), copy = a.clone();
            double[] rows = new double[n * n];
            int[] pivots = new int[n];
            int r = factor(Parallel.sequential(), a, n, rows, pivots);
            assertEquals(rank, r, "n=" + n);
            assertArrayEquals(copy, a, 0.0, "the input is not modified");
            double max = 0;
            for (int j = 0; j < n; j++) max = Math.max(max, a[j * n + j]);
            // Each entry is an r-term sum of products bounded by max (|C_ij| ≤ max): rounding ≲ r·n·ε·max.
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < r; k++) s += rows[k * n + i] * rows[k * n + j];
                    assertEquals(a[i * n + j], s, 4 * n * n * Math.ulp(max), "n=" + n + " (" + i + "," + j + ")");
                }
            // Exact zeros at earlier pivots: the rows are triangular in pivot order.
            for (int k = 0; k < r; k++)
                for (int l = 0; l < k; l++) assertEquals(0.0, rows[k * n + pivots[l]], "row " + k + " at pivot " + l);
        }
    }

    @Test
    void pivotsOnTheLargestRemainingDiagonal() {
        double[] c = {1, 0, 0, 0, 9, 0, 0, 0, 4};
        double[] rows = new double[9];
        int[] pivots = new int[3];
        assertEquals(3, factor(Parallel.sequential(), c, 3, rows, pivots));
        assertArrayEquals(new int[] {1, 2, 0}, pivots);
        assertEquals(3.0, rows[1], 0.0);
        assertEquals(2.0, rows[3 + 2], 0.0);
        assertEquals(1.0, rows[6], 0.0);
    }

    @Test
    void zeroMatrixHasRankZeroAndNonFiniteInputIsRejected() {
        assertEquals(0, factor(Parallel.sequential(), new double[16], 4, new double[16], new int[4]));
        double[] c = gram(2, 3, new Random(1));
        c[4] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> factor(Parallel.sequential(), c, 3, new double[9], new int[3]));
        assertTrue(e.getMessage().contains("c[1][1] = NaN"), e.getMessage());
    }

    @Test
    void sameBitsOnOneAndTwoThreads() {
        // n = 300, rank 120: from the 2nd row on a row's k·n multiply-adds pass ColumnBlocks' fork threshold.
        int n = 300;
        double[] c = gram(120, n, new Random(12));
        double[] a = new double[n * n], b = new double[n * n];
        int[] pa = new int[n], pb = new int[n];
        int ra = factor(Parallel.sequential(), c, n, a, pa), rb;
        try (Parallel two = new Parallel(2)) {
            rb = factor(two, c, n, b, pb);
        }
        assertEquals(120, ra);
        assertEquals(ra, rb);
        assertArrayEquals(pa, pb);
        assertArrayEquals(a, b, 0.0);
    }
}
