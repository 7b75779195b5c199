package org.enflow.filter.classical.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twin of {@link SmallDenseScalar}; loaded only when vectorization is enabled. The product
 * keeps a 4-row × 4-vector block of C in registers while it runs over l (8 loads per 16 fma), then
 * 4×2, 4×1, then single rows; columns past the last whole vector take the scalar twin's loop.
 */
final class SmallDenseVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private SmallDenseVector() {}

    static void multiply(int m, int n, int k, double[] a, int aOff, int ars, int acs,
                         double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        int nv = S.loopBound(n);
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 4 * L <= nv; j += 4 * L) block4x4(k, a, aOff + i * ars, ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            for (; j + 2 * L <= nv; j += 2 * L) block4x2(k, a, aOff + i * ars, ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
            for (; j < nv; j += L) block4x1(k, a, aOff + i * ars, ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
        }
        for (; i < m; i++) {
            int j = 0;
            for (; j + 2 * L <= nv; j += 2 * L) block1x2(k, a, aOff + i * ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j);
            for (; j < nv; j += L) block1x1(k, a, aOff + i * ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j);
        }
        if (nv < n) SmallDenseScalar.multiply(m, n - nv, k, a, aOff, ars, acs, b, bOff + nv, ldb, c, cOff + nv, ldc);
    }

    /** 4 rows × 4 vectors: 16 accumulators, 8 loads per 16 fma. */
    private static void block4x4(int k, double[] a, int a0, int ars, int acs, double[] b, int b0, int ldb,
                                 double[] c, int c0, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        DoubleVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int l = 0; l < k; l++) {
            int bo = b0 + l * ldb, ao = a0 + l * acs;
            DoubleVector x0 = DoubleVector.fromArray(S, b, bo), x1 = DoubleVector.fromArray(S, b, bo + L);
            DoubleVector x2 = DoubleVector.fromArray(S, b, bo + 2 * L), x3 = DoubleVector.fromArray(S, b, bo + 3 * L);
            DoubleVector y = DoubleVector.broadcast(S, a[ao]);
            c00 = y.fma(x0, c00);
            c01 = y.fma(x1, c01);
            c02 = y.fma(x2, c02);
            c03 = y.fma(x3, c03);
            y = DoubleVector.broadcast(S, a[ao + ars]);
            c10 = y.fma(x0, c10);
            c11 = y.fma(x1, c11);
            c12 = y.fma(x2, c12);
            c13 = y.fma(x3, c13);
            y = DoubleVector.broadcast(S, a[ao + 2 * ars]);
            c20 = y.fma(x0, c20);
            c21 = y.fma(x1, c21);
            c22 = y.fma(x2, c22);
            c23 = y.fma(x3, c23);
            y = DoubleVector.broadcast(S, a[ao + 3 * ars]);
            c30 = y.fma(x0, c30);
            c31 = y.fma(x1, c31);
            c32 = y.fma(x2, c32);
            c33 = y.fma(x3, c33);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c02.intoArray(c, c0 + 2 * L);
        c03.intoArray(c, c0 + 3 * L);
        int r = c0 + ldc;
        c10.intoArray(c, r);
        c11.intoArray(c, r + L);
        c12.intoArray(c, r + 2 * L);
        c13.intoArray(c, r + 3 * L);
        r += ldc;
        c20.intoArray(c, r);
        c21.intoArray(c, r + L);
        c22.intoArray(c, r + 2 * L);
        c23.intoArray(c, r + 3 * L);
        r += ldc;
        c30.intoArray(c, r);
        c31.intoArray(c, r + L);
        c32.intoArray(c, r + 2 * L);
        c33.intoArray(c, r + 3 * L);
    }

    private static void block4x2(int k, double[] a, int a0, int ars, int acs, double[] b, int b0, int ldb,
                                 double[] c, int c0, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int l = 0; l < k; l++) {
            int bo = b0 + l * ldb, ao = a0 + l * acs;
            DoubleVector x0 = DoubleVector.fromArray(S, b, bo), x1 = DoubleVector.fromArray(S, b, bo + L);
            DoubleVector y0 = DoubleVector.broadcast(S, a[ao]), y1 = DoubleVector.broadcast(S, a[ao + ars]);
            DoubleVector y2 = DoubleVector.broadcast(S, a[ao + 2 * ars]), y3 = DoubleVector.broadcast(S, a[ao + 3 * ars]);
            c00 = y0.fma(x0, c00);
            c01 = y0.fma(x1, c01);
            c10 = y1.fma(x0, c10);
            c11 = y1.fma(x1, c11);
            c20 = y2.fma(x0, c20);
            c21 = y2.fma(x1, c21);
            c30 = y3.fma(x0, c30);
            c31 = y3.fma(x1, c31);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + L);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + L);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + L);
    }

    private static void block4x1(int k, double[] a, int a0, int ars, int acs, double[] b, int b0, int ldb,
                                 double[] c, int c0, int ldc) {
        DoubleVector c0v = DoubleVector.zero(S), c1v = c0v, c2v = c0v, c3v = c0v;
        for (int l = 0; l < k; l++) {
            int ao = a0 + l * acs;
            DoubleVector x = DoubleVector.fromArray(S, b, b0 + l * ldb);
            c0v = DoubleVector.broadcast(S, a[ao]).fma(x, c0v);
            c1v = DoubleVector.broadcast(S, a[ao + ars]).fma(x, c1v);
            c2v = DoubleVector.broadcast(S, a[ao + 2 * ars]).fma(x, c2v);
            c3v = DoubleVector.broadcast(S, a[ao + 3 * ars]).fma(x, c3v);
        }
        c0v.intoArray(c, c0);
        c1v.intoArray(c, c0 + ldc);
        c2v.intoArray(c, c0 + 2 * ldc);
        c3v.intoArray(c, c0 + 3 * ldc);
    }

    private static void block1x2(int k, double[] a, int a0, int acs, double[] b, int b0, int ldb, double[] c, int c0) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0;
        for (int l = 0; l < k; l++) {
            int bo = b0 + l * ldb;
            DoubleVector y = DoubleVector.broadcast(S, a[a0 + l * acs]);
            s0 = y.fma(DoubleVector.fromArray(S, b, bo), s0);
            s1 = y.fma(DoubleVector.fromArray(S, b, bo + L), s1);
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c0 + L);
    }

    private static void block1x1(int k, double[] a, int a0, int acs, double[] b, int b0, int ldb, double[] c, int c0) {
        DoubleVector s = DoubleVector.zero(S);
        for (int l = 0; l < k; l++) s = DoubleVector.broadcast(S, a[a0 + l * acs]).fma(DoubleVector.fromArray(S, b, b0 + l * ldb), s);
        s.intoArray(c, c0);
    }

    static void rank1(int rows, double scale, double[] coef, int coefOff, double[] x, int xOff,
                      double[] t, int tOff, int ld, int len) {
        int nv = S.loopBound(len);
        for (int i = 0; i < rows; i++) {
            double ci = scale * coef[coefOff + i];
            DoubleVector cv = DoubleVector.broadcast(S, ci);
            int o = tOff + i * ld, j = 0;
            for (; j < nv; j += L)
                cv.fma(DoubleVector.fromArray(S, x, xOff + j), DoubleVector.fromArray(S, t, o + j)).intoArray(t, o + j);
            for (; j < len; j++) t[o + j] = Math.fma(ci, x[xOff + j], t[o + j]);
        }
    }

    static void rank2(int first, int rows, double[] v, double[] w, double[] t, int tOff, int ld, int col, int len) {
        int nv = S.loopBound(len);
        for (int i = first; i < first + rows; i++) {
            double vi = -v[i], wi = -w[i];
            DoubleVector vv = DoubleVector.broadcast(S, vi), wv = DoubleVector.broadcast(S, wi);
            int o = tOff + i * ld + col, j = 0;
            for (; j < nv; j += L) {
                DoubleVector r = wv.fma(DoubleVector.fromArray(S, v, col + j), DoubleVector.fromArray(S, t, o + j));
                vv.fma(DoubleVector.fromArray(S, w, col + j), r).intoArray(t, o + j);
            }
            for (; j < len; j++) t[o + j] = Math.fma(vi, w[col + j], Math.fma(wi, v[col + j], t[o + j]));
        }
    }

    static void multiplyAddRows(int m, int n, int k, double[] a, int aOff, int ars, double[] b, int bOff, int ldb,
                                double[] init, int[] initRow, double[] out, int[] outRow, boolean upperB) {
        int nv = S.loopBound(n);
        int r = 0;
        for (; r + 4 <= m; r += 4) {
            int j = 0;
            for (; j + 2 * L <= nv; j += 2 * L)
                addRows4x2(upperB ? Math.min(k, j + 2 * L) : k, a, aOff + r * ars, ars, b, bOff + j, ldb, init, initRow, out, outRow, r, j);
            for (; j < nv; j += L)
                addRows4x1(upperB ? Math.min(k, j + L) : k, a, aOff + r * ars, ars, b, bOff + j, ldb, init, initRow, out, outRow, r, j);
        }
        for (; r < m; r++) {
            int a0 = aOff + r * ars, j = 0;
            // Four vectors at a time: four independent fma chains instead of one latency-bound chain.
            for (; j + 4 * L <= nv; j += 4 * L) addRow1x4(upperB ? Math.min(k, j + 4 * L) : k, a, a0, b, bOff + j, ldb, init, initRow[r] + j, out, outRow[r] + j);
            for (; j < nv; j += L) {
                DoubleVector c = DoubleVector.fromArray(S, init, initRow[r] + j);
                int kEnd = upperB ? Math.min(k, j + L) : k;
                for (int l = 0; l < kEnd; l++) c = DoubleVector.broadcast(S, a[a0 + l]).fma(DoubleVector.fromArray(S, b, bOff + l * ldb + j), c);
                c.intoArray(out, outRow[r] + j);
            }
        }
        if (nv < n) SmallDenseScalar.multiplyAddRows(m, n, k, a, aOff, ars, b, bOff, ldb, init, initRow, out, outRow, nv, upperB);
    }

    /**
     * One row, four vectors: out[o + j] = init[i + j] + Σ_l a[a0 + l]·b[b0 + l·ldb + j] for j &lt; 4L. With upperB the
     * caller passes k = min(k, j + 4L) for all four vectors, as addRows4x2 does for its two: the extra terms are
     * exact zero products, which leave the chains unchanged.
     */
    private static void addRow1x4(int k, double[] a, int a0, double[] b, int b0, int ldb, double[] init, int i, double[] out, int o) {
        DoubleVector c0 = DoubleVector.fromArray(S, init, i), c1 = DoubleVector.fromArray(S, init, i + L);
        DoubleVector c2 = DoubleVector.fromArray(S, init, i + 2 * L), c3 = DoubleVector.fromArray(S, init, i + 3 * L);
        for (int l = 0; l < k; l++) {
            int bo = b0 + l * ldb;
            DoubleVector y = DoubleVector.broadcast(S, a[a0 + l]);
            c0 = y.fma(DoubleVector.fromArray(S, b, bo), c0);
            c1 = y.fma(DoubleVector.fromArray(S, b, bo + L), c1);
            c2 = y.fma(DoubleVector.fromArray(S, b, bo + 2 * L), c2);
            c3 = y.fma(DoubleVector.fromArray(S, b, bo + 3 * L), c3);
        }
        c0.intoArray(out, o);
        c1.intoArray(out, o + L);
        c2.intoArray(out, o + 2 * L);
        c3.intoArray(out, o + 3 * L);
    }

    private static void addRows4x2(int k, double[] a, int a0, int ars, double[] b, int b0, int ldb, double[] init,
                                   int[] initRow, double[] out, int[] outRow, int r, int j) {
        int i0 = initRow[r] + j, i1 = initRow[r + 1] + j, i2 = initRow[r + 2] + j, i3 = initRow[r + 3] + j;
        DoubleVector c00 = DoubleVector.fromArray(S, init, i0), c01 = DoubleVector.fromArray(S, init, i0 + L);
        DoubleVector c10 = DoubleVector.fromArray(S, init, i1), c11 = DoubleVector.fromArray(S, init, i1 + L);
        DoubleVector c20 = DoubleVector.fromArray(S, init, i2), c21 = DoubleVector.fromArray(S, init, i2 + L);
        DoubleVector c30 = DoubleVector.fromArray(S, init, i3), c31 = DoubleVector.fromArray(S, init, i3 + L);
        for (int l = 0; l < k; l++) {
            int bo = b0 + l * ldb, ao = a0 + l;
            DoubleVector x0 = DoubleVector.fromArray(S, b, bo), x1 = DoubleVector.fromArray(S, b, bo + L);
            DoubleVector y = DoubleVector.broadcast(S, a[ao]);
            c00 = y.fma(x0, c00);
            c01 = y.fma(x1, c01);
            y = DoubleVector.broadcast(S, a[ao + ars]);
            c10 = y.fma(x0, c10);
            c11 = y.fma(x1, c11);
            y = DoubleVector.broadcast(S, a[ao + 2 * ars]);
            c20 = y.fma(x0, c20);
            c21 = y.fma(x1, c21);
            y = DoubleVector.broadcast(S, a[ao + 3 * ars]);
            c30 = y.fma(x0, c30);
            c31 = y.fma(x1, c31);
        }
        int o0 = outRow[r] + j, o1 = outRow[r + 1] + j, o2 = outRow[r + 2] + j, o3 = outRow[r + 3] + j;
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + L);
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + L);
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + L);
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + L);
    }

    private static void addRows4x1(int k, double[] a, int a0, int ars, double[] b, int b0, int ldb, double[] init,
                                   int[] initRow, double[] out, int[] outRow, int r, int j) {
        DoubleVector c0 = DoubleVector.fromArray(S, init, initRow[r] + j), c1 = DoubleVector.fromArray(S, init, initRow[r + 1] + j);
        DoubleVector c2 = DoubleVector.fromArray(S, init, initRow[r + 2] + j), c3 = DoubleVector.fromArray(S, init, initRow[r + 3] + j);
        for (int l = 0; l < k; l++) {
            DoubleVector x = DoubleVector.fromArray(S, b, b0 + l * ldb);
            int ao = a0 + l;
            c0 = DoubleVector.broadcast(S, a[ao]).fma(x, c0);
            c1 = DoubleVector.broadcast(S, a[ao + ars]).fma(x, c1);
            c2 = DoubleVector.broadcast(S, a[ao + 2 * ars]).fma(x, c2);
            c3 = DoubleVector.broadcast(S, a[ao + 3 * ars]).fma(x, c3);
        }
        c0.intoArray(out, outRow[r] + j);
        c1.intoArray(out, outRow[r + 1] + j);
        c2.intoArray(out, outRow[r + 2] + j);
        c3.intoArray(out, outRow[r + 3] + j);
    }

    static void combineRow(int len, int k, double[] a, int aOff, int aStride, double[] b, int bOff, int ldb,
                           double[] c, int cOff, double scale) {
        int nv = S.loopBound(len), j = 0;
        for (; j + 2 * L <= nv; j += 2 * L) {
            DoubleVector s0 = DoubleVector.fromArray(S, c, cOff + j), s1 = DoubleVector.fromArray(S, c, cOff + j + L);
            for (int l = 0; l < k; l++) {
                DoubleVector y = DoubleVector.broadcast(S, -a[aOff + l * aStride]);
                int bo = bOff + l * ldb + j;
                s0 = y.fma(DoubleVector.fromArray(S, b, bo), s0);
                s1 = y.fma(DoubleVector.fromArray(S, b, bo + L), s1);
            }
            s0.mul(scale).intoArray(c, cOff + j);
            s1.mul(scale).intoArray(c, cOff + j + L);
        }
        for (; j < nv; j += L) {
            DoubleVector s0 = DoubleVector.fromArray(S, c, cOff + j);
            for (int l = 0; l < k; l++)
                s0 = DoubleVector.broadcast(S, -a[aOff + l * aStride]).fma(DoubleVector.fromArray(S, b, bOff + l * ldb + j), s0);
            s0.mul(scale).intoArray(c, cOff + j);
        }
        if (nv < len) SmallDenseScalar.combineRow(len, k, a, aOff, aStride, b, bOff, ldb, c, cOff, scale, nv);
    }

    static void rank1x2(int rows, double sa, double[] a, int aOff, double[] x, int xOff, double sb, double[] b, int bOff,
                        double[] y, int yOff, double[] t, int tOff, int ld, int len) {
        int nv = S.loopBound(len);
        for (int i = 0; i < rows; i++) {
            double ca = sa * a[aOff + i], cb = sb * b[bOff + i];
            DoubleVector va = DoubleVector.broadcast(S, ca), vb = DoubleVector.broadcast(S, cb);
            int o = tOff + i * ld, j = 0;
            for (; j < nv; j += L) {
                DoubleVector r = vb.fma(DoubleVector.fromArray(S, y, yOff + j), DoubleVector.fromArray(S, t, o + j));
                va.fma(DoubleVector.fromArray(S, x, xOff + j), r).intoArray(t, o + j);
            }
            for (; j < len; j++) t[o + j] = Math.fma(ca, x[xOff + j], Math.fma(cb, y[yOff + j], t[o + j]));
        }
    }
}
