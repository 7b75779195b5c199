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

    /**
     * The row-oriented upper factor A = UᵀU on padded rows, the vector solve and the two many-right-hand
     * side substitutions (U⁻ᵀM, U⁻¹M) against the lower factor's results, for sizes around the vector
     * width; backward-stable, so the same 10·n·ε·‖A‖ and cond·n·ε bounds.
     */
    @Test
    void upperFactorOnPaddedRowsAndItsSolves() {
        Random rnd = new Random(6);
        for (int n : new int[] {1, 2, 7, 8, 9, 17, 39, 40, 41}) {
            int ld = SmallDense.padded(n);
            double[] g = new double[n * n];
            for (int i = 0; i < g.length; i++) g[i] = rnd.nextGaussian();
            double[] a = new double[n * ld], full = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    double s = i == j ? 1 : 0;
                    for (int k = 0; k < n; k++) s += g[i * n + k] * g[j * n + k];
                    full[i * n + j] = s;
                    a[i * ld + j] = j >= i ? s : 99; // only the upper triangle may be read
                }
            double[] u = a.clone();
            assertEquals(-1, Cholesky.factorUpper(u, n, ld));
            double norm = 0;
            for (double v : full) norm = Math.max(norm, Math.abs(v));
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    if (j < i) assertEquals(0.0, u[i * ld + j], "U is upper triangular");
                    double s = 0;
                    for (int k = 0; k < n; k++) s += u[k * ld + i] * u[k * ld + j];
                    assertEquals(full[i * n + j], s, 10 * n * Math.ulp(norm), "UᵀU n=" + n);
                }
            // A x = b for one vector.
            double[] x = new double[n], b = new double[n + 1];
            for (int i = 0; i < n; i++) x[i] = rnd.nextGaussian();
            for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) b[1 + i] += full[i * n + k] * x[k];
            Cholesky.solveUpper(u, n, ld, b, 1);
            for (int i = 0; i < n; i++) assertEquals(x[i], b[1 + i], 1e-9 * (1 + Math.abs(x[i])));
            // Uᵀ Z = M and U Y = M for len right-hand sides stored as rows.
            int len = 5;
            double[] m = new double[n * ld], z = new double[n * ld], y = new double[n * ld], row = new double[ld];
            for (int i = 0; i < n; i++) for (int c = 0; c < len; c++) m[i * ld + c] = rnd.nextGaussian();
            System.arraycopy(m, 0, z, 0, m.length);
            System.arraycopy(m, 0, y, 0, m.length);
            Cholesky.solveUpperTransposedRows(u, n, ld, z, len);
            Cholesky.solveUpperRows(u, n, ld, y, len);
            for (int i = 0; i < n; i++)
                for (int c = 0; c < len; c++) {
                    double uz = 0, uy = 0;
                    for (int k = 0; k < n; k++) {
                        uz += u[k * ld + i] * z[k * ld + c];
                        uy += u[i * ld + k] * y[k * ld + c];
                    }
                    assertEquals(m[i * ld + c], uz, 1e-10 * (1 + Math.abs(m[i * ld + c])), "UᵀZ n=" + n);
                    assertEquals(m[i * ld + c], uy, 1e-10 * (1 + Math.abs(m[i * ld + c])), "UY n=" + n);
                }
        }
        double[] bad = new double[16];
        bad[0] = 1;
        bad[9] = -2; // (1,1) of a 2×2 with ld 8
        assertEquals(1, Cholesky.factorUpper(bad, 2, 8));
    }
    /**
     * The panel form of the upper factor against the plain row-by-row form written out here (each row in one
     * combineRow call over its columns from the aligned column left of the diagonal): the same bits on 1 and 2
     * threads, for orders around the panel height (16), the lane padding and the column block (64); and a bad
     * pivot in a later panel is reported at its own row.
     */
    @Test
    void panelUpperFactorIsTheRowByRowFactorBitForBit() {
        Random rnd = new Random(23);
        try (org.enflow.kernel.Parallel two = new org.enflow.kernel.Parallel(2)) {
            for (int n : new int[] {1, 5, 15, 16, 17, 31, 33, 64, 100, 129, 333, 499}) {
                int ld = SmallDense.padded(n);
                double[] a = paddedSpd(rnd, n, ld, 1, 99); // only the upper triangle may be read
                double[] ref = a.clone(), seq = a.clone(), p2 = a.clone();
                assertEquals(-1, rowByRowUpper(ref, n, ld));
                assertEquals(-1, Cholesky.factorUpper(seq, n, ld));
                assertEquals(-1, Cholesky.factorUpper(two, p2, n, ld));
                assertArrayEquals(ref, seq, "n=" + n + ", sequential");
                assertArrayEquals(ref, p2, "n=" + n + ", 2 threads");
                if (n > 40) {
                    // Row 16 opens the second panel (its rows run as the first panel's look-ahead), row 37 lies in the
                    // third, and the last row in the last.
                    for (int row : new int[] {16, 37, n - 1}) {
                        double[] bad = a.clone();
                        bad[row * ld + row] = -1;
                        double[] badSeq = bad.clone();
                        assertEquals(row, Cholesky.factorUpper(two, bad, n, ld), "n=" + n);
                        assertEquals(row, Cholesky.factorUpper(badSeq, n, ld), "n=" + n + ", sequential");
                    }
                }
            }
        }
    }

    /**
     * G Gᵀ + diag·I for a standard normal n×n G, on rows padded to ld (zero padding); the strict lower triangle is
     * {@code below} (NaN keeps it as computed).
     */
    private static double[] paddedSpd(Random rnd, int n, int ld, double diag, double below) {
        double[] g = new double[n * n];
        for (int i = 0; i < g.length; i++) g[i] = rnd.nextGaussian();
        double[] a = new double[n * ld];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double s = i == j ? diag : 0;
                for (int k = 0; k < n; k++) s += g[i * n + k] * g[j * n + k];
                a[i * ld + j] = j < i && !Double.isNaN(below) ? below : s;
            }
        return a;
    }

    private static int rowByRowUpper(double[] a, int n, int ld) {
        for (int k = 0; k < n; k++) {
            int rk = k * ld, c0 = k / SmallDense.PAD * SmallDense.PAD;
            double s = a[rk + k];
            for (int i = 0; i < k; i++) s -= a[i * ld + k] * a[i * ld + k];
            if (!(s > 0) || !Double.isFinite(s)) return k;
            double ukk = Math.sqrt(s);
            SmallDense.combineRow(ld - c0, k, a, k, ld, a, c0, ld, a, rk + c0, 1.0 / ukk);
            java.util.Arrays.fill(a, rk, rk + k, 0.0);
            a[rk + k] = ukk;
        }
        return -1;
    }

    /**
     * The parallel forms share out fixed column blocks of whole rows; each column is the same fma chain as
     * in the sequential form, so the factor and both solves are the same bits, on 1 and 2 threads, for
     * sizes across the block width (64) and the lane padding.
     */
    @Test
    void parallelUpperFactorAndSolvesEqualTheSequentialOnesBitForBit() {
        Random rnd = new Random(11);
        try (org.enflow.kernel.Parallel one = new org.enflow.kernel.Parallel(1); org.enflow.kernel.Parallel two = new org.enflow.kernel.Parallel(2)) {
            for (int n : new int[] {9, 63, 65, 130, 257}) {
                int ld = SmallDense.padded(n);
                double[] a = paddedSpd(rnd, n, ld, n, Double.NaN);
                double[] seq = a.clone(), p1 = a.clone(), p2 = a.clone();
                assertEquals(-1, Cholesky.factorUpper(seq, n, ld));
                assertEquals(-1, Cholesky.factorUpper(one, p1, n, ld));
                assertEquals(-1, Cholesky.factorUpper(two, p2, n, ld));
                assertArrayEquals(seq, p1, "factor n=" + n + ", 1 thread");
                assertArrayEquals(seq, p2, "factor n=" + n + ", 2 threads");
                for (int len : new int[] {n, ld, Math.min(ld, 100)}) { // the right-hand sides share U's row stride ld
                    double[] m = new double[n * ld];
                    for (int i = 0; i < n; i++) for (int j = 0; j < len; j++) m[i * ld + j] = rnd.nextGaussian();
                    double[] r0 = m.clone(), r2 = m.clone(), t0 = m.clone(), t2 = m.clone();
                    Cholesky.solveUpperRows(seq, n, ld, r0, len);
                    Cholesky.solveUpperRows(two, seq, n, ld, r2, len);
                    Cholesky.solveUpperTransposedRows(seq, n, ld, t0, len);
                    Cholesky.solveUpperTransposedRows(two, seq, n, ld, t2, len);
                    assertArrayEquals(r0, r2, "U⁻¹M n=" + n + " len=" + len);
                    assertArrayEquals(t0, t2, "U⁻ᵀM n=" + n + " len=" + len);
                }
            }
        }
    }
}
