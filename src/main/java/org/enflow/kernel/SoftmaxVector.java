package org.enflow.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API max-shifted log-sum-exp and softmax, the twin of {@link SoftmaxScalar} with the same
 * signatures and no argument checks; {@code lanewise(EXP)} is intrinsified (~0.7 ns per element). Loading
 * this class requires {@code jdk.incubator.vector}: call it only when {@link Vectorization#enabled()}.
 */
public final class SoftmaxVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private SoftmaxVector() {}

    public static double max(double[] x, int off, int n) {
        DoubleVector m0 = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY), m1 = m0, m2 = m0, m3 = m0;
        int i = 0;
        for (int bound = n - 4 * L + 1; i < bound; i += 4 * L) {
            int o = off + i;
            m0 = m0.max(DoubleVector.fromArray(S, x, o));
            m1 = m1.max(DoubleVector.fromArray(S, x, o + L));
            m2 = m2.max(DoubleVector.fromArray(S, x, o + 2 * L));
            m3 = m3.max(DoubleVector.fromArray(S, x, o + 3 * L));
        }
        for (int bound = S.loopBound(n); i < bound; i += L) m0 = m0.max(DoubleVector.fromArray(S, x, off + i));
        double m = m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) m = Math.max(m, x[off + i]);
        return m;
    }

    public static double logSumExp(double[] x, int off, int n) {
        double m = max(x, off, n);
        if (!Double.isFinite(m)) return m == Double.POSITIVE_INFINITY ? Double.NaN : m;
        return m + Math.log(sumExp(x, off, n, m));
    }

    public static double softmax(double[] x, int off, int n, double[] out, int outOff) {
        double m = max(x, off, n);
        if (!Double.isFinite(m)) return m == Double.POSITIVE_INFINITY ? Double.NaN : m;
        double s = expInto(x, off, n, m, out, outOff);
        BlasVector.scale(1.0 / s, out, outOff, n);
        return m + Math.log(s);
    }

    public static void rowsLogSumExp(double[] x, int xOff, int rows, int cols, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) out[outOff + r] = logSumExp(x, xOff + r * cols, cols);
    }

    public static void rowsSoftmax(double[] x, int xOff, int rows, int cols, double[] out, int outOff, double[] lse, int lseOff) {
        for (int r = 0; r < rows; r++) {
            double v = softmax(x, xOff + r * cols, cols, out, outOff + r * cols);
            if (lse != null) lse[lseOff + r] = v;
        }
    }

    /** Σ exp(x_i − shift), two accumulators. */
    private static double sumExp(double[] x, int off, int n, double shift) {
        DoubleVector vs = DoubleVector.broadcast(S, shift), s0 = DoubleVector.zero(S), s1 = s0;
        int i = 0;
        for (int bound = n - 2 * L + 1; i < bound; i += 2 * L) {
            int o = off + i;
            s0 = s0.add(DoubleVector.fromArray(S, x, o).sub(vs).lanewise(VectorOperators.EXP));
            s1 = s1.add(DoubleVector.fromArray(S, x, o + L).sub(vs).lanewise(VectorOperators.EXP));
        }
        for (int bound = S.loopBound(n); i < bound; i += L)
            s0 = s0.add(DoubleVector.fromArray(S, x, off + i).sub(vs).lanewise(VectorOperators.EXP));
        double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += Math.exp(x[off + i] - shift);
        return s;
    }

    /** out_i = exp(x_i − shift); returns their sum, accumulated exactly as {@link #sumExp} does. */
    private static double expInto(double[] x, int off, int n, double shift, double[] out, int outOff) {
        DoubleVector vs = DoubleVector.broadcast(S, shift), s0 = DoubleVector.zero(S), s1 = s0;
        int i = 0;
        for (int bound = n - 2 * L + 1; i < bound; i += 2 * L) {
            int o = off + i;
            DoubleVector e0 = DoubleVector.fromArray(S, x, o).sub(vs).lanewise(VectorOperators.EXP);
            DoubleVector e1 = DoubleVector.fromArray(S, x, o + L).sub(vs).lanewise(VectorOperators.EXP);
            e0.intoArray(out, outOff + i);
            e1.intoArray(out, outOff + i + L);
            s0 = s0.add(e0);
            s1 = s1.add(e1);
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector e = DoubleVector.fromArray(S, x, off + i).sub(vs).lanewise(VectorOperators.EXP);
            e.intoArray(out, outOff + i);
            s0 = s0.add(e);
        }
        double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            double e = Math.exp(x[off + i] - shift);
            out[outOff + i] = e;
            s += e;
        }
        return s;
    }
}
