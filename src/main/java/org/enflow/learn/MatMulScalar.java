package org.enflow.learn;

/**
 * Plain-Java twin of {@link MatMulVector}: the same per-element order (p ascending, one {@link Math#fma}
 * per term onto C's initial value), hence bit-identical results. No argument checks ({@link MatMul} does
 * them). The (i, p, j) loop order makes the inner loop a contiguous update the JIT can vectorize.
 */
public final class MatMulScalar {
    private MatMulScalar() {}

    public static void multiplyAdd(int m, int n, int k, double[] a, int aOff, int aRow, int aCol, double[] b, int bOff,
                                   int ldb, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc, ai = aOff + i * aRow;
            for (int p = 0; p < k; p++) {
                double aip = a[ai + p * aCol];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) c[ci + j] = Math.fma(aip, b[bp + j], c[ci + j]);
            }
        }
    }
}
