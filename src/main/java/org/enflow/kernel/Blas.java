package org.enflow.kernel;

/**
 * Level-1/level-2 array kernels on flat {@code double[]}: the updates an integrator or a filter performs
 * every step. Each method checks its arguments, then runs the Vector API kernel ({@link BlasVector}) when
 * {@link Vectorization#enabled()} and the plain-Java twin ({@link BlasScalar}) otherwise; both twins are
 * public with the same signatures, so benchmarks can compare them directly.
 *
 * <p>Conventions: an array slice is (array, offset) plus a length; the multi-operand {@code combine}
 * updates (RK stages) use one common range {@code [off, off+n)} of arrays of the same layout. Outputs may
 * alias inputs only at the same offset (element-wise in-place updates). Nothing allocates.
 *
 * <p>Row reductions ({@code ...OfRows}) read a row-major block of {@code rows} rows of {@code cols}
 * values with row stride {@code ld} (a column range of a wider matrix has {@code ld > cols}) and write
 * one value per column (their output must not overlap the input). Each column is accumulated over the
 * rows in row order, so the vector result of a column does not depend on how columns are split into blocks.
 */
public final class Blas {
    private static final boolean VECTOR = Vectorization.enabled();

    private Blas() {}

    /** y += a·x. */
    public static void axpy(double a, double[] x, int xOff, double[] y, int yOff, int n) {
        Check.slice("x", x, xOff, n);
        Check.slice("y", y, yOff, n);
        if (VECTOR) BlasVector.axpy(a, x, xOff, y, yOff, n);
        else BlasScalar.axpy(a, x, xOff, y, yOff, n);
    }

    /** out = x + a·z. */
    public static void addScaled(double[] x, int xOff, double a, double[] z, int zOff, double[] out, int outOff, int n) {
        Check.slice("x", x, xOff, n);
        Check.slice("z", z, zOff, n);
        Check.slice("out", out, outOff, n);
        if (VECTOR) BlasVector.addScaled(x, xOff, a, z, zOff, out, outOff, n);
        else BlasScalar.addScaled(x, xOff, a, z, zOff, out, outOff, n);
    }

    /** x *= a. */
    public static void scale(double a, double[] x, int off, int n) {
        Check.slice("x", x, off, n);
        if (VECTOR) BlasVector.scale(a, x, off, n);
        else BlasScalar.scale(a, x, off, n);
    }

    /** out = x + h·c1·k1 on [off, off+n). */
    public static void combine(double[] out, double[] x, double h, double c1, double[] k1, int off, int n) {
        Check.slice("out", out, off, n);
        Check.slice("x", x, off, n);
        Check.slice("k1", k1, off, n);
        if (VECTOR) BlasVector.combine(out, x, h, c1, k1, off, n);
        else BlasScalar.combine(out, x, h, c1, k1, off, n);
    }

    /** out = x + h·(c1·k1 + c2·k2) on [off, off+n). */
    public static void combine(double[] out, double[] x, double h, double c1, double[] k1, double c2, double[] k2,
                               int off, int n) {
        Check.slice("out", out, off, n);
        Check.slice("x", x, off, n);
        Check.slice("k1", k1, off, n);
        Check.slice("k2", k2, off, n);
        if (VECTOR) BlasVector.combine(out, x, h, c1, k1, c2, k2, off, n);
        else BlasScalar.combine(out, x, h, c1, k1, c2, k2, off, n);
    }

    /** out = x + h·(c1·k1 + c2·k2 + c3·k3) on [off, off+n). */
    public static void combine(double[] out, double[] x, double h, double c1, double[] k1, double c2, double[] k2,
                               double c3, double[] k3, int off, int n) {
        Check.slice("out", out, off, n);
        Check.slice("x", x, off, n);
        Check.slice("k1", k1, off, n);
        Check.slice("k2", k2, off, n);
        Check.slice("k3", k3, off, n);
        if (VECTOR) BlasVector.combine(out, x, h, c1, k1, c2, k2, c3, k3, off, n);
        else BlasScalar.combine(out, x, h, c1, k1, c2, k2, c3, k3, off, n);
    }

