package org.enflow.filter.generative;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels of {@link BlockOps}; loaded only when the Vector API is enabled. Same arithmetic as
 * {@link BlockOpsScalar} (mul then add, no FMA), so both give bit-identical results. Each vector is loaded
 * before it is stored, so an output may coincide with an input slice.
 */
final class BlockOpsVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private BlockOpsVector() {}

    static void scale(double[] out, int oo, double c, double[] a, int ao, int n) {
        int k = 0;
        for (int ub = S.loopBound(n); k < ub; k += L) DoubleVector.fromArray(S, a, ao + k).mul(c).intoArray(out, oo + k);
        BlockOpsScalar.scale(out, oo + k, c, a, ao + k, n - k);
    }

    static void diff(double[] out, int oo, double c, double[] a, int ao, double[] b, int bo, int n) {
        int k = 0;
        for (int ub = S.loopBound(n); k < ub; k += L) {
            DoubleVector.fromArray(S, a, ao + k).sub(DoubleVector.fromArray(S, b, bo + k)).mul(c).intoArray(out, oo + k);
        }
        BlockOpsScalar.diff(out, oo + k, c, a, ao + k, b, bo + k, n - k);
    }

    /** Lanewise max then min follow Math.max/min: NaN stays NaN and −0 stays −0, as in the scalar branches. */
    static int clamp(double[] a, int off, int n, double limit) {
        int hits = 0, k = 0;
        for (int ub = S.loopBound(n); k < ub; k += L) {
            DoubleVector v = DoubleVector.fromArray(S, a, off + k);
            hits += v.compare(VectorOperators.GT, limit).trueCount() + v.compare(VectorOperators.LT, -limit).trueCount();
            v.max(-limit).min(limit).intoArray(a, off + k);
        }
        return hits + BlockOpsScalar.clamp(a, off + k, n - k, limit);
    }

    static void accDiff(double[] out, int oo, double[] acc, int co, double c, double[] a, int ao, double[] b, int bo, int n) {
        int k = 0;
        for (int ub = S.loopBound(n); k < ub; k += L) {
            DoubleVector d = DoubleVector.fromArray(S, a, ao + k).sub(DoubleVector.fromArray(S, b, bo + k)).mul(c);
            DoubleVector.fromArray(S, acc, co + k).add(d).intoArray(out, oo + k);
        }
        BlockOpsScalar.accDiff(out, oo + k, acc, co + k, c, a, ao + k, b, bo + k, n - k);
    }

    static void lin2(double[] out, int oo, double c1, double[] a1, int o1, double c2, double[] a2, int o2, int n) {
        int k = 0;
        for (int ub = S.loopBound(n); k < ub; k += L) {
            DoubleVector x = DoubleVector.fromArray(S, a1, o1 + k).mul(c1);
            x.add(DoubleVector.fromArray(S, a2, o2 + k).mul(c2)).intoArray(out, oo + k);
        }
        BlockOpsScalar.lin2(out, oo + k, c1, a1, o1 + k, c2, a2, o2 + k, n - k);
    }

    static void lin3(double[] out, int oo, double c1, double[] a1, int o1, double c2, double[] a2, int o2, double c3, double[] a3,
                     int o3, int n) {
        int k = 0;
        for (int ub = S.loopBound(n); k < ub; k += L) {
            DoubleVector x = DoubleVector.fromArray(S, a1, o1 + k).mul(c1);
            x = x.add(DoubleVector.fromArray(S, a2, o2 + k).mul(c2));
            x.add(DoubleVector.fromArray(S, a3, o3 + k).mul(c3)).intoArray(out, oo + k);
        }
        BlockOpsScalar.lin3(out, oo + k, c1, a1, o1 + k, c2, a2, o2 + k, c3, a3, o3 + k, n - k);
    }

    static void lin4(double[] out, int oo, double c1, double[] a1, int o1, double c2, double[] a2, int o2, double c3, double[] a3,
                     int o3, double c4, double[] a4, int o4, int n) {
        int k = 0;
        for (int ub = S.loopBound(n); k < ub; k += L) {
            DoubleVector x = DoubleVector.fromArray(S, a1, o1 + k).mul(c1);
            x = x.add(DoubleVector.fromArray(S, a2, o2 + k).mul(c2));
            x = x.add(DoubleVector.fromArray(S, a3, o3 + k).mul(c3));
            x.add(DoubleVector.fromArray(S, a4, o4 + k).mul(c4)).intoArray(out, oo + k);
        }
        BlockOpsScalar.lin4(out, oo + k, c1, a1, o1 + k, c2, a2, o2 + k, c3, a3, o3 + k, c4, a4, o4 + k, n - k);
    }

    /**
     * {@link BlockOps#weightedRows}: tiles of four vectors (then one) of columns, all rows of the group per tile,
     * each row's sums in registers over its terms; mul then add as in {@link #lin2}, so the bits match it.
     */
    static void weightedRows(int rows, double[] out, int oo, int os, double cz, double[] src, int so, int ss, double[] x, int[] xo,
                             double[] coef, int[] start, int n) {
        int k = 0;
        for (int ub = n - 4 * L; k <= ub; k += 4 * L) {
            for (int r = 0; r < rows; r++) {
                int t0 = start[r], t1 = start[r + 1], xk = xo[t0] + k;
                double c = coef[t0];
                DoubleVector a0 = DoubleVector.fromArray(S, x, xk).mul(c), a1 = DoubleVector.fromArray(S, x, xk + L).mul(c),
                        a2 = DoubleVector.fromArray(S, x, xk + 2 * L).mul(c), a3 = DoubleVector.fromArray(S, x, xk + 3 * L).mul(c);
                if (cz != 0.0) {
                    int sk = so + r * ss + k;
                    a0 = DoubleVector.fromArray(S, src, sk).mul(cz).add(a0);
                    a1 = DoubleVector.fromArray(S, src, sk + L).mul(cz).add(a1);
                    a2 = DoubleVector.fromArray(S, src, sk + 2 * L).mul(cz).add(a2);
                    a3 = DoubleVector.fromArray(S, src, sk + 3 * L).mul(cz).add(a3);
                }
                for (int t = t0 + 1; t < t1; t++) {
                    int xt = xo[t] + k;
                    double ct = coef[t];
                    a0 = a0.add(DoubleVector.fromArray(S, x, xt).mul(ct));
                    a1 = a1.add(DoubleVector.fromArray(S, x, xt + L).mul(ct));
                    a2 = a2.add(DoubleVector.fromArray(S, x, xt + 2 * L).mul(ct));
                    a3 = a3.add(DoubleVector.fromArray(S, x, xt + 3 * L).mul(ct));
                }
                int o = oo + r * os + k;
                a0.intoArray(out, o);
                a1.intoArray(out, o + L);
                a2.intoArray(out, o + 2 * L);
                a3.intoArray(out, o + 3 * L);
            }
        }
        for (int ub = n - L; k <= ub; k += L) {
            for (int r = 0; r < rows; r++) {
                int t0 = start[r], t1 = start[r + 1];
                DoubleVector a = DoubleVector.fromArray(S, x, xo[t0] + k).mul(coef[t0]);
                if (cz != 0.0) a = DoubleVector.fromArray(S, src, so + r * ss + k).mul(cz).add(a);
                for (int t = t0 + 1; t < t1; t++) a = a.add(DoubleVector.fromArray(S, x, xo[t] + k).mul(coef[t]));
                a.intoArray(out, oo + r * os + k);
            }
        }
        BlockOpsScalar.weightedRows(rows, out, oo, os, cz, src, so, ss, x, xo, coef, start, k, n);
    }
}
