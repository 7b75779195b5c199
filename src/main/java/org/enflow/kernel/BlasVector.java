package org.enflow.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementations of the {@link Blas} kernels: the same signatures as {@link BlasScalar}, no
 * argument checks. Loading this class requires {@code jdk.incubator.vector}: call it only when
 * {@link Vectorization#enabled()} (the {@link Blas} facade does).
 *
 * <p>Shape of every kernel: an unmasked main loop over whole vectors and a scalar tail; reductions keep
 * four independent accumulators and combine them in a fixed order, so a result depends only on the
 * inputs. Scalar tails use {@link Math#fma} where the main loop fuses, so an element's value does not
 * depend on whether it fell in the main loop or the tail; the column reductions ({@code ...OfRows})
 * therefore give bit-identical columns however the columns are split between threads.
 */
public final class BlasVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns per chunk in the row reductions: the output chunk (4 KiB) stays in L1 while rows stream by. */
    private static final int CHUNK = 512;

    private BlasVector() {}

    public static void axpy(double a, double[] x, int xOff, double[] y, int yOff, int n) {
        DoubleVector va = DoubleVector.broadcast(S, a);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector vx = DoubleVector.fromArray(S, x, xOff + i);
            vx.fma(va, DoubleVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = Math.fma(x[xOff + i], a, y[yOff + i]);
    }

    public static void addScaled(double[] x, int xOff, double a, double[] z, int zOff, double[] out, int outOff, int n) {
        DoubleVector va = DoubleVector.broadcast(S, a);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector vz = DoubleVector.fromArray(S, z, zOff + i);
            vz.fma(va, DoubleVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = Math.fma(z[zOff + i], a, x[xOff + i]);
    }

    public static void scale(double a, double[] x, int off, int n) {
        DoubleVector va = DoubleVector.broadcast(S, a);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromArray(S, x, off + i).mul(va).intoArray(x, off + i);
        }
        for (; i < n; i++) x[off + i] *= a;
    }

    public static void combine(double[] out, double[] x, double h, double c1, double[] k1, int off, int n) {
        DoubleVector hc1 = DoubleVector.broadcast(S, h * c1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            int o = off + i;
            DoubleVector.fromArray(S, k1, o).fma(hc1, DoubleVector.fromArray(S, x, o)).intoArray(out, o);
        }
        double s = h * c1;
        for (; i < n; i++) out[off + i] = Math.fma(k1[off + i], s, x[off + i]);
    }

    public static void combine(double[] out, double[] x, double h, double c1, double[] k1, double c2, double[] k2,
                               int off, int n) {
        DoubleVector vh = DoubleVector.broadcast(S, h), v1 = DoubleVector.broadcast(S, c1), v2 = DoubleVector.broadcast(S, c2);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            int o = off + i;
            DoubleVector s = DoubleVector.fromArray(S, k1, o).mul(v1);
            s = DoubleVector.fromArray(S, k2, o).fma(v2, s);
            s.fma(vh, DoubleVector.fromArray(S, x, o)).intoArray(out, o);
        }
        for (; i < n; i++) {
            int o = off + i;
            out[o] = Math.fma(Math.fma(k2[o], c2, k1[o] * c1), h, x[o]);
        }
    }

    public static void combine(double[] out, double[] x, double h, double c1, double[] k1, double c2, double[] k2,
                               double c3, double[] k3, int off, int n) {
        DoubleVector vh = DoubleVector.broadcast(S, h), v1 = DoubleVector.broadcast(S, c1),
                v2 = DoubleVector.broadcast(S, c2), v3 = DoubleVector.broadcast(S, c3);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            int o = off + i;
            DoubleVector s = DoubleVector.fromArray(S, k1, o).mul(v1);
            s = DoubleVector.fromArray(S, k2, o).fma(v2, s);
            s = DoubleVector.fromArray(S, k3, o).fma(v3, s);
            s.fma(vh, DoubleVector.fromArray(S, x, o)).intoArray(out, o);
        }
        for (; i < n; i++) {
            int o = off + i;
            out[o] = Math.fma(Math.fma(k3[o], c3, Math.fma(k2[o], c2, k1[o] * c1)), h, x[o]);
        }
    }

    public static void combine(double[] out, double[] x, double h, double c1, double[] k1, double c2, double[] k2,
                               double c3, double[] k3, double c4, double[] k4, int off, int n) {
        DoubleVector vh = DoubleVector.broadcast(S, h), v1 = DoubleVector.broadcast(S, c1),
                v2 = DoubleVector.broadcast(S, c2), v3 = DoubleVector.broadcast(S, c3), v4 = DoubleVector.broadcast(S, c4);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            int o = off + i;
            DoubleVector s = DoubleVector.fromArray(S, k1, o).mul(v1);
            s = DoubleVector.fromArray(S, k2, o).fma(v2, s);
            s = DoubleVector.fromArray(S, k3, o).fma(v3, s);
            s = DoubleVector.fromArray(S, k4, o).fma(v4, s);
            s.fma(vh, DoubleVector.fromArray(S, x, o)).intoArray(out, o);
        }
        for (; i < n; i++) {
            int o = off + i;
            out[o] = Math.fma(Math.fma(k4[o], c4, Math.fma(k3[o], c3, Math.fma(k2[o], c2, k1[o] * c1))), h, x[o]);
        }
    }

    public static double sum(double[] x, int off, int n) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (int bound = n - 4 * L + 1; i < bound; i += 4 * L) {
            int o = off + i;
            s0 = s0.add(DoubleVector.fromArray(S, x, o));
            s1 = s1.add(DoubleVector.fromArray(S, x, o + L));
            s2 = s2.add(DoubleVector.fromArray(S, x, o + 2 * L));
            s3 = s3.add(DoubleVector.fromArray(S, x, o + 3 * L));
        }
        for (int bound = S.loopBound(n); i < bound; i += L) s0 = s0.add(DoubleVector.fromArray(S, x, off + i));
        DoubleVector lanes = s0.add(s1).add(s2.add(s3));
        double s = 0;
        for (int l = 0; l < L; l++) s += lanes.lane(l); // lane order: reduceLanes(ADD) reorders once C2-compiled (JDK 25)
        for (; i < n; i++) s += x[off + i];
        return s;
    }

    public static double dot(double[] x, int xOff, double[] y, int yOff, int n) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (int bound = n - 4 * L + 1; i < bound; i += 4 * L) {
            int a = xOff + i, b = yOff + i;
            s0 = DoubleVector.fromArray(S, x, a).fma(DoubleVector.fromArray(S, y, b), s0);
            s1 = DoubleVector.fromArray(S, x, a + L).fma(DoubleVector.fromArray(S, y, b + L), s1);
            s2 = DoubleVector.fromArray(S, x, a + 2 * L).fma(DoubleVector.fromArray(S, y, b + 2 * L), s2);
            s3 = DoubleVector.fromArray(S, x, a + 3 * L).fma(DoubleVector.fromArray(S, y, b + 3 * L), s3);
        }
        for (int bound = S.loopBound(n); i < bound; i += L)
            s0 = DoubleVector.fromArray(S, x, xOff + i).fma(DoubleVector.fromArray(S, y, yOff + i), s0);
        DoubleVector lanes = s0.add(s1).add(s2.add(s3));
        double s = 0;
        for (int l = 0; l < L; l++) s += lanes.lane(l); // lane order: reduceLanes(ADD) reorders once C2-compiled (JDK 25)
        for (; i < n; i++) s = Math.fma(x[xOff + i], y[yOff + i], s);
        return s;
    }

    public static double squaredDistance(double[] x, int xOff, double[] y, int yOff, int n) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (int bound = n - 4 * L + 1; i < bound; i += 4 * L) {
            int a = xOff + i, b = yOff + i;
            DoubleVector t0 = DoubleVector.fromArray(S, x, a).sub(DoubleVector.fromArray(S, y, b));
            DoubleVector t1 = DoubleVector.fromArray(S, x, a + L).sub(DoubleVector.fromArray(S, y, b + L));
            DoubleVector t2 = DoubleVector.fromArray(S, x, a + 2 * L).sub(DoubleVector.fromArray(S, y, b + 2 * L));
            DoubleVector t3 = DoubleVector.fromArray(S, x, a + 3 * L).sub(DoubleVector.fromArray(S, y, b + 3 * L));
            s0 = t0.fma(t0, s0);
            s1 = t1.fma(t1, s1);
            s2 = t2.fma(t2, s2);
            s3 = t3.fma(t3, s3);
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector t = DoubleVector.fromArray(S, x, xOff + i).sub(DoubleVector.fromArray(S, y, yOff + i));
            s0 = t.fma(t, s0);
        }
        DoubleVector lanes = s0.add(s1).add(s2.add(s3));
        double s = 0;
        for (int l = 0; l < L; l++) s += lanes.lane(l); // lane order: reduceLanes(ADD) reorders once C2-compiled (JDK 25)
        for (; i < n; i++) {
            double t = x[xOff + i] - y[yOff + i];
            s = Math.fma(t, t, s);
        }
        return s;
    }

    public static void sumOfRows(double[] x, int xOff, int rows, int cols, int ld, double[] out, int outOff) {
        for (int c = 0; c < cols; c += CHUNK) {
            int w = Math.min(CHUNK, cols - c);
            zero(out, outOff + c, w);
            int i = 0;
            for (; i + 4 <= rows; i += 4) addRows4(x, xOff + i * ld + c, ld, out, outOff + c, w);
            for (; i < rows; i++) addRow(x, xOff + i * ld + c, out, outOff + c, w);
        }
    }

    public static void weightedSumOfRows(double[] w, int wOff, double[] x, int xOff, int rows, int cols, int ld,
                                         double[] out, int outOff) {
        for (int c = 0; c < cols; c += CHUNK) {
            int cw = Math.min(CHUNK, cols - c);
            zero(out, outOff + c, cw);
            int i = 0;
            for (; i + 4 <= rows; i += 4)
                fmaRows4(w[wOff + i], w[wOff + i + 1], w[wOff + i + 2], w[wOff + i + 3], x, xOff + i * ld + c, ld,
                        out, outOff + c, cw);
            for (; i < rows; i++) fmaRow(w[wOff + i], x, xOff + i * ld + c, out, outOff + c, cw);
        }
    }

    public static void squaredDeviationsOfRows(double[] x, int xOff, int rows, int cols, int ld, double[] centre,
                                               int cOff, double[] out, int outOff) {
        for (int c = 0; c < cols; c += CHUNK) {
            int w = Math.min(CHUNK, cols - c);
            zero(out, outOff + c, w);
            int i = 0;
            for (; i + 4 <= rows; i += 4) squaredDeviationRows4(x, xOff + i * ld + c, ld, centre, cOff + c, out, outOff + c, w);
            for (; i < rows; i++) squaredDeviationRow(x, xOff + i * ld + c, centre, cOff + c, out, outOff + c, w);
        }
    }

    private static void zero(double[] out, int off, int n) {
        java.util.Arrays.fill(out, off, off + n, 0.0);
    }

    /** out[0..n) += rows r0..r3 (row stride ld), added in row order. */
    private static void addRows4(double[] x, int off, int ld, double[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            int o = off + i;
            DoubleVector s = DoubleVector.fromArray(S, out, outOff + i);
            s = s.add(DoubleVector.fromArray(S, x, o));
            s = s.add(DoubleVector.fromArray(S, x, o + ld));
            s = s.add(DoubleVector.fromArray(S, x, o + 2 * ld));
            s = s.add(DoubleVector.fromArray(S, x, o + 3 * ld));
            s.intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            int o = off + i;
            out[outOff + i] = out[outOff + i] + x[o] + x[o + ld] + x[o + 2 * ld] + x[o + 3 * ld];
        }
    }

    /** out[0..n) += one row. */
    private static void addRow(double[] x, int off, double[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromArray(S, out, outOff + i).add(DoubleVector.fromArray(S, x, off + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] += x[off + i];
    }

    private static void fmaRows4(double w0, double w1, double w2, double w3, double[] x, int off, int ld,
                                 double[] out, int outOff, int n) {
        DoubleVector v0 = DoubleVector.broadcast(S, w0), v1 = DoubleVector.broadcast(S, w1),
                v2 = DoubleVector.broadcast(S, w2), v3 = DoubleVector.broadcast(S, w3);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            int o = off + i;
            DoubleVector s = DoubleVector.fromArray(S, out, outOff + i);
            s = DoubleVector.fromArray(S, x, o).fma(v0, s);
            s = DoubleVector.fromArray(S, x, o + ld).fma(v1, s);
            s = DoubleVector.fromArray(S, x, o + 2 * ld).fma(v2, s);
            s = DoubleVector.fromArray(S, x, o + 3 * ld).fma(v3, s);
            s.intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            int o = off + i;
            double s = out[outOff + i];
            s = Math.fma(x[o], w0, s);
            s = Math.fma(x[o + ld], w1, s);
            s = Math.fma(x[o + 2 * ld], w2, s);
            out[outOff + i] = Math.fma(x[o + 3 * ld], w3, s);
        }
    }

    private static void fmaRow(double w, double[] x, int off, double[] out, int outOff, int n) {
        DoubleVector v = DoubleVector.broadcast(S, w);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromArray(S, x, off + i).fma(v, DoubleVector.fromArray(S, out, outOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = Math.fma(x[off + i], w, out[outOff + i]);
    }

    /** out[0..n) += Σ over rows r0..r3 (stride ld) of (x − centre)², in row order. */
    private static void squaredDeviationRows4(double[] x, int off, int ld, double[] c, int cOff,
                                              double[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            int o = off + i;
            DoubleVector m = DoubleVector.fromArray(S, c, cOff + i);
            DoubleVector s = DoubleVector.fromArray(S, out, outOff + i);
            DoubleVector t0 = DoubleVector.fromArray(S, x, o).sub(m);
            DoubleVector t1 = DoubleVector.fromArray(S, x, o + ld).sub(m);
            DoubleVector t2 = DoubleVector.fromArray(S, x, o + 2 * ld).sub(m);
            DoubleVector t3 = DoubleVector.fromArray(S, x, o + 3 * ld).sub(m);
            s = t0.fma(t0, s);
            s = t1.fma(t1, s);
            s = t2.fma(t2, s);
            s = t3.fma(t3, s);
            s.intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            int o = off + i;
            double m = c[cOff + i], s = out[outOff + i];
            double t0 = x[o] - m, t1 = x[o + ld] - m, t2 = x[o + 2 * ld] - m, t3 = x[o + 3 * ld] - m;
            s = Math.fma(t0, t0, s);
            s = Math.fma(t1, t1, s);
            s = Math.fma(t2, t2, s);
            out[outOff + i] = Math.fma(t3, t3, s);
        }
    }

    /** out[0..n) += (x − centre)² for one row. */
    private static void squaredDeviationRow(double[] x, int off, double[] c, int cOff, double[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector t = DoubleVector.fromArray(S, x, off + i).sub(DoubleVector.fromArray(S, c, cOff + i));
            t.fma(t, DoubleVector.fromArray(S, out, outOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            double t = x[off + i] - c[cOff + i];
            out[outOff + i] = Math.fma(t, t, out[outOff + i]);
        }
    }
}
