package org.enflow.kernel;

import static org.enflow.kernel.KernelTesting.EPS;
import static org.enflow.kernel.KernelTesting.SIZES;
import static org.enflow.kernel.KernelTesting.absDot;
import static org.enflow.kernel.KernelTesting.accurateDot;
import static org.enflow.kernel.KernelTesting.gaussian;
import static org.enflow.kernel.KernelTesting.sumTolerance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link Blas}: the vector kernels against their scalar twins over sizes 1…4099 (vector run only), and
 * the facade against independent references (both runs). Slices start at odd offsets (3, 5, 7) so
 * vector loads are misaligned and tails are exercised at every size.
 */
class BlasTest {
    private static final int XO = 3, YO = 5, OO = 7;

    // ------------------------------------------------------------------ element-wise updates

    /**
     * Element-wise kernels do a handful of roundings per element (at most 5 for the 4-stage combine, fewer
     * with FMA), each ≤ u·(magnitude of the partial result) ≤ u·(|x| + |h|·Σ|c_i k_i|). Two implementations
     * differ by at most 2·5·u·that = 5ε·that; 8ε leaves margin.
     */
    private static void assertElementwise(double[] expected, double[] actual, double[] scale, int off, int n, String what) {
        for (int i = 0; i < n; i++) {
            double tol = 8 * EPS * scale[i] + Double.MIN_NORMAL;
            double e = expected[off + i], a = actual[off + i];
            if (!(Math.abs(e - a) <= tol))
                throw new AssertionError(what + " n=" + n + " i=" + i + ": expected " + e + " got " + a + " (tol " + tol + ")");
        }
    }

    @Test
    void axpyAndAddScaledVectorMatchScalar() {
        Assumptions.assumeTrue(Vectorization.enabled(), "vector kernels not loaded");
        SplittableRandom r = new SplittableRandom(11);
        for (int n : SIZES) {
            double[] x = gaussian(r, XO, n, 1), y = gaussian(r, YO, n, 1);
            double a = gaussian(r);
            double[] ys = y.clone(), yv = y.clone();
            BlasScalar.axpy(a, x, XO, ys, YO, n);
            BlasVector.axpy(a, x, XO, yv, YO, n);
            double[] scale = new double[n];
            for (int i = 0; i < n; i++) scale[i] = Math.abs(y[YO + i]) + Math.abs(a * x[XO + i]);
            assertElementwise(ys, yv, scale, YO, n, "axpy");
            assertUntouchedOutside(y, yv, YO, n);

            double[] os = new double[OO + n + 2], ov = new double[OO + n + 2];
            BlasScalar.addScaled(x, XO, a, y, YO, os, OO, n);
            BlasVector.addScaled(x, XO, a, y, YO, ov, OO, n);
            for (int i = 0; i < n; i++) scale[i] = Math.abs(x[XO + i]) + Math.abs(a * y[YO + i]);
            assertElementwise(os, ov, scale, OO, n, "addScaled");
            assertUntouchedOutside(new double[ov.length], ov, OO, n);
        }
    }

    @Test
    void scaleIsExactlyOneMultiply() {
        // One IEEE multiply per element in both twins: bit-identical, and equal to the plain product.
        SplittableRandom r = new SplittableRandom(12);
        for (int n : SIZES) {
            double[] x = gaussian(r, XO, n, 3);
            double a = gaussian(r);
            double[] expected = x.clone();
            for (int i = XO; i < XO + n; i++) expected[i] = x[i] * a;
            double[] f = x.clone();
            Blas.scale(a, f, XO, n);
            assertArrayEquals(expected, f);
            if (Vectorization.enabled()) {
                double[] v = x.clone();
                BlasVector.scale(a, v, XO, n);
                assertArrayEquals(expected, v);
            }
        }
    }

