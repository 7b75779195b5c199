package org.enflow.filter.classical.linalg;

import org.enflow.kernel.Vectorization;

/**
 * Kernels for the small dense matrices of ensemble space (N×N with N up to a few hundred), row-major
 * with a row stride, written so that every vector operation runs <em>along a row</em>: products are
 * accumulated as weighted sums of rows (a broadcast scalar times a row), never as dot products, so no
 * horizontal lane sums are needed. Each output element is a chain of {@link Math#fma} in a fixed order,
 * the same in the Vector API twin ({@code SmallDenseVector}) and the scalar twin
 * ({@link SmallDenseScalar}): the two give bit-identical results. Callers that pad their row strides to
 * a multiple of {@link #PAD} get whole vectors only (no scalar tails).
 *
 * <p>No argument checks: these are internal kernels called with sizes the caller owns.
 */
public final class SmallDense {
    /** Row strides that are multiples of this leave no scalar tail for any vector species (≤ 8 doubles). */
    public static final int PAD = 8;

    private static final boolean VECTOR = Vectorization.enabled();

    private SmallDense() {}

    /** n rounded up to a multiple of {@link #PAD}. */
    public static int padded(int n) {
        return (n + PAD - 1) / PAD * PAD;
    }

    /**
     * C = A·B: c[cOff + i·ldc + j] = Σ_l A(i, l)·b[bOff + l·ldb + j] for i &lt; m, j &lt; n, accumulated over
     * l = 0 … k−1 in order from 0, with A(i, l) = a[aOff + i·aRowStride + l·aColStride] (so a transposed A
     * is just swapped strides). C must not overlap A or B.
     */
    public static void multiply(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
                                double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        if (VECTOR) SmallDenseVector.multiply(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, c, cOff, ldc);
        else SmallDenseScalar.multiply(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, c, cOff, ldc);
    }

    /**
     * Rank-one row update: t[tOff + i·ld + j] += (scale·coef[coefOff + i])·x[xOff + j] for i &lt; rows,
     * j &lt; len (one fma per element).
     */
    public static void rank1(int rows, double scale, double[] coef, int coefOff, double[] x, int xOff,
                             double[] t, int tOff, int ld, int len) {
        if (VECTOR) SmallDenseVector.rank1(rows, scale, coef, coefOff, x, xOff, t, tOff, ld, len);
        else SmallDenseScalar.rank1(rows, scale, coef, coefOff, x, xOff, t, tOff, ld, len);
    }

    /**
     * Symmetric rank-two row update t_ij −= v_i w_j + w_i v_j for rows i ∈ [first, first+rows) and
     * columns j ∈ [col, col+len): t[tOff + i·ld + j] = fma(−v_i, w_j, fma(−w_i, v_j, t)); v and w are
     * indexed by row and column alike (v[i], v[j]).
     */
    public static void rank2(int first, int rows, double[] v, double[] w, double[] t, int tOff, int ld, int col, int len) {
        if (VECTOR) SmallDenseVector.rank2(first, rows, v, w, t, tOff, ld, col, len);
        else SmallDenseScalar.rank2(first, rows, v, w, t, tOff, ld, col, len);
    }

    /**
     * Rows gathered and scattered by offset: out[outRow[r] + j] = init[initRow[r] + j] + Σ_l
     * a[aOff + r·ars + l]·b[bOff + l·ldb + j] for r &lt; m, j &lt; n, the sum an fma chain over l = 0 … k−1
     * that starts from the init value. Each row's result is stored once and its inputs are never
     * freshly written data, so nothing waits on a store to be forwarded. out rows must not overlap A, B or
     * other rows of init; out row r may be init row r itself (in place: a row's values are read before
     * they are stored). With {@code upperB} the caller promises B_lj = 0 for l &gt; j (upper triangular), and
     * those terms are skipped: adding an exact zero product leaves an fma chain unchanged, so the result
     * is the same, in about half the work.
     */
    public static void multiplyAddRows(int m, int n, int k, double[] a, int aOff, int ars, double[] b, int bOff, int ldb,
                                       double[] init, int[] initRow, double[] out, int[] outRow, boolean upperB) {
        if (VECTOR) SmallDenseVector.multiplyAddRows(m, n, k, a, aOff, ars, b, bOff, ldb, init, initRow, out, outRow, upperB);
        else SmallDenseScalar.multiplyAddRows(m, n, k, a, aOff, ars, b, bOff, ldb, init, initRow, out, outRow, 0, upperB);
    }

    /**
     * One row of a substitution: c[cOff + j] = scale·(c[cOff + j] − Σ_l a[aOff + l·aStride]·b[bOff + l·ldb + j])
     * for j &lt; len, the sum an fma chain over l = 0 … k−1 (with −a_l) starting from c, scaled once and
     * stored once (the row is never stored and reloaded). c must not overlap the rows of B.
     */
    public static void combineRow(int len, int k, double[] a, int aOff, int aStride, double[] b, int bOff, int ldb,
                                  double[] c, int cOff, double scale) {
        if (VECTOR) SmallDenseVector.combineRow(len, k, a, aOff, aStride, b, bOff, ldb, c, cOff, scale);
        else SmallDenseScalar.combineRow(len, k, a, aOff, aStride, b, bOff, ldb, c, cOff, scale, 0);
    }

    /**
     * Two rank-one row updates in one pass: t[tOff + i·ld + j] = fma(sa·a[aOff+i], x[xOff+j],
     * fma(sb·b[bOff+i], y[yOff+j], t)) for i &lt; rows, j &lt; len.
     */
    public static void rank1x2(int rows, double sa, double[] a, int aOff, double[] x, int xOff,
                               double sb, double[] b, int bOff, double[] y, int yOff, double[] t, int tOff, int ld, int len) {
        if (VECTOR) SmallDenseVector.rank1x2(rows, sa, a, aOff, x, xOff, sb, b, bOff, y, yOff, t, tOff, ld, len);
        else SmallDenseScalar.rank1x2(rows, sa, a, aOff, x, xOff, sb, b, bOff, y, yOff, t, tOff, ld, len, 0);
    }
}
