package org.enflow.kernel;

/**
 * Plain-Java reference twins of the {@link Blas} kernels: the same signatures, the same results up to
 * rounding, no argument checks (the {@link Blas} facade checks). They are the production path on a JVM
 * without {@code jdk.incubator.vector} and the reference the vector kernels are tested against.
 */
public final class BlasScalar {
    private BlasScalar() {}

    public static void axpy(double a, double[] x, int xOff, double[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] += a * x[xOff + i];
    }

    public static void addScaled(double[] x, int xOff, double a, double[] z, int zOff, double[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = x[xOff + i] + a * z[zOff + i];
    }

    public static void scale(double a, double[] x, int off, int n) {
        for (int i = off, end = off + n; i < end; i++) x[i] *= a;
    }

    public static void combine(double[] out, double[] x, double h, double c1, double[] k1, int off, int n) {
        for (int i = off, end = off + n; i < end; i++) out[i] = x[i] + h * (c1 * k1[i]);
    }

    public static void combine(double[] out, double[] x, double h, double c1, double[] k1, double c2, double[] k2,
                               int off, int n) {
        for (int i = off, end = off + n; i < end; i++) out[i] = x[i] + h * (c1 * k1[i] + c2 * k2[i]);
    }

    public static void combine(double[] out, double[] x, double h, double c1, double[] k1, double c2, double[] k2,
                               double c3, double[] k3, int off, int n) {
        for (int i = off, end = off + n; i < end; i++) out[i] = x[i] + h * (c1 * k1[i] + c2 * k2[i] + c3 * k3[i]);
    }

    public static void combine(double[] out, double[] x, double h, double c1, double[] k1, double c2, double[] k2,
                               double c3, double[] k3, double c4, double[] k4, int off, int n) {
        for (int i = off, end = off + n; i < end; i++)
            out[i] = x[i] + h * (c1 * k1[i] + c2 * k2[i] + c3 * k3[i] + c4 * k4[i]);
    }

    public static double sum(double[] x, int off, int n) {
        double s = 0;
        for (int i = off, end = off + n; i < end; i++) s += x[i];
        return s;
    }

    public static double dot(double[] x, int xOff, double[] y, int yOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[xOff + i] * y[yOff + i];
        return s;
    }

    public static double squaredDistance(double[] x, int xOff, double[] y, int yOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double t = x[xOff + i] - y[yOff + i];
            s += t * t;
        }
        return s;
    }

    public static void sumOfRows(double[] x, int xOff, int rows, int cols, int ld, double[] out, int outOff) {
        for (int j = 0; j < cols; j++) out[outOff + j] = 0;
        for (int i = 0; i < rows; i++) {
            int r = xOff + i * ld;
            for (int j = 0; j < cols; j++) out[outOff + j] += x[r + j];
        }
    }

    public static void weightedSumOfRows(double[] w, int wOff, double[] x, int xOff, int rows, int cols, int ld,
                                         double[] out, int outOff) {
        for (int j = 0; j < cols; j++) out[outOff + j] = 0;
        for (int i = 0; i < rows; i++) {
            int r = xOff + i * ld;
            double wi = w[wOff + i];
            for (int j = 0; j < cols; j++) out[outOff + j] += wi * x[r + j];
        }
    }

    public static void squaredDeviationsOfRows(double[] x, int xOff, int rows, int cols, int ld, double[] centre,
                                               int cOff, double[] out, int outOff) {
        for (int j = 0; j < cols; j++) out[outOff + j] = 0;
        for (int i = 0; i < rows; i++) {
            int r = xOff + i * ld;
            for (int j = 0; j < cols; j++) {
                double t = x[r + j] - centre[cOff + j];
                out[outOff + j] += t * t;
            }
        }
    }
}
