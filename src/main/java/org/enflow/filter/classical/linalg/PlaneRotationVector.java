package org.enflow.filter.classical.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/** Vector API twin of {@link PlaneRotation}'s scalar loops; loaded only when vectorization is enabled. */
final class PlaneRotationVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private PlaneRotationVector() {}

    static void apply(double[] m, int xOff, int yOff, int n, double c, double s) {
        int bound = S.loopBound(n);
        DoubleVector cv = DoubleVector.broadcast(S, c), sv = DoubleVector.broadcast(S, s), ns = DoubleVector.broadcast(S, -s);
        int t = 0;
        for (; t < bound; t += L) {
            DoubleVector u = DoubleVector.fromArray(S, m, xOff + t), v = DoubleVector.fromArray(S, m, yOff + t);
            u.fma(cv, v.mul(sv)).intoArray(m, xOff + t);
            u.fma(ns, v.mul(cv)).intoArray(m, yOff + t);
        }
        for (; t < n; t++) {
            double u = m[xOff + t], v = m[yOff + t];
            m[xOff + t] = Math.fma(c, u, s * v);
            m[yOff + t] = Math.fma(-s, u, c * v);
        }
    }

    /** Column blocks of 4, 2 and 1 vectors, each carrying its rows through the sweep in registers. */
    static void sweep(double[] m, int off, int ld, int lo, int hi, double[] cs, double[] sn, int len) {
        int bound = S.loopBound(len), t = 0;
        for (; t + 4 * L <= bound; t += 4 * L) sweep4(m, off + t, ld, lo, hi, cs, sn);
        for (; t + 2 * L <= bound; t += 2 * L) sweep2(m, off + t, ld, lo, hi, cs, sn);
        for (; t < bound; t += L) sweep1(m, off + t, ld, lo, hi, cs, sn);
        if (t < len) PlaneRotation.sweepScalar(m, off, ld, lo, hi, cs, sn, t, len);
    }

    private static void sweep4(double[] m, int off, int ld, int lo, int hi, double[] cs, double[] sn) {
        int o = off + lo * ld;
        DoubleVector x0 = DoubleVector.fromArray(S, m, o), x1 = DoubleVector.fromArray(S, m, o + L);
        DoubleVector x2 = DoubleVector.fromArray(S, m, o + 2 * L), x3 = DoubleVector.fromArray(S, m, o + 3 * L);
        for (int k = lo; k < hi; k++) {
            DoubleVector c = DoubleVector.broadcast(S, cs[k - lo]), s = DoubleVector.broadcast(S, sn[k - lo]), ns = s.neg();
            int p = o + ld;
            DoubleVector y0 = DoubleVector.fromArray(S, m, p), y1 = DoubleVector.fromArray(S, m, p + L);
            DoubleVector y2 = DoubleVector.fromArray(S, m, p + 2 * L), y3 = DoubleVector.fromArray(S, m, p + 3 * L);
            x0.fma(c, y0.mul(s)).intoArray(m, o);
            x1.fma(c, y1.mul(s)).intoArray(m, o + L);
            x2.fma(c, y2.mul(s)).intoArray(m, o + 2 * L);
            x3.fma(c, y3.mul(s)).intoArray(m, o + 3 * L);
            x0 = x0.fma(ns, y0.mul(c));
            x1 = x1.fma(ns, y1.mul(c));
            x2 = x2.fma(ns, y2.mul(c));
            x3 = x3.fma(ns, y3.mul(c));
            o = p;
        }
        x0.intoArray(m, o);
        x1.intoArray(m, o + L);
        x2.intoArray(m, o + 2 * L);
        x3.intoArray(m, o + 3 * L);
    }

    private static void sweep2(double[] m, int off, int ld, int lo, int hi, double[] cs, double[] sn) {
        int o = off + lo * ld;
        DoubleVector x0 = DoubleVector.fromArray(S, m, o), x1 = DoubleVector.fromArray(S, m, o + L);
        for (int k = lo; k < hi; k++) {
            DoubleVector c = DoubleVector.broadcast(S, cs[k - lo]), s = DoubleVector.broadcast(S, sn[k - lo]), ns = s.neg();
            int p = o + ld;
            DoubleVector y0 = DoubleVector.fromArray(S, m, p), y1 = DoubleVector.fromArray(S, m, p + L);
            x0.fma(c, y0.mul(s)).intoArray(m, o);
            x1.fma(c, y1.mul(s)).intoArray(m, o + L);
            x0 = x0.fma(ns, y0.mul(c));
            x1 = x1.fma(ns, y1.mul(c));
            o = p;
        }
        x0.intoArray(m, o);
        x1.intoArray(m, o + L);
    }

    private static void sweep1(double[] m, int off, int ld, int lo, int hi, double[] cs, double[] sn) {
        int o = off + lo * ld;
        DoubleVector x0 = DoubleVector.fromArray(S, m, o);
        for (int k = lo; k < hi; k++) {
            DoubleVector c = DoubleVector.broadcast(S, cs[k - lo]), s = DoubleVector.broadcast(S, sn[k - lo]), ns = s.neg();
            int p = o + ld;
            DoubleVector y0 = DoubleVector.fromArray(S, m, p);
            x0.fma(c, y0.mul(s)).intoArray(m, o);
            x0 = x0.fma(ns, y0.mul(c));
            o = p;
        }
        x0.intoArray(m, o);
    }
}
