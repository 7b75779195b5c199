package org.enflow.filter.generative;

import jdk.incubator.vector.DoubleVector;
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
}
