package org.enflow.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API max-shifted log-sum-exp and softmax, the twin of {@link SoftmaxScalar} with the same
 * signatures and no argument checks; exponentials by {@link ExpVector} (~0.7 ns per element, bit-identical
 * to {@link ExpScalar}, whatever the JIT has compiled), sums by two vector accumulators per tile. Loading
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

    /**
     * Exponentials go through {@link ExpVector} (deterministic, unlike {@code lanewise(EXP)}, whose bits
     * depend on whether C2 has compiled the loop) in tiles of this many doubles; sums are formed per tile
     * in the same order by {@link #sumExp} and {@link #expInto}, so softmax returns exactly logSumExp.
     */
    static final int TILE = 512;
    /** Scratch for {@link #sumExp}, which has no output array: one tile per thread, allocated once. */
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[TILE]);

    /** Σ exp(x_i − shift), tile by tile. */
    private static double sumExp(double[] x, int off, int n, double shift) {
        double[] tile = SCRATCH.get();
        double s = 0;
        for (int c = 0; c < n; c += TILE) {
            int len = Math.min(TILE, n - c);
            ExpVector.shifted(x, off + c, shift, tile, 0, len);
            s += sum(tile, 0, len);
        }
        return s;
    }

    /** out_i = exp(x_i − shift); returns their sum, accumulated exactly as {@link #sumExp} does. */
    private static double expInto(double[] x, int off, int n, double shift, double[] out, int outOff) {
        ExpVector.shifted(x, off, shift, out, outOff, n);
        double s = 0;
        for (int c = 0; c < n; c += TILE) s += sum(out, outOff + c, Math.min(TILE, n - c));
        return s;
    }

    /**
     * Σ a_i: two vector accumulators, their lanes added in lane order, then the tail in order. Not
     * {@code reduceLanes(ADD)}: on JDK 25 its C2 code adds the lanes in another order than its Java
     * fallback, so a sum changed once the loop was compiled (measured: 46 of 100 sums of 203 values).
     */
    private static double sum(double[] a, int off, int n) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0;
        int i = 0;
        for (int bound = n - 2 * L + 1; i < bound; i += 2 * L) {
            s0 = s0.add(DoubleVector.fromArray(S, a, off + i));
            s1 = s1.add(DoubleVector.fromArray(S, a, off + i + L));
        }
        for (int bound = S.loopBound(n); i < bound; i += L) s0 = s0.add(DoubleVector.fromArray(S, a, off + i));
        DoubleVector lanes = s0.add(s1);
        double s = 0;
        for (int k = 0; k < L; k++) s += lanes.lane(k);
        for (; i < n; i++) s += a[off + i];
        return s;
    }
}
