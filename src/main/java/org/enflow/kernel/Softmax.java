package org.enflow.kernel;

/**
 * Log-sum-exp and softmax over a vector or each row of a row-major matrix, in double with the maximum
 * shifted out first (exp never overflows; the largest term is exactly 1). Checks arguments, then runs
 * {@link SoftmaxVector} when {@link Vectorization#enabled()} and {@link SoftmaxScalar} otherwise (both
 * public, same signatures). Entries may be −∞ (zero weight); NaN or +∞ is rejected, and so is a softmax
 * whose entries are all −∞ (no weight anywhere). Nothing allocates.
 */
public final class Softmax {
    private static final boolean VECTOR = Vectorization.enabled();

    private Softmax() {}

    /** max_i x_i (NaN if any x_i is NaN). */
    public static double max(double[] x, int off, int n) {
        Require.positive("n", n);
        Check.slice("x", x, off, n);
        return VECTOR ? SoftmaxVector.max(x, off, n) : SoftmaxScalar.max(x, off, n);
    }

    /** log Σ_i exp(x_i); −∞ when all x_i are −∞. */
    public static double logSumExp(double[] x, int off, int n) {
        Require.positive("n", n);
        Check.slice("x", x, off, n);
        double v = VECTOR ? SoftmaxVector.logSumExp(x, off, n) : SoftmaxScalar.logSumExp(x, off, n);
        if (Double.isNaN(v)) throw nonFinite("x", x, off, n);
        return v;
    }

    /**
     * out_i = exp(x_i − logSumExp(x)) (weights summing to 1); returns the log-sum-exp. {@code out} may be
     * {@code x} at the same offset.
     */
    public static double softmax(double[] x, int off, int n, double[] out, int outOff) {
        Require.positive("n", n);
        Check.slice("x", x, off, n);
        Check.slice("out", out, outOff, n);
        double v = VECTOR ? SoftmaxVector.softmax(x, off, n, out, outOff) : SoftmaxScalar.softmax(x, off, n, out, outOff);
        if (!Double.isFinite(v)) throw nonFinite("x", x, off, n);
        return v;
    }

    /** out[outOff + r] = logSumExp(row r) for the rows × cols matrix at x[xOff]. */
    public static void rowsLogSumExp(double[] x, int xOff, int rows, int cols, double[] out, int outOff) {
        Require.atLeast("rows", rows, 0);
        Require.positive("cols", cols);
        Check.slice("x", x, xOff, Check.product("rows * cols", rows, cols));
        Check.slice("out", out, outOff, rows);
        if (VECTOR) SoftmaxVector.rowsLogSumExp(x, xOff, rows, cols, out, outOff);
        else SoftmaxScalar.rowsLogSumExp(x, xOff, rows, cols, out, outOff);
        for (int r = 0; r < rows; r++) if (Double.isNaN(out[outOff + r])) throw nonFinite("x row " + r, x, xOff + r * cols, cols);
    }

    /**
     * Softmax of each row of the rows × cols matrix at x[xOff] into the same positions of {@code out} at
     * outOff; the rows' log-sum-exps go to lse[lseOff + r] unless {@code lse} is null.
     */
    public static void rowsSoftmax(double[] x, int xOff, int rows, int cols, double[] out, int outOff, double[] lse, int lseOff) {
        Require.atLeast("rows", rows, 0);
        Require.positive("cols", cols);
        long size = Check.product("rows * cols", rows, cols);
        Check.slice("x", x, xOff, size);
        Check.slice("out", out, outOff, size);
        if (lse != null) Check.slice("lse", lse, lseOff, rows);
        for (int r = 0; r < rows; r++) {
            int xo = xOff + r * cols, oo = outOff + r * cols;
            double v = VECTOR ? SoftmaxVector.softmax(x, xo, cols, out, oo) : SoftmaxScalar.softmax(x, xo, cols, out, oo);
            if (!Double.isFinite(v)) throw nonFinite("x row " + r, x, xo, cols);
            if (lse != null) lse[lseOff + r] = v;
        }
    }

    private static IllegalArgumentException nonFinite(String name, double[] x, int off, int n) {
        for (int i = 0; i < n; i++) {
            double v = x[off + i];
            if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY)
                return new IllegalArgumentException(name + "[" + i + "] = " + v + ": expected a finite number or -Infinity");
        }
        return new IllegalArgumentException(name + ": every entry is -Infinity: a softmax needs at least one finite entry");
    }
}
