package org.enflow.filter.generative;

import org.enflow.kernel.Vectorization;

/**
 * Elementwise linear combinations of array slices, the per-chunk arithmetic of the flow engine. Each
 * operand is (array, offset); outputs may coincide with an input slice (same array and offset).
 *
 * <p>Why explicit kernels: on JDK 17, C2 does not auto-vectorize a loop whose arrays are indexed with
 * different offset variables (it cannot rule out overlap), which is every loop here; such loops ran 3–4×
 * slower than their vector form. {@link BlockOpsVector} is used when the Vector API is enabled,
 * {@link BlockOpsScalar} (the same arithmetic, same rounding: no FMA contraction) otherwise.
 */
final class BlockOps {
    private static final boolean VECTOR = Vectorization.enabled();

    private BlockOps() {}

    /** out = c·a. */
    static void scale(double[] out, int oo, double c, double[] a, int ao, int n) {
        if (VECTOR) BlockOpsVector.scale(out, oo, c, a, ao, n);
        else BlockOpsScalar.scale(out, oo, c, a, ao, n);
    }

    /** out = c·(a − b). */
    static void diff(double[] out, int oo, double c, double[] a, int ao, double[] b, int bo, int n) {
        if (VECTOR) BlockOpsVector.diff(out, oo, c, a, ao, b, bo, n);
        else BlockOpsScalar.diff(out, oo, c, a, ao, b, bo, n);
    }

    /** out = acc + c·(a − b). */
    static void accDiff(double[] out, int oo, double[] acc, int co, double c, double[] a, int ao, double[] b, int bo, int n) {
        if (VECTOR) BlockOpsVector.accDiff(out, oo, acc, co, c, a, ao, b, bo, n);
        else BlockOpsScalar.accDiff(out, oo, acc, co, c, a, ao, b, bo, n);
    }

    /** out = c1·a1 + c2·a2. */
    static void lin2(double[] out, int oo, double c1, double[] a1, int o1, double c2, double[] a2, int o2, int n) {
        if (VECTOR) BlockOpsVector.lin2(out, oo, c1, a1, o1, c2, a2, o2, n);
        else BlockOpsScalar.lin2(out, oo, c1, a1, o1, c2, a2, o2, n);
    }

    /** out = c1·a1 + c2·a2 + c3·a3. */
    static void lin3(double[] out, int oo, double c1, double[] a1, int o1, double c2, double[] a2, int o2, double c3, double[] a3,
                     int o3, int n) {
        if (VECTOR) BlockOpsVector.lin3(out, oo, c1, a1, o1, c2, a2, o2, c3, a3, o3, n);
        else BlockOpsScalar.lin3(out, oo, c1, a1, o1, c2, a2, o2, c3, a3, o3, n);
    }

    /**
     * Weighted sums of rows for a group of {@code rows} output rows: row r (at out[oo + r·os ..]) is
     * <pre>
     *   c_{t0}·x_{t0}                                        (cz = 0)   or   cz·src_r + c_{t0}·x_{t0},
     *   then + c_t·x_t for t = t0+1 … t1−1, in order,
     * </pre>
     * with [t0, t1) = [start[r], start[r+1]), x_t the slice of x at xo[t], c_t = coef[t] and src_r at
     * src[so + r·ss ..]: the same values, bit for bit, as {@link #scale} or {@link #lin2} for the first term and one
     * {@link #lin2}(out, 1, out, c_t, x_t) per further term. The columns are visited in register tiles, all rows
     * of the group per tile, so each x slice is read from L2 once per group and the sums never leave the registers.
     * The output rows must not overlap the inputs.
     */
    static void weightedRows(int rows, double[] out, int oo, int os, double cz, double[] src, int so, int ss, double[] x, int[] xo,
                             double[] coef, int[] start, int n) {
        if (VECTOR) BlockOpsVector.weightedRows(rows, out, oo, os, cz, src, so, ss, x, xo, coef, start, n);
        else BlockOpsScalar.weightedRows(rows, out, oo, os, cz, src, so, ss, x, xo, coef, start, 0, n);
    }

    /**
     * a = min(max(a, −limit), limit) in place (NaN stays NaN, −0 stays −0); returns the number of values
     * that were outside [−limit, limit].
     */
    static int clamp(double[] a, int off, int n, double limit) {
        return VECTOR ? BlockOpsVector.clamp(a, off, n, limit) : BlockOpsScalar.clamp(a, off, n, limit);
    }

    /** out = c1·a1 + c2·a2 + c3·a3 + c4·a4. */
    static void lin4(double[] out, int oo, double c1, double[] a1, int o1, double c2, double[] a2, int o2, double c3, double[] a3,
                     int o3, double c4, double[] a4, int o4, int n) {
        if (VECTOR) BlockOpsVector.lin4(out, oo, c1, a1, o1, c2, a2, o2, c3, a3, o3, c4, a4, o4, n);
        else BlockOpsScalar.lin4(out, oo, c1, a1, o1, c2, a2, o2, c3, a3, o3, c4, a4, o4, n);
    }
}
