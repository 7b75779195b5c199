package org.enflow.learn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twin of {@link MatMulScalar} (load only when {@code Vectorization.enabled()}): register tiles
 * of 4 rows × 4 vectors of C (16 accumulators), then 4 × 1-vector tiles, then single rows, then scalar
 * tail columns. Each element is still accumulated in the order p = 0 … k−1 with one FMA per term, so
 * results are bit-identical to the scalar twin. No argument checks.
 */
public final class MatMulVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private MatMulVector() {}

    public static void multiplyAdd(int m, int n, int k, double[] a, int aOff, int aRow, int aCol, double[] b, int bOff,
                                   int ldb, double[] c, int cOff, int ldc) {
        int nv = n - n % L; // columns covered by whole vectors
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 4 * L <= nv; j += 4 * L) tile4x4(k, a, aOff + i * aRow, aRow, aCol, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            for (; j < nv; j += L) tile4x1(k, a, aOff + i * aRow, aRow, aCol, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            if (nv < n) tailColumns(4, n - nv, k, a, aOff + i * aRow, aRow, aCol, b, bOff + nv, ldb, c, cOff + i * ldc + nv, ldc);
        }
        for (; i < m; i++) {
            int j = 0;
            for (; j + 4 * L <= nv; j += 4 * L) tile1x4(k, a, aOff + i * aRow, aCol, b, bOff + j, ldb, c, cOff + i * ldc + j);
            for (; j < nv; j += L) tile1x1(k, a, aOff + i * aRow, aCol, b, bOff + j, ldb, c, cOff + i * ldc + j);
            if (nv < n) tailColumns(1, n - nv, k, a, aOff + i * aRow, aRow, aCol, b, bOff + nv, ldb, c, cOff + i * ldc + nv, ldc);
        }
    }

    private static void tile4x4(int k, double[] a, int a0, int aRow, int aCol, double[] b, int b0, int ldb, double[] c,
                                int c0, int ldc) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        DoubleVector r00 = DoubleVector.fromArray(S, c, c0), r01 = DoubleVector.fromArray(S, c, c0 + L);
        DoubleVector r02 = DoubleVector.fromArray(S, c, c0 + 2 * L), r03 = DoubleVector.fromArray(S, c, c0 + 3 * L);
        DoubleVector r10 = DoubleVector.fromArray(S, c, c1), r11 = DoubleVector.fromArray(S, c, c1 + L);
        DoubleVector r12 = DoubleVector.fromArray(S, c, c1 + 2 * L), r13 = DoubleVector.fromArray(S, c, c1 + 3 * L);
        DoubleVector r20 = DoubleVector.fromArray(S, c, c2), r21 = DoubleVector.fromArray(S, c, c2 + L);
        DoubleVector r22 = DoubleVector.fromArray(S, c, c2 + 2 * L), r23 = DoubleVector.fromArray(S, c, c2 + 3 * L);
        DoubleVector r30 = DoubleVector.fromArray(S, c, c3), r31 = DoubleVector.fromArray(S, c, c3 + L);
        DoubleVector r32 = DoubleVector.fromArray(S, c, c3 + 2 * L), r33 = DoubleVector.fromArray(S, c, c3 + 3 * L);
        int ap = a0, bp = b0;
        for (int p = 0; p < k; p++, ap += aCol, bp += ldb) {
            DoubleVector b0v = DoubleVector.fromArray(S, b, bp), b1v = DoubleVector.fromArray(S, b, bp + L);
            DoubleVector b2v = DoubleVector.fromArray(S, b, bp + 2 * L), b3v = DoubleVector.fromArray(S, b, bp + 3 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[ap]);
            r00 = x0.fma(b0v, r00); r01 = x0.fma(b1v, r01); r02 = x0.fma(b2v, r02); r03 = x0.fma(b3v, r03);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ap + aRow]);
            r10 = x1.fma(b0v, r10); r11 = x1.fma(b1v, r11); r12 = x1.fma(b2v, r12); r13 = x1.fma(b3v, r13);
            DoubleVector x2 = DoubleVector.broadcast(S, a[ap + 2 * aRow]);
            r20 = x2.fma(b0v, r20); r21 = x2.fma(b1v, r21); r22 = x2.fma(b2v, r22); r23 = x2.fma(b3v, r23);
            DoubleVector x3 = DoubleVector.broadcast(S, a[ap + 3 * aRow]);
            r30 = x3.fma(b0v, r30); r31 = x3.fma(b1v, r31); r32 = x3.fma(b2v, r32); r33 = x3.fma(b3v, r33);
        }
        r00.intoArray(c, c0); r01.intoArray(c, c0 + L); r02.intoArray(c, c0 + 2 * L); r03.intoArray(c, c0 + 3 * L);
        r10.intoArray(c, c1); r11.intoArray(c, c1 + L); r12.intoArray(c, c1 + 2 * L); r13.intoArray(c, c1 + 3 * L);
        r20.intoArray(c, c2); r21.intoArray(c, c2 + L); r22.intoArray(c, c2 + 2 * L); r23.intoArray(c, c2 + 3 * L);
        r30.intoArray(c, c3); r31.intoArray(c, c3 + L); r32.intoArray(c, c3 + 2 * L); r33.intoArray(c, c3 + 3 * L);
    }

    private static void tile4x1(int k, double[] a, int a0, int aRow, int aCol, double[] b, int b0, int ldb, double[] c,
                                int c0, int ldc) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        DoubleVector r0 = DoubleVector.fromArray(S, c, c0), r1 = DoubleVector.fromArray(S, c, c1);
        DoubleVector r2 = DoubleVector.fromArray(S, c, c2), r3 = DoubleVector.fromArray(S, c, c3);
        int ap = a0, bp = b0;
        for (int p = 0; p < k; p++, ap += aCol, bp += ldb) {
            DoubleVector bv = DoubleVector.fromArray(S, b, bp);
            r0 = DoubleVector.broadcast(S, a[ap]).fma(bv, r0);
            r1 = DoubleVector.broadcast(S, a[ap + aRow]).fma(bv, r1);
            r2 = DoubleVector.broadcast(S, a[ap + 2 * aRow]).fma(bv, r2);
            r3 = DoubleVector.broadcast(S, a[ap + 3 * aRow]).fma(bv, r3);
        }
        r0.intoArray(c, c0);
        r1.intoArray(c, c1);
        r2.intoArray(c, c2);
        r3.intoArray(c, c3);
    }

    private static void tile1x4(int k, double[] a, int a0, int aCol, double[] b, int b0, int ldb, double[] c, int c0) {
        DoubleVector r0 = DoubleVector.fromArray(S, c, c0), r1 = DoubleVector.fromArray(S, c, c0 + L);
        DoubleVector r2 = DoubleVector.fromArray(S, c, c0 + 2 * L), r3 = DoubleVector.fromArray(S, c, c0 + 3 * L);
        int ap = a0, bp = b0;
        for (int p = 0; p < k; p++, ap += aCol, bp += ldb) {
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            r0 = x.fma(DoubleVector.fromArray(S, b, bp), r0);
            r1 = x.fma(DoubleVector.fromArray(S, b, bp + L), r1);
            r2 = x.fma(DoubleVector.fromArray(S, b, bp + 2 * L), r2);
            r3 = x.fma(DoubleVector.fromArray(S, b, bp + 3 * L), r3);
        }
        r0.intoArray(c, c0);
        r1.intoArray(c, c0 + L);
        r2.intoArray(c, c0 + 2 * L);
        r3.intoArray(c, c0 + 3 * L);
    }

    private static void tile1x1(int k, double[] a, int a0, int aCol, double[] b, int b0, int ldb, double[] c, int c0) {
        DoubleVector r = DoubleVector.fromArray(S, c, c0);
        int ap = a0, bp = b0;
        for (int p = 0; p < k; p++, ap += aCol, bp += ldb) r = DoubleVector.broadcast(S, a[ap]).fma(DoubleVector.fromArray(S, b, bp), r);
        r.intoArray(c, c0);
    }

    /** The last n % L columns of {@code rows} rows, scalar, in the same p order. */
    private static void tailColumns(int rows, int cols, int k, double[] a, int a0, int aRow, int aCol, double[] b, int b0,
                                    int ldb, double[] c, int c0, int ldc) {
        for (int r = 0; r < rows; r++) {
            int ci = c0 + r * ldc, ai = a0 + r * aRow;
            for (int j = 0; j < cols; j++) {
                double s = c[ci + j];
                for (int p = 0; p < k; p++) s = Math.fma(a[ai + p * aCol], b[b0 + p * ldb + j], s);
                c[ci + j] = s;
            }
        }
    }
}
