package org.enflow.filter.classical.linalg;

/** Scalar twin of {@code SmallDenseVector}: the same fma chains element by element (bit-identical results). */
public final class SmallDenseScalar {
    private SmallDenseScalar() {}

    public static void multiply(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
                                double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc, ai = aOff + i * aRowStride;
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) s = Math.fma(a[ai + l * aColStride], b[bOff + l * ldb + j], s);
                c[ci + j] = s;
            }
        }
    }

    public static void rank1(int rows, double scale, double[] coef, int coefOff, double[] x, int xOff,
                             double[] t, int tOff, int ld, int len) {
        for (int i = 0; i < rows; i++) {
            double ci = scale * coef[coefOff + i];
            int o = tOff + i * ld;
            for (int j = 0; j < len; j++) t[o + j] = Math.fma(ci, x[xOff + j], t[o + j]);
        }
    }

    public static void rank2(int first, int rows, double[] v, double[] w, double[] t, int tOff, int ld, int col, int len) {
        for (int i = first; i < first + rows; i++) {
            double vi = -v[i], wi = -w[i];
            int o = tOff + i * ld;
            for (int j = col; j < col + len; j++) t[o + j] = Math.fma(vi, w[j], Math.fma(wi, v[j], t[o + j]));
        }
    }

    /** The scalar twin over the columns [from, n). */
    public static void multiplyAddRows(int m, int n, int k, double[] a, int aOff, int ars, double[] b, int bOff, int ldb,
                                       double[] init, int[] initRow, double[] out, int[] outRow, int from, boolean upperB) {
        for (int r = 0; r < m; r++) {
            int ar = aOff + r * ars;
            for (int j = from; j < n; j++) {
                double s = init[initRow[r] + j];
                int kEnd = upperB ? Math.min(k, j + 1) : k;
                for (int l = 0; l < kEnd; l++) s = Math.fma(a[ar + l], b[bOff + l * ldb + j], s);
                out[outRow[r] + j] = s;
            }
        }
    }

    /** The scalar twin of {@link SmallDense#combineRow} over the columns [from, len). */
    public static void combineRow(int len, int k, double[] a, int aOff, int aStride, double[] b, int bOff, int ldb,
                                  double[] c, int cOff, double scale, int from) {
        for (int j = from; j < len; j++) {
            double s = c[cOff + j];
            for (int l = 0; l < k; l++) s = Math.fma(-a[aOff + l * aStride], b[bOff + l * ldb + j], s);
            c[cOff + j] = s * scale;
        }
    }

    /** The scalar twin of {@link SmallDense#rank1x2} over the columns [from, len). */
    public static void rank1x2(int rows, double sa, double[] a, int aOff, double[] x, int xOff, double sb, double[] b, int bOff,
                               double[] y, int yOff, double[] t, int tOff, int ld, int len, int from) {
        for (int i = 0; i < rows; i++) {
            double ca = sa * a[aOff + i], cb = sb * b[bOff + i];
            int o = tOff + i * ld;
            for (int j = from; j < len; j++) t[o + j] = Math.fma(ca, x[xOff + j], Math.fma(cb, y[yOff + j], t[o + j]));
        }
    }
}