    @Test
    void combineVectorMatchesScalarForOneToFourStages() {
        Assumptions.assumeTrue(Vectorization.enabled(), "vector kernels not loaded");
        SplittableRandom r = new SplittableRandom(13);
        for (int n : SIZES) {
            int len = XO + n + 3;
            double[] x = gaussian(r, XO, n, 1), k1 = gaussian(r, XO, n, 1), k2 = gaussian(r, XO, n, 1),
                    k3 = gaussian(r, XO, n, 1), k4 = gaussian(r, XO, n, 1);
            double h = 0.05, c1 = 1 / 6.0, c2 = 1 / 3.0, c3 = 1 / 3.0, c4 = 1 / 6.0;
            double[] scale = new double[n];
            for (int stages = 1; stages <= 4; stages++) {
                double[] os = new double[len], ov = new double[len];
                for (int i = 0; i < n; i++) {
                    int o = XO + i;
                    double s = Math.abs(c1 * k1[o]);
                    if (stages > 1) s += Math.abs(c2 * k2[o]);
                    if (stages > 2) s += Math.abs(c3 * k3[o]);
                    if (stages > 3) s += Math.abs(c4 * k4[o]);
                    scale[i] = Math.abs(x[o]) + Math.abs(h) * s;
                }
                switch (stages) {
                    case 1:
                        BlasScalar.combine(os, x, h, c1, k1, XO, n);
                        BlasVector.combine(ov, x, h, c1, k1, XO, n);
                        break;
                    case 2:
                        BlasScalar.combine(os, x, h, c1, k1, c2, k2, XO, n);
                        BlasVector.combine(ov, x, h, c1, k1, c2, k2, XO, n);
                        break;
                    case 3:
                        BlasScalar.combine(os, x, h, c1, k1, c2, k2, c3, k3, XO, n);
                        BlasVector.combine(ov, x, h, c1, k1, c2, k2, c3, k3, XO, n);
                        break;
                    default:
                        BlasScalar.combine(os, x, h, c1, k1, c2, k2, c3, k3, c4, k4, XO, n);
                        BlasVector.combine(ov, x, h, c1, k1, c2, k2, c3, k3, c4, k4, XO, n);
                }
                assertElementwise(os, ov, scale, XO, n, "combine" + stages);
                assertUntouchedOutside(new double[len], ov, XO, n);
            }
        }
    }

    @Test
    void combineFacadeIsTheRungeKuttaUpdateAndWorksInPlace() {
        SplittableRandom r = new SplittableRandom(14);
        int n = 1025;
        double[] x = gaussian(r, 0, n, 1), k1 = gaussian(r, 0, n, 1), k2 = gaussian(r, 0, n, 1),
                k3 = gaussian(r, 0, n, 1), k4 = gaussian(r, 0, n, 1);
        double h = 0.01;
        double[] inPlace = x.clone();
        Blas.combine(inPlace, inPlace, h, 1 / 6.0, k1, 1 / 3.0, k2, 1 / 3.0, k3, 1 / 6.0, k4, 0, n);
        double[] scale = new double[n];
        double[] expected = x.clone();
        for (int i = 0; i < n; i++) {
            expected[i] = x[i] + h * (k1[i] / 6 + k2[i] / 3 + k3[i] / 3 + k4[i] / 6);
            scale[i] = Math.abs(x[i]) + h * (Math.abs(k1[i]) + Math.abs(k2[i]) + Math.abs(k3[i]) + Math.abs(k4[i]));
        }
        assertElementwise(expected, inPlace, scale, 0, n, "combine in place");
    }

    // ------------------------------------------------------------------ reductions

