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
 * <p>Shape: no vector crosses a method boundary. A hot vector-returning helper gets compiled on its own
 * and then is not inlined ("already compiled into a big method"), and a vector passed through a call that
 * is not inlined is boxed: an allocation per vector, which made earlier versions 5–10× slower. The passes
 * ({@code atanBlock}) hand their results on through a scratch array.
 * See {@code BLOCK} for why the kernel is cut into passes.
 */
final class ArcTanVector {
    private ArcTanVector() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static final DoubleVector ONE = DoubleVector.broadcast(S, 1.0), ZERO = DoubleVector.zero(S);
    private static final double T1 = ArcTanScalar.T1, SPLIT_1 = ArcTanScalar.SPLIT_1, SPLIT_2 = ArcTanScalar.SPLIT_2,
            TINY = ArcTanScalar.TINY;
    private static final double[] HI = ArcTanScalar.BASE_HI, LO = ArcTanScalar.BASE_LO;
    private static final DoubleVector Q0 = q(0), Q1 = q(1), Q2 = q(2), Q3 = q(3), Q4 = q(4), Q5 = q(5), Q6 = q(6),
            Q7 = q(7), Q8 = q(8), Q9 = q(9), Q10 = q(10);

    private static DoubleVector q(int k) {
        return DoubleVector.broadcast(S, ArcTanScalar.Q[k]);
    }

    /**
     * Elements per pass. The kernel runs as four passes over blocks of this many elements, through a per-thread
     * scratch of 4 blocks (8 KiB, L1), instead of one loop. One loop needed its 29 constants and a dozen
     * temporaries at once, more than AVX2's 16 vector registers: C2 kept the rest on the stack, stored and
     * reloaded every iteration at offsets where a 32-byte slot straddles a cache line or not depending on the
     * caller's stack depth. The same call then ran up to 2× slower on one thread than on another and switched
     * when a caller was recompiled (EnSF at d = 10⁴, 1 → 2 threads). Each pass needs at most 11 constants and a
     * few temporaries, so C2 keeps no vector on the stack.
     */
    private static final int BLOCK = 256;
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[4 * BLOCK]);
    private static final int T = 0, U = BLOCK, BASE_HI = 2 * BLOCK, BASE_LO = 3 * BLOCK;

    /**
     * out = atan(in), elementwise; the ranges may be identical. The scalar branches of
     * {@link ArcTanScalar#atan} are blends here, the same operations per lane in the same order.
     */
    static void map(double[] in, int inOff, double[] out, int outOff, int n) {
        double[] w = SCRATCH.get();
        int vec = S.loopBound(n);
        for (int b = 0; b < vec; b += BLOCK) {
            int len = Math.min(BLOCK, vec - b);
            atanBlock(in, inOff + b, len, w);
            System.arraycopy(w, T, out, outOff + b, len);
        }
        for (int i = vec; i < n; i++) out[outOff + i] = ArcTanScalar.atan(in[inOff + i]);
    }

    /**
     * atan x for x[xOff, xOff + len) (len a multiple of L, at most BLOCK) into w[T ..]. Passes: the reduced argument t
     * (1/|x| above 1) and u = (t − c)/(t·c + 1) with the centre c of t's range; the range's base angle as hi + lo; the
     * polynomial part r = u + u·z·q(z), z = u², over u's slots; atan x = ±(hi + (lo ± r)), or x itself below TINY,
     * over t's slots.
     */
    private static void atanBlock(double[] xs, int xOff, int len, double[] w) {
        for (int i = 0; i < len; i += L) {
            DoubleVector a = DoubleVector.fromArray(S, xs, xOff + i).abs();
            DoubleVector t = a.blend(ONE.div(a), a.compare(VectorOperators.GT, 1.0));
            VectorMask<Double> mid = t.compare(VectorOperators.GT, SPLIT_1);
            DoubleVector centre = ZERO.blend(T1, mid).blend(1.0, t.compare(VectorOperators.GT, SPLIT_2));
            t.intoArray(w, T + i);
            t.sub(centre).div(t.fma(centre, ONE)).intoArray(w, U + i);
        }
        for (int i = 0; i < len; i += L) {
            VectorMask<Double> big = DoubleVector.fromArray(S, xs, xOff + i).abs().compare(VectorOperators.GT, 1.0);
            DoubleVector t = DoubleVector.fromArray(S, w, T + i);
            VectorMask<Double> mid = t.compare(VectorOperators.GT, SPLIT_1), top = t.compare(VectorOperators.GT, SPLIT_2);
            DoubleVector hi = DoubleVector.broadcast(S, HI[0]).blend(HI[1], mid).blend(HI[2], top)
                    .blend(DoubleVector.broadcast(S, HI[3]).blend(HI[4], mid).blend(HI[5], top), big);
            DoubleVector lo = DoubleVector.broadcast(S, LO[0]).blend(LO[1], mid).blend(LO[2], top)
                    .blend(DoubleVector.broadcast(S, LO[3]).blend(LO[4], mid).blend(LO[5], top), big);
            hi.intoArray(w, BASE_HI + i);
            lo.intoArray(w, BASE_LO + i);
        }
        for (int i = 0; i < len; i += L) {
            DoubleVector u = DoubleVector.fromArray(S, w, U + i);
            DoubleVector z = u.mul(u);
            DoubleVector q = Q10.fma(z, Q9).fma(z, Q8).fma(z, Q7).fma(z, Q6).fma(z, Q5);
            q = q.fma(z, Q4).fma(z, Q3).fma(z, Q2).fma(z, Q1).fma(z, Q0);
            u.mul(z).fma(q, u).intoArray(w, U + i);
        }
        for (int i = 0; i < len; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, xs, xOff + i);
            DoubleVector a = x.abs(), r = DoubleVector.fromArray(S, w, U + i), lo = DoubleVector.fromArray(S, w, BASE_LO + i);
            DoubleVector result = DoubleVector.fromArray(S, w, BASE_HI + i)
                    .add(lo.add(r.blend(r.neg(), a.compare(VectorOperators.GT, 1.0))));
            result = result.blend(result.neg(), x.compare(VectorOperators.LT, 0.0));
            result.blend(x, a.compare(VectorOperators.LT, TINY)).intoArray(w, T + i);
        }
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
     * out = w·(y − atan x)/(x² + 1) as {@link ArcTanScalar#adjointResidual}, bit for bit: {@link #map} with the
     * slope and the residual product in one more pass over the block.
     */
    static void adjointResidual(double[] xs, int xOff, double[] ys, int yOff, double[] ws, int wOff, double[] out, int outOff, int n) {
        double[] w = SCRATCH.get();
        int vec = S.loopBound(n);
        for (int b = 0; b < vec; b += BLOCK) {
            int len = Math.min(BLOCK, vec - b);
            atanBlock(xs, xOff + b, len, w);
            for (int i = 0; i < len; i += L) {
                int k = b + i;
                DoubleVector x = DoubleVector.fromArray(S, xs, xOff + k), atan = DoubleVector.fromArray(S, w, T + i);
                DoubleVector slope = ONE.div(x.mul(x).add(ONE));
                DoubleVector wv = DoubleVector.fromArray(S, ws, wOff + k), y = DoubleVector.fromArray(S, ys, yOff + k);
                slope.mul(wv.mul(y.sub(atan))).intoArray(out, outOff + k);
            }
        }
        for (int i = vec; i < n; i++) {
            double v = xs[xOff + i];
            double slope = 1.0 / (v * v + 1.0);
            out[outOff + i] = slope * (ws[wOff + i] * (ys[yOff + i] - ArcTanScalar.atan(v)));
        }
    }
}
