package org.enflow.learn;

import org.enflow.kernel.Require;
import org.enflow.kernel.Vectorization;

/**
 * The one matrix product the MLP needs, in three uses (forward layer, input gradient, weight gradient):
 *
 * <pre>
 *   C[i][j] += Σ_p A(i, p) · B[p][j]      i &lt; m, j &lt; n, p &lt; k
 *   A(i, p) = a[aOff + i·aRow + p·aCol]   (any strides: A or Aᵀ of a row-major array)
 *   B[p][j] = b[bOff + p·ldb + j],  C[i][j] = c[cOff + i·ldc + j]
 * </pre>
 *
 * <p>Every element is accumulated onto C's initial value in the order p = 0, 1, …, k−1 with one fused
 * multiply-add per term. Both twins ({@link MatMulVector} when {@link Vectorization#enabled()},
 * {@link MatMulScalar} otherwise) follow this order exactly, so they are bit-identical, and a result does
 * not depend on how the caller splits rows between threads. C must not overlap A or B.
 *
 * <p>Cost: 2mnk flops. The vector twin keeps a 4-row × 32-column tile of C in registers while p runs
 * (16 accumulators; per p, 4 loads of B and 4 broadcasts of A for 16 FMAs), so it is compute-bound for
 * the 64-wide layers of the drift network.
 */
public final class MatMul {
    private static final boolean VECTOR = Vectorization.enabled();

    private MatMul() {}

    /** C += A·B with the strides above; checks that every slice exists. */
    public static void multiplyAdd(int m, int n, int k, double[] a, int aOff, int aRow, int aCol, double[] b, int bOff,
                                   int ldb, double[] c, int cOff, int ldc) {
        check(m, n, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0 || k == 0) return;
        if (VECTOR) MatMulVector.multiplyAdd(m, n, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc);
        else MatMulScalar.multiplyAdd(m, n, k, a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc);
    }

    static void check(int m, int n, int k, double[] a, int aOff, int aRow, int aCol, double[] b, int bOff, int ldb,
                      double[] c, int cOff, int ldc) {
        Require.atLeast("m", m, 0);
        Require.atLeast("n", n, 0);
        Require.atLeast("k", k, 0);
        Require.notNull("a", a);
        Require.notNull("b", b);
        Require.notNull("c", c);
        if (aRow < 0 || aCol < 0 || ldb < n || ldc < n)
            throw new IllegalArgumentException("strides aRow = " + aRow + ", aCol = " + aCol + ", ldb = " + ldb + ", ldc = " + ldc
                    + ": expected aRow, aCol >= 0 and ldb, ldc >= n = " + n);
        if (m == 0 || n == 0 || k == 0) return;
        slice("a", a, aOff, (long) (m - 1) * aRow + (long) (k - 1) * aCol + 1);
        slice("b", b, bOff, (long) (k - 1) * ldb + n);
        slice("c", c, cOff, (long) (m - 1) * ldc + n);
    }

    private static void slice(String name, double[] x, int off, long len) {
        if (off < 0 || off + len > x.length)
            throw new IllegalArgumentException(name + ".length = " + x.length + ": expected at least offset + extent = " + off
                    + " + " + len);
    }
}
