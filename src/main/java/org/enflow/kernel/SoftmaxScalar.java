package org.enflow.kernel;

/**
 * Plain-Java twin of {@link SoftmaxVector}: max-shifted log-sum-exp and softmax in double, the same
 * signatures and special-value behaviour; no argument checks. The exponentials are {@link ExpScalar}'s,
 * bit-identical to the vector twin's; the sums run in sequence, so results equal the vector twin's up to
 * the rounding of the sums.
 */
public final class SoftmaxScalar {
    private SoftmaxScalar() {}

    public static double max(double[] x, int off, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = off, end = off + n; i < end; i++) m = Math.max(m, x[i]);
        return m;
    }

    /** log Σ exp(x_i): −∞ when every x_i is −∞, NaN when some x_i is NaN or +∞. */
    public static double logSumExp(double[] x, int off, int n) {
        double m = max(x, off, n);
        if (!Double.isFinite(m)) return m == Double.POSITIVE_INFINITY ? Double.NaN : m;
        double s = 0;
        for (int i = off, end = off + n; i < end; i++) s += ExpScalar.exp(x[i] - m);
        return m + Math.log(s);
    }

    /** out = exp(x − logSumExp(x)); returns the log-sum-exp. Writes nothing when it is not finite. */
    public static double softmax(double[] x, int off, int n, double[] out, int outOff) {
        double m = max(x, off, n);
        if (!Double.isFinite(m)) return m == Double.POSITIVE_INFINITY ? Double.NaN : m;
        double s = 0;
        for (int i = 0; i < n; i++) {
            double e = ExpScalar.exp(x[off + i] - m);
            out[outOff + i] = e;
            s += e;
        }
        double inv = 1.0 / s;
        for (int i = 0; i < n; i++) out[outOff + i] *= inv;
        return m + Math.log(s);
    }

    public static void rowsLogSumExp(double[] x, int xOff, int rows, int cols, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) out[outOff + r] = logSumExp(x, xOff + r * cols, cols);
    }

    public static void rowsSoftmax(double[] x, int xOff, int rows, int cols, double[] out, int outOff, double[] lse, int lseOff) {
        for (int r = 0; r < rows; r++) {
            double v = softmax(x, xOff + r * cols, cols, out, outOff + r * cols);
            if (lse != null) lse[lseOff + r] = v;
        }
    }
}