    @Test
    void reductionsVectorMatchScalar() {
        Assumptions.assumeTrue(Vectorization.enabled(), "vector kernels not loaded");
        SplittableRandom r = new SplittableRandom(15);
        for (int n : SIZES) {
            double[] x = gaussian(r, XO, n, 1), y = gaussian(r, YO, n, 1);
            double absSum = 0, absSq = 0;
            for (int i = 0; i < n; i++) {
                absSum += Math.abs(x[XO + i]);
                double t = x[XO + i] - y[YO + i];
                absSq += t * t;
            }
            assertEquals(BlasScalar.sum(x, XO, n), BlasVector.sum(x, XO, n), sumTolerance(n, absSum), "sum n=" + n);
            assertEquals(BlasScalar.dot(x, XO, y, YO, n), BlasVector.dot(x, XO, y, YO, n),
                    sumTolerance(n, absDot(x, XO, y, YO, n)), "dot n=" + n);
            // Each difference is rounded once (relative u) before squaring: 2 more roundings per term.
            assertEquals(BlasScalar.squaredDistance(x, XO, y, YO, n), BlasVector.squaredDistance(x, XO, y, YO, n),
                    sumTolerance(n + 4, absSq), "squaredDistance n=" + n);
        }
    }

    @Test
    void reductionsMatchAccurateReference() {
        SplittableRandom r = new SplittableRandom(16);
        for (int n : SIZES) {
            double[] x = gaussian(r, XO, n, 1), y = gaussian(r, YO, n, 1);
            double[] ones = new double[n + XO + 3];
            java.util.Arrays.fill(ones, 1.0);
            double absSum = 0, absSq = 0;
            double[] diff = new double[n];
            for (int i = 0; i < n; i++) {
                absSum += Math.abs(x[XO + i]);
                diff[i] = x[XO + i] - y[YO + i];
                absSq += diff[i] * diff[i];
            }
            assertEquals(accurateDot(x, XO, ones, 0, n), Blas.sum(x, XO, n), sumTolerance(n, absSum) / 2, "sum n=" + n);
            assertEquals(accurateDot(x, XO, y, YO, n), Blas.dot(x, XO, y, YO, n),
                    sumTolerance(n, absDot(x, XO, y, YO, n)) / 2, "dot n=" + n);
            assertEquals(accurateDot(diff, 0, diff, 0, n), Blas.squaredDistance(x, XO, y, YO, n),
                    sumTolerance(n + 4, absSq) / 2, "squaredDistance n=" + n);
        }
    }

    // ------------------------------------------------------------------ row reductions

    /** Row counts × column counts exercising the 4-row unroll, the 512-column chunks and vector tails. */
    private static final int[] ROWS = {1, 2, 3, 4, 5, 7, 8, 9, 17};
    private static final int[] COLS = {1, 3, 7, 8, 9, 17, 63, 65, 511, 513, 1025, 4099};

    @Test
    void rowReductionsVectorMatchScalar() {
        Assumptions.assumeTrue(Vectorization.enabled(), "vector kernels not loaded");
        SplittableRandom r = new SplittableRandom(17);
        for (int rows : ROWS) {
            for (int cols : COLS) {
                int ld = cols + 2; // a column range of a wider matrix
                double[] x = gaussian(r, XO, rows * ld, 1), w = gaussian(r, 1, rows, 1), c = gaussian(r, 2, cols, 1);
                double[] s = new double[OO + cols], v = new double[OO + cols];
                BlasScalar.sumOfRows(x, XO, rows, cols, ld, s, OO);
                BlasVector.sumOfRows(x, XO, rows, cols, ld, v, OO);
                // Same per-column order (row order, plain adds) in both twins: bit-identical.
                assertArrayEquals(s, v, "sumOfRows " + rows + "x" + cols);

                BlasScalar.weightedSumOfRows(w, 1, x, XO, rows, cols, ld, s, OO);
                BlasVector.weightedSumOfRows(w, 1, x, XO, rows, cols, ld, v, OO);
                for (int j = 0; j < cols; j++) {
                    double abs = 0;
                    for (int i = 0; i < rows; i++) abs += Math.abs(w[1 + i] * x[XO + i * ld + j]);
                    assertEquals(s[OO + j], v[OO + j], sumTolerance(rows, abs), "weightedSumOfRows " + rows + "x" + cols + " j=" + j);
                }

                BlasScalar.squaredDeviationsOfRows(x, XO, rows, cols, ld, c, 2, s, OO);
                BlasVector.squaredDeviationsOfRows(x, XO, rows, cols, ld, c, 2, v, OO);
                for (int j = 0; j < cols; j++) {
                    double abs = 0;
                    for (int i = 0; i < rows; i++) {
                        double t = x[XO + i * ld + j] - c[2 + j];
                        abs += t * t;
                    }
                    assertEquals(s[OO + j], v[OO + j], sumTolerance(rows + 4, abs), "squaredDeviationsOfRows j=" + j);
                }
            }
        }
    }