    /** out = x + h·(c1·k1 + c2·k2 + c3·k3 + c4·k4) on [off, off+n): the last stage of a 4-stage Runge–Kutta step. */
    public static void combine(double[] out, double[] x, double h, double c1, double[] k1, double c2, double[] k2,
                               double c3, double[] k3, double c4, double[] k4, int off, int n) {
        Check.slice("out", out, off, n);
        Check.slice("x", x, off, n);
        Check.slice("k1", k1, off, n);
        Check.slice("k2", k2, off, n);
        Check.slice("k3", k3, off, n);
        Check.slice("k4", k4, off, n);
        if (VECTOR) BlasVector.combine(out, x, h, c1, k1, c2, k2, c3, k3, c4, k4, off, n);
        else BlasScalar.combine(out, x, h, c1, k1, c2, k2, c3, k3, c4, k4, off, n);
    }

    /** Σ x_i. */
    public static double sum(double[] x, int off, int n) {
        Check.slice("x", x, off, n);
        return VECTOR ? BlasVector.sum(x, off, n) : BlasScalar.sum(x, off, n);
    }

    /** Σ x_i·y_i. */
    public static double dot(double[] x, int xOff, double[] y, int yOff, int n) {
        Check.slice("x", x, xOff, n);
        Check.slice("y", y, yOff, n);
        return VECTOR ? BlasVector.dot(x, xOff, y, yOff, n) : BlasScalar.dot(x, xOff, y, yOff, n);
    }

    /** Σ (x_i − y_i)², formed from differences: accurate however close x and y are. */
    public static double squaredDistance(double[] x, int xOff, double[] y, int yOff, int n) {
        Check.slice("x", x, xOff, n);
        Check.slice("y", y, yOff, n);
        return VECTOR ? BlasVector.squaredDistance(x, xOff, y, yOff, n) : BlasScalar.squaredDistance(x, xOff, y, yOff, n);
    }

    /** out[j] = Σ_i x[xOff + i·ld + j] for j in [0, cols). */
    public static void sumOfRows(double[] x, int xOff, int rows, int cols, int ld, double[] out, int outOff) {
        checkRows(x, xOff, rows, cols, ld);
        Check.slice("out", out, outOff, cols);
        if (VECTOR) BlasVector.sumOfRows(x, xOff, rows, cols, ld, out, outOff);
        else BlasScalar.sumOfRows(x, xOff, rows, cols, ld, out, outOff);
    }

    /** out[j] = Σ_i w_i·x[xOff + i·ld + j] for j in [0, cols): a weighted sum of rows (Xᵀw). */
    public static void weightedSumOfRows(double[] w, int wOff, double[] x, int xOff, int rows, int cols, int ld,
                                         double[] out, int outOff) {
        Check.slice("w", w, wOff, rows);
        checkRows(x, xOff, rows, cols, ld);
        Check.slice("out", out, outOff, cols);
        if (VECTOR) BlasVector.weightedSumOfRows(w, wOff, x, xOff, rows, cols, ld, out, outOff);
        else BlasScalar.weightedSumOfRows(w, wOff, x, xOff, rows, cols, ld, out, outOff);
    }

    /** out[j] = Σ_i (x[xOff + i·ld + j] − centre[cOff + j])² for j in [0, cols). */
    public static void squaredDeviationsOfRows(double[] x, int xOff, int rows, int cols, int ld, double[] centre,
                                               int cOff, double[] out, int outOff) {
        checkRows(x, xOff, rows, cols, ld);
        Check.slice("centre", centre, cOff, cols);
        Check.slice("out", out, outOff, cols);
        if (VECTOR) BlasVector.squaredDeviationsOfRows(x, xOff, rows, cols, ld, centre, cOff, out, outOff);
        else BlasScalar.squaredDeviationsOfRows(x, xOff, rows, cols, ld, centre, cOff, out, outOff);
    }

    private static void checkRows(double[] x, int xOff, int rows, int cols, int ld) {
        Require.atLeast("rows", rows, 0);
        Require.atLeast("cols", cols, 0);
        if (ld < cols) throw new IllegalArgumentException("ld = " + ld + ": expected a row stride >= cols = " + cols);
        Check.slice("x", x, xOff, rows == 0 ? 0 : (long) (rows - 1) * ld + cols);
    }
}
