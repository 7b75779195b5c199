package org.enflow.observe;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twin of {@link ArcTanScalar}: the same operations in the same order per lane (the
 * scalar branches become blends), so results are bit-identical to the scalar code. Load only when
 * {@code Vectorization.enabled()}.
 *
 * <p>Shape: the whole kernel is written in the loop body of {@link #map}. No vector crosses a method
 * boundary: the kernel is too big for C2 to inline (325 bytecodes), a hot vector-returning helper gets
 * compiled on its own and then is not inlined ("already compiled into a big method"), and a vector
 * passed through a call that is not inlined is boxed: an allocation per vector, which made earlier
 * versions 5–10× slower. {@code map} is called once per member and step, so it is compiled as a normal
 * (not only OSR) method after the first few calls.
 */
final class ArcTanVector {
    private ArcTanVector() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final DoubleVector ONE = DoubleVector.broadcast(S, 1.0);
    private static final DoubleVector Q0 = q(0), Q1 = q(1), Q2 = q(2), Q3 = q(3), Q4 = q(4), Q5 = q(5), Q6 = q(6),
            Q7 = q(7), Q8 = q(8), Q9 = q(9), Q10 = q(10);
    private static final double HI0 = ArcTanScalar.BASE_HI[0], HI1 = ArcTanScalar.BASE_HI[1], HI2 = ArcTanScalar.BASE_HI[2],
            HI3 = ArcTanScalar.BASE_HI[3], HI4 = ArcTanScalar.BASE_HI[4], HI5 = ArcTanScalar.BASE_HI[5];
    private static final double LO0 = ArcTanScalar.BASE_LO[0], LO1 = ArcTanScalar.BASE_LO[1], LO2 = ArcTanScalar.BASE_LO[2],
            LO3 = ArcTanScalar.BASE_LO[3], LO4 = ArcTanScalar.BASE_LO[4], LO5 = ArcTanScalar.BASE_LO[5];
    private static final DoubleVector HI_SMALL = DoubleVector.broadcast(S, HI0), HI_BIG = DoubleVector.broadcast(S, HI3),
            LO_SMALL = DoubleVector.broadcast(S, LO0), LO_BIG = DoubleVector.broadcast(S, LO3), ZERO = DoubleVector.zero(S);
    private static final double T1 = ArcTanScalar.T1, SPLIT_1 = ArcTanScalar.SPLIT_1, SPLIT_2 = ArcTanScalar.SPLIT_2,
            TINY = ArcTanScalar.TINY;

    private static DoubleVector q(int k) {
        return DoubleVector.broadcast(S, ArcTanScalar.Q[k]);
    }

    /**
     * out = atan(in), elementwise; the ranges may be identical. The scalar branches of
     * {@link ArcTanScalar#atan} are blends here. The whole kernel sits in the loop body: this method is
     * the compiled root, so nothing needs inlining (see the class comment).
     */
    static void map(double[] in, int inOff, double[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, in, inOff + i);
            DoubleVector a = x.abs();
            VectorMask<Double> big = a.compare(VectorOperators.GT, 1.0);
            DoubleVector t = a.blend(ONE.div(a), big);
            VectorMask<Double> mid = t.compare(VectorOperators.GT, SPLIT_1);
            VectorMask<Double> top = t.compare(VectorOperators.GT, SPLIT_2);
            DoubleVector centre = ZERO.blend(T1, mid).blend(1.0, top);
            DoubleVector u = t.sub(centre).div(t.fma(centre, ONE));
            DoubleVector z = u.mul(u);
            DoubleVector q = Q10.fma(z, Q9).fma(z, Q8).fma(z, Q7).fma(z, Q6).fma(z, Q5);
            q = q.fma(z, Q4).fma(z, Q3).fma(z, Q2).fma(z, Q1).fma(z, Q0);
            DoubleVector r = u.mul(z).fma(q, u);
            DoubleVector hi = HI_SMALL.blend(HI1, mid).blend(HI2, top).blend(HI_BIG.blend(HI4, mid).blend(HI5, top), big);
            DoubleVector lo = LO_SMALL.blend(LO1, mid).blend(LO2, top).blend(LO_BIG.blend(LO4, mid).blend(LO5, top), big);
            DoubleVector result = hi.add(lo.add(r.blend(r.neg(), big)));
            result = result.blend(result.neg(), x.compare(VectorOperators.LT, 0.0));
            result.blend(x, a.compare(VectorOperators.LT, TINY)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = ArcTanScalar.atan(in[inOff + i]);
    }

    /**
     * g *= 1/(1 + v²), then v = atan(v) in place: two passes over the block, the same values per element
     * as {@link ArcTanScalar#advance}.
     */
    static void advance(double[] v, int vOff, double[] g, int gOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, v, vOff + i);
            DoubleVector.fromArray(S, g, gOff + i).mul(ONE.div(x.mul(x).add(ONE))).intoArray(g, gOff + i);
        }
        for (; i < n; i++) {
            double x = v[vOff + i];
            g[gOff + i] *= 1.0 / (x * x + 1.0);
        }
        map(v, vOff, v, vOff, n);
    }

    /**
     * out = w·(y − atan x)/(x² + 1) as {@link ArcTanScalar#adjointResidual}, bit for bit: the body of {@link #map}
     * with the slope and the residual product in the same loop (one pass instead of five over a scratch
     * block; see the class comment for why the atan is written out here again).
     */
    static void adjointResidual(double[] xs, int xOff, double[] ys, int yOff, double[] ws, int wOff, double[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, xs, xOff + i);
            DoubleVector a = x.abs();
            VectorMask<Double> big = a.compare(VectorOperators.GT, 1.0);
            DoubleVector t = a.blend(ONE.div(a), big);
            VectorMask<Double> mid = t.compare(VectorOperators.GT, SPLIT_1);
            VectorMask<Double> top = t.compare(VectorOperators.GT, SPLIT_2);
            DoubleVector centre = ZERO.blend(T1, mid).blend(1.0, top);
            DoubleVector u = t.sub(centre).div(t.fma(centre, ONE));
            DoubleVector z = u.mul(u);
            DoubleVector q = Q10.fma(z, Q9).fma(z, Q8).fma(z, Q7).fma(z, Q6).fma(z, Q5);
            q = q.fma(z, Q4).fma(z, Q3).fma(z, Q2).fma(z, Q1).fma(z, Q0);
            DoubleVector r = u.mul(z).fma(q, u);
            DoubleVector hi = HI_SMALL.blend(HI1, mid).blend(HI2, top).blend(HI_BIG.blend(HI4, mid).blend(HI5, top), big);
            DoubleVector lo = LO_SMALL.blend(LO1, mid).blend(LO2, top).blend(LO_BIG.blend(LO4, mid).blend(LO5, top), big);
            DoubleVector result = hi.add(lo.add(r.blend(r.neg(), big)));
            result = result.blend(result.neg(), x.compare(VectorOperators.LT, 0.0));
            DoubleVector atan = result.blend(x, a.compare(VectorOperators.LT, TINY));
            DoubleVector slope = ONE.div(x.mul(x).add(ONE));
            DoubleVector w = DoubleVector.fromArray(S, ws, wOff + i), y = DoubleVector.fromArray(S, ys, yOff + i);
            slope.mul(w.mul(y.sub(atan))).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            double v = xs[xOff + i];
            double slope = 1.0 / (v * v + 1.0);
            out[outOff + i] = slope * (ws[wOff + i] * (ys[yOff + i] - ArcTanScalar.atan(v)));
        }
    }
}
