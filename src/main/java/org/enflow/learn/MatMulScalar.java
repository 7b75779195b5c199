package org.enflow.learn;

/**
 * Plain-Java twin of {@link MatMulVector}: the same per-element order (p ascending, one {@link Math#fma}
 * per term onto C's initial value), hence bit-identical results. No argument checks ({@link MatMul} does
 * them). Register tiles of 4 rows × 4 columns (16 independent FMA chains, so the scalar FMA units stay
 * busy), then single rows and single columns for the edges.
 */
public final class MatMulScalar {
    private MatMulScalar() {}

    public static void multiplyAdd(int m, int n, int k, double[] a, int aOff, int aRow, int aCol, double[] b, int bOff,
                                   int ldb, double[] c, int cOff, int ldc) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 4 <= n; j += 4) tile4x4(k, a, aOff + i * aRow, aRow, aCol, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            for (; j < n; j++)
                for (int r = 0; r < 4; r++) element(k, a, aOff + (i + r) * aRow, aCol, b, bOff + j, ldb, c, cOff + (i + r) * ldc + j);
        }
        for (; i < m; i++) {
            int j = 0;
            for (; j + 4 <= n; j += 4) tile1x4(k, a, aOff + i * aRow, aCol, b, bOff + j, ldb, c, cOff + i * ldc + j);
            for (; j < n; j++) element(k, a, aOff + i * aRow, aCol, b, bOff + j, ldb, c, cOff + i * ldc + j);
        }
    }

    private static void tile4x4(int k, double[] a, int a0, int aRow, int aCol, double[] b, int b0, int ldb, double[] c, int c0,
                                int ldc) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        double s00 = c[c0], s01 = c[c0 + 1], s02 = c[c0 + 2], s03 = c[c0 + 3];
        double s10 = c[c1], s11 = c[c1 + 1], s12 = c[c1 + 2], s13 = c[c1 + 3];
        double s20 = c[c2], s21 = c[c2 + 1], s22 = c[c2 + 2], s23 = c[c2 + 3];
        double s30 = c[c3], s31 = c[c3 + 1], s32 = c[c3 + 2], s33 = c[c3 + 3];
        int ap = a0, bp = b0;
        for (int p = 0; p < k; p++, ap += aCol, bp += ldb) {
            double b0v = b[bp], b1v = b[bp + 1], b2v = b[bp + 2], b3v = b[bp + 3];
            double x0 = a[ap], x1 = a[ap + aRow], x2 = a[ap + 2 * aRow], x3 = a[ap + 3 * aRow];
            s00 = Math.fma(x0, b0v, s00); s01 = Math.fma(x0, b1v, s01); s02 = Math.fma(x0, b2v, s02); s03 = Math.fma(x0, b3v, s03);
            s10 = Math.fma(x1, b0v, s10); s11 = Math.fma(x1, b1v, s11); s12 = Math.fma(x1, b2v, s12); s13 = Math.fma(x1, b3v, s13);
            s20 = Math.fma(x2, b0v, s20); s21 = Math.fma(x2, b1v, s21); s22 = Math.fma(x2, b2v, s22); s23 = Math.fma(x2, b3v, s23);
            s30 = Math.fma(x3, b0v, s30); s31 = Math.fma(x3, b1v, s31); s32 = Math.fma(x3, b2v, s32); s33 = Math.fma(x3, b3v, s33);
        }
        c[c0] = s00; c[c0 + 1] = s01; c[c0 + 2] = s02; c[c0 + 3] = s03;
        c[c1] = s10; c[c1 + 1] = s11; c[c1 + 2] = s12; c[c1 + 3] = s13;
        c[c2] = s20; c[c2 + 1] = s21; c[c2 + 2] = s22; c[c2 + 3] = s23;
        c[c3] = s30; c[c3 + 1] = s31; c[c3 + 2] = s32; c[c3 + 3] = s33;
    }

    private static void tile1x4(int k, double[] a, int a0, int aCol, double[] b, int b0, int ldb, double[] c, int c0) {
        double s0 = c[c0], s1 = c[c0 + 1], s2 = c[c0 + 2], s3 = c[c0 + 3];
        int ap = a0, bp = b0;
        for (int p = 0; p < k; p++, ap += aCol, bp += ldb) {
            double x = a[ap];
            s0 = Math.fma(x, b[bp], s0);
            s1 = Math.fma(x, b[bp + 1], s1);
            s2 = Math.fma(x, b[bp + 2], s2);
            s3 = Math.fma(x, b[bp + 3], s3);
        }
        c[c0] = s0;
        c[c0 + 1] = s1;
        c[c0 + 2] = s2;
        c[c0 + 3] = s3;
    }

    private static void element(int k, double[] a, int a0, int aCol, double[] b, int b0, int ldb, double[] c, int c0) {
        double s = c[c0];
        for (int p = 0, ap = a0, bp = b0; p < k; p++, ap += aCol, bp += ldb) s = Math.fma(a[ap], b[bp], s);
        c[c0] = s;
    }
}