    @Test
    void rowReductionsMatchAccurateReference() {
        SplittableRandom r = new SplittableRandom(18);
        int rows = 13, cols = 1031, ld = 1040;
        double[] x = gaussian(r, 0, rows * ld, 1), w = gaussian(r, 0, rows, 1);
        double[] out = new double[cols];
        double[] col = new double[rows], ones = new double[rows];
        java.util.Arrays.fill(ones, 1.0);
        Blas.weightedSumOfRows(w, 0, x, 0, rows, cols, ld, out, 0);
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) col[i] = x[i * ld + j];
            assertEquals(accurateDot(w, 0, col, 0, rows), out[j], sumTolerance(rows, absDot(w, 0, col, 0, rows)) / 2);
        }
        Blas.sumOfRows(x, 0, rows, cols, ld, out, 0);
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) col[i] = x[i * ld + j];
            assertEquals(accurateDot(ones, 0, col, 0, rows), out[j], sumTolerance(rows, absDot(ones, 0, col, 0, rows)) / 2);
        }
    }

    @Test
    void rowReductionsDoNotDependOnHowColumnsAreSplit() {
        // The property EnsembleStatistics relies on for thread-count independence.
        SplittableRandom r = new SplittableRandom(19);
        int rows = 11, cols = 2053;
        double[] x = gaussian(r, 0, rows * cols, 1), w = gaussian(r, 0, rows, 1), c = gaussian(r, 0, cols, 1);
        double[] whole = new double[cols], pieces = new double[cols];
        int[] cuts = {0, 5, 13, 520, 1031, 2000, cols};
        Blas.weightedSumOfRows(w, 0, x, 0, rows, cols, cols, whole, 0);
        for (int p = 0; p + 1 < cuts.length; p++)
            Blas.weightedSumOfRows(w, 0, x, cuts[p], rows, cuts[p + 1] - cuts[p], cols, pieces, cuts[p]);
        assertArrayEquals(whole, pieces);
        Blas.squaredDeviationsOfRows(x, 0, rows, cols, cols, c, 0, whole, 0);
        for (int p = 0; p + 1 < cuts.length; p++)
            Blas.squaredDeviationsOfRows(x, cuts[p], rows, cuts[p + 1] - cuts[p], cols, c, cuts[p], pieces, cuts[p]);
        assertArrayEquals(whole, pieces);
    }

    // ------------------------------------------------------------------ argument checks

    @Test
    void badSlicesAreRejectedByName() {
        double[] x = new double[10], y = new double[10];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Blas.axpy(1, x, 5, y, 0, 6));
        assertTrue(e.getMessage().startsWith("x.length = 10"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Blas.dot(x, 0, y, -1, 3));
        assertTrue(e.getMessage().startsWith("y offset = -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Blas.sumOfRows(x, 0, 2, 6, 5, y, 0));
        assertTrue(e.getMessage().startsWith("ld = 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Blas.combine(y, x, 1, 1, null, 0, 3));
    }

    private static void assertUntouchedOutside(double[] before, double[] after, int off, int n) {
        for (int i = 0; i < before.length; i++) {
            if (i >= off && i < off + n) continue;
            assertEquals(before[i], after[i], 0.0, "element " + i + " outside [" + off + ", " + (off + n) + ") was written");
        }
    }
}
