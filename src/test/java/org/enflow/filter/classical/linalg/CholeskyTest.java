package org.enflow.filter.classical.linalg;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CholeskyTest {
    @Test
    void factorsAndSolvesSpdSystems() {
        Random rnd = new Random(5);
        for (int n : new int[] {1, 2, 3, 8, 17, 40}) {
            double[] g = new double[n * n];
            for (int i = 0; i < g.length; i++) g[i] = rnd.nextGaussian();
            double[] a = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    double s = i == j ? 1 : 0;
                    for (int k = 0; k < n; k++) s += g[i * n + k] * g[j * n + k];
                    a[i * n + j] = s;
                }
            double[] l = a.clone();
            assertEquals(-1, Cholesky.factor(l, n));
            double norm = 0;
            for (double v : a) norm = Math.max(norm, Math.abs(v));
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) s += l[i * n + k] * l[j * n + k];
                    assertEquals(a[i * n + j], s, 10 * n * Math.ulp(norm));
                }
            int rows = 3;
            double[] x = new double[rows * n];
            for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
            double[] b = new double[rows * n];
            for (int r = 0; r < rows; r++)
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) s += a[i * n + k] * x[r * n + k];
                    b[r * n + i] = s;
                }
            double[] bc = new double[n * rows]; // the same right-hand sides as columns
            for (int r = 0; r < rows; r++) for (int i = 0; i < n; i++) bc[i * rows + r] = b[r * n + i];
            Cholesky.solveRows(l, n, b, 0, rows);
            Cholesky.solveColumns(l, n, bc, rows);
            // Forward error ≤ cond(A)·n·ε; A = I + GGᵀ with these sizes has cond ≲ 10⁴.
            for (int i = 0; i < x.length; i++) assertEquals(x[i], b[i], 1e-9 * (1 + Math.abs(x[i])));
            for (int r = 0; r < rows; r++)
                for (int i = 0; i < n; i++) assertEquals(x[r * n + i], bc[i * rows + r], 1e-9 * (1 + Math.abs(x[r * n + i])));
        }
    }

    @Test
    void reportsFirstBadPivot() {
        double[] a = {1, 0, 0, 0, -2, 0, 0, 0, 1};
        assertEquals(1, Cholesky.factor(a, 3));
        double[] nan = {Double.NaN};
        assertEquals(0, Cholesky.factor(nan, 1));
    }
}
