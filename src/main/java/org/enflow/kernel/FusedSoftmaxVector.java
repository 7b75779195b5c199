package org.enflow.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels of {@link FusedSoftmax}. Loaded only when {@link Vectorization#enabled()}.
 *
 * <p>Lane sums are folded with {@link DoubleVector#lane} in a fixed order rather than
 * {@code reduceLanes(ADD)}, whose association order is unspecified (and differs between the interpreter
 * and compiled code): results must not depend on which thread, or which tier, ran a block.
 */
final class FusedSoftmaxVector {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private FusedSoftmaxVector() {}

    // ------------------------------------------------------------------ small N: direct differences

    static void accumulateSquaredDistances(double[] a, int aOff, int aStride, int na, double[] b, int bOff, int bStride,
                                           int nb, int len, double[] d2, int d2Off, int d2Stride) {
        int i = 0;
        for (; i + 4 <= na; i += 4) {
            int a0 = aOff + i * aStride;
            int o = d2Off + i * d2Stride;
            int j = 0;
            double[] buf = nb >= 2 ? LANE_BUFFER.get() : null; // once per band, not per tile: the lookup showed in profiles
            for (; j + 2 <= nb; j += 2) {
                int b0 = bOff + j * bStride;
                dist4x2(a, a0, a0 + aStride, a0 + 2 * aStride, a0 + 3 * aStride, b, b0, b0 + bStride, len, d2, o + j, d2Stride, buf);
            }
            for (; j < nb; j++) {
                dist4x1(a, a0, a0 + aStride, a0 + 2 * aStride, a0 + 3 * aStride, b, bOff + j * bStride, len, d2, o + j, d2Stride);
            }
        }
        for (; i < na; i++) {
            int a0 = aOff + i * aStride;
            int o = d2Off + i * d2Stride;
            int j = 0;
            for (; j + 4 <= nb; j += 4) {
                int b0 = bOff + j * bStride;
                dist1x4(a, a0, b, b0, b0 + bStride, b0 + 2 * bStride, b0 + 3 * bStride, len, d2, o + j);
            }
            for (; j < nb; j++) d2[o + j] += dist1x1(a, a0, b, bOff + j * bStride, len);
        }
    }

    /**
     * Sum of the lanes in lane order. Constant lane indices (the species is a constant) compile to plain
     * extracts; a variable index would take the slow, boxing path of {@code lane(int)}.
     */
    private static final ThreadLocal<double[]> LANE_BUFFER = ThreadLocal.withInitial(() -> new double[8 * L]);

    /** buf[t] + buf[t+1] + ... + buf[t+L-1], left to right: the order of {@link #lanes}. */
    private static double laneSum(double[] buf, int t) {
        double sum = buf[t];
        for (int l = 1; l < L; l++) sum += buf[t + l];
        return sum;
    }

    static double lanes(DoubleVector v) {
        if (L == 8) {
            return ((((((v.lane(0) + v.lane(1)) + v.lane(2)) + v.lane(3)) + v.lane(4)) + v.lane(5)) + v.lane(6)) + v.lane(7);
        }
        if (L == 4) return ((v.lane(0) + v.lane(1)) + v.lane(2)) + v.lane(3);
        if (L == 2) return v.lane(0) + v.lane(1);
        double s = 0;
        for (int k = 0; k < L; k++) s += v.lane(k);
        return s;
    }

    private static double tail(double[] a, int ai, double[] b, int bj, int from, int len) {
        double s = 0;
        for (int c = from; c < len; c++) {
            double e = a[ai + c] - b[bj + c];
            s += e * e;
        }
        return s;
    }

    /**
     * Four rows against two members: 8 accumulators, 2 member vectors, the row vectors (C2 loads all four at the top of
     * the body) and a difference, 15 of AVX2's 16 vector registers. A 4×4 tile (16 accumulators) does not fit: C2 kept
     * part of them on the stack, loaded and stored
     * every iteration, and how fast those round trips run depends on where the stack pointer happens to sit (a 32-byte
     * slot split across cache lines or not), so the same call ran at one speed on one thread and 1.6× slower on the
     * other, switching when a caller was recompiled. Every pair's sum is the same fma chain as in the 4×1 and 1×4
     * kernels, so the tile shape does not change any result.
     */
    private static void dist4x2(double[] a, int a0, int a1, int a2, int a3, double[] b, int b0, int b1, int len, double[] d2,
                                int o, int st, double[] buf) {
        DoubleVector s00 = DoubleVector.zero(S), s01 = s00, s10 = s00, s11 = s00;
        DoubleVector s20 = s00, s21 = s00, s30 = s00, s31 = s00;
        int ub = S.loopBound(len);
        for (int c = 0; c < ub; c += L) {
            DoubleVector y0 = DoubleVector.fromArray(S, b, b0 + c);
            DoubleVector y1 = DoubleVector.fromArray(S, b, b1 + c);
            DoubleVector x = DoubleVector.fromArray(S, a, a0 + c);
            DoubleVector e0 = x.sub(y0), e1 = x.sub(y1);
            s00 = e0.fma(e0, s00);
            s01 = e1.fma(e1, s01);
            x = DoubleVector.fromArray(S, a, a1 + c);
            e0 = x.sub(y0);
            e1 = x.sub(y1);
            s10 = e0.fma(e0, s10);
            s11 = e1.fma(e1, s11);
            x = DoubleVector.fromArray(S, a, a2 + c);
            e0 = x.sub(y0);
            e1 = x.sub(y1);
            s20 = e0.fma(e0, s20);
            s21 = e1.fma(e1, s21);
            x = DoubleVector.fromArray(S, a, a3 + c);
            e0 = x.sub(y0);
            e1 = x.sub(y1);
            s30 = e0.fma(e0, s30);
            s31 = e1.fma(e1, s31);
        }
        // Passing the accumulators to lanes() boxed them in the former 4x4 tile (C2 did not inline it there; JMH -prof gc
        // showed 68 MB per 20 x 10^6 panel): store them to the per-thread buffer and add each one's lanes in lane order,
        // the sums of lanes(), without depending on C2's inlining.
        s00.intoArray(buf, 0); s01.intoArray(buf, L); s10.intoArray(buf, 2 * L); s11.intoArray(buf, 3 * L);
        s20.intoArray(buf, 4 * L); s21.intoArray(buf, 5 * L); s30.intoArray(buf, 6 * L); s31.intoArray(buf, 7 * L);
        d2[o] += laneSum(buf, 0) + tail(a, a0, b, b0, ub, len);
        d2[o + 1] += laneSum(buf, L) + tail(a, a0, b, b1, ub, len);
        o += st;
        d2[o] += laneSum(buf, 2 * L) + tail(a, a1, b, b0, ub, len);
        d2[o + 1] += laneSum(buf, 3 * L) + tail(a, a1, b, b1, ub, len);
        o += st;
        d2[o] += laneSum(buf, 4 * L) + tail(a, a2, b, b0, ub, len);
        d2[o + 1] += laneSum(buf, 5 * L) + tail(a, a2, b, b1, ub, len);
        o += st;
        d2[o] += laneSum(buf, 6 * L) + tail(a, a3, b, b0, ub, len);
        d2[o + 1] += laneSum(buf, 7 * L) + tail(a, a3, b, b1, ub, len);
    }

    private static void dist4x1(double[] a, int a0, int a1, int a2, int a3, double[] b, int b0, int len,
                                double[] d2, int o, int st) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int ub = S.loopBound(len);
        for (int c = 0; c < ub; c += L) {
            DoubleVector y = DoubleVector.fromArray(S, b, b0 + c);
            DoubleVector e0 = DoubleVector.fromArray(S, a, a0 + c).sub(y);
            DoubleVector e1 = DoubleVector.fromArray(S, a, a1 + c).sub(y);
            DoubleVector e2 = DoubleVector.fromArray(S, a, a2 + c).sub(y);
            DoubleVector e3 = DoubleVector.fromArray(S, a, a3 + c).sub(y);
            s0 = e0.fma(e0, s0);
            s1 = e1.fma(e1, s1);
            s2 = e2.fma(e2, s2);
            s3 = e3.fma(e3, s3);
        }
        d2[o] += lanes(s0) + tail(a, a0, b, b0, ub, len);
        d2[o + st] += lanes(s1) + tail(a, a1, b, b0, ub, len);
        d2[o + 2 * st] += lanes(s2) + tail(a, a2, b, b0, ub, len);
        d2[o + 3 * st] += lanes(s3) + tail(a, a3, b, b0, ub, len);
    }

    private static void dist1x4(double[] a, int a0, double[] b, int b0, int b1, int b2, int b3, int len,
                                double[] d2, int o) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int ub = S.loopBound(len);
        for (int c = 0; c < ub; c += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, a0 + c);
            DoubleVector e0 = x.sub(DoubleVector.fromArray(S, b, b0 + c));
            DoubleVector e1 = x.sub(DoubleVector.fromArray(S, b, b1 + c));
            DoubleVector e2 = x.sub(DoubleVector.fromArray(S, b, b2 + c));
            DoubleVector e3 = x.sub(DoubleVector.fromArray(S, b, b3 + c));
            s0 = e0.fma(e0, s0);
            s1 = e1.fma(e1, s1);
            s2 = e2.fma(e2, s2);
            s3 = e3.fma(e3, s3);
        }
        d2[o] += lanes(s0) + tail(a, a0, b, b0, ub, len);
        d2[o + 1] += lanes(s1) + tail(a, a0, b, b1, ub, len);
        d2[o + 2] += lanes(s2) + tail(a, a0, b, b2, ub, len);
        d2[o + 3] += lanes(s3) + tail(a, a0, b, b3, ub, len);
    }

    private static double dist1x1(double[] a, int a0, double[] b, int b0, int len) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0;
        int c = 0;
        for (; c + 2 * L <= len; c += 2 * L) {
            DoubleVector e0 = DoubleVector.fromArray(S, a, a0 + c).sub(DoubleVector.fromArray(S, b, b0 + c));
            DoubleVector e1 = DoubleVector.fromArray(S, a, a0 + c + L).sub(DoubleVector.fromArray(S, b, b0 + c + L));
            s0 = e0.fma(e0, s0);
            s1 = e1.fma(e1, s1);
        }
        for (; c + L <= len; c += L) {
            DoubleVector e0 = DoubleVector.fromArray(S, a, a0 + c).sub(DoubleVector.fromArray(S, b, b0 + c));
            s0 = e0.fma(e0, s0);
        }
        return lanes(s0) + lanes(s1) + tail(a, a0, b, b0, c, len);
    }

    // ------------------------------------------------------------------ small N: keys formed in registers

    /**
     * {@link #accumulateSquaredDistances} to b_j = cf·f_j + cp·g_j: each key vector is formed as
     * f.mul(cf).add(g.mul(cp)), the operations of the BlockOps lin2 that would otherwise write it, then the
     * same tiles, accumulation order and lane sums. The comb kernels repeat the dist kernels' bodies on
     * purpose: a key vector produced by a shared helper that C2 does not inline is boxed (see ExpVector), and
     * running the plain kernel as cf = 1, cp = 0 would add two products and a sum per key vector to the
     * streamed large-d path, which is not measured yet.
     */
    static void accumulateSquaredDistancesToCombination(double[] a, int aOff, int aStride, int na, double cf, double[] f,
                                                        double cp, double[] g, int bOff, int bStride, int nb, int len,
                                                        double[] d2, int d2Off, int d2Stride) {
        int i = 0;
        for (; i + 4 <= na; i += 4) {
            int a0 = aOff + i * aStride;
            int o = d2Off + i * d2Stride;
            int j = 0;
            double[] buf = nb >= 2 ? LANE_BUFFER.get() : null; // as in accumulateSquaredDistances
            for (; j + 2 <= nb; j += 2) {
                int b0 = bOff + j * bStride;
                comb4x2(a, a0, a0 + aStride, a0 + 2 * aStride, a0 + 3 * aStride, cf, f, cp, g, b0, b0 + bStride, len, d2, o + j,
                        d2Stride, buf);
            }
            for (; j < nb; j++) {
                comb4x1(a, a0, a0 + aStride, a0 + 2 * aStride, a0 + 3 * aStride, cf, f, cp, g, bOff + j * bStride, len, d2,
                        o + j, d2Stride);
            }
        }
        for (; i < na; i++) {
            int a0 = aOff + i * aStride;
            int o = d2Off + i * d2Stride;
            int j = 0;
            for (; j + 4 <= nb; j += 4) {
                int b0 = bOff + j * bStride;
                comb1x4(a, a0, cf, f, cp, g, b0, b0 + bStride, b0 + 2 * bStride, b0 + 3 * bStride, len, d2, o + j);
            }
            for (; j < nb; j++) d2[o + j] += comb1x1(a, a0, cf, f, cp, g, bOff + j * bStride, len);
        }
    }

    private static double combTail(double[] a, int ai, double cf, double[] f, double cp, double[] g, int bj, int from, int len) {
        double s = 0;
        for (int c = from; c < len; c++) {
            double e = a[ai + c] - (cf * f[bj + c] + cp * g[bj + c]);
            s += e * e;
        }
        return s;
    }

    /**
     * {@link #dist4x2} to keys formed in registers. The broadcasts of cf and cp take two more registers. With the eight
     * accumulators starting as one zero vector C2 kept one of them on the stack (stored and reloaded every iteration, JDK
     * 17); started from the first chunk's squares (the same bits) they stay in registers and only the cf broadcast is
     * reloaded from the stack, twice per iteration (spills.py, session 19). Materializing the keys per chunk instead
     * measured slower on two threads (docs/kernels.md).
     */
    private static void comb4x2(double[] a, int a0, int a1, int a2, int a3, double cf, double[] f, double cp, double[] g,
                                int b0, int b1, int len, double[] d2, int o, int st, double[] buf) {
        DoubleVector s00, s01, s10, s11, s20, s21, s30, s31;
        int ub = S.loopBound(len);
        if (ub > 0) { // the first chunk's squares start the sums (e·e + 0 is e·e exactly): eight distinct values into the loop
            DoubleVector y0 = DoubleVector.fromArray(S, f, b0).mul(cf).add(DoubleVector.fromArray(S, g, b0).mul(cp));
            DoubleVector y1 = DoubleVector.fromArray(S, f, b1).mul(cf).add(DoubleVector.fromArray(S, g, b1).mul(cp));
            DoubleVector x = DoubleVector.fromArray(S, a, a0);
            DoubleVector e0 = x.sub(y0), e1 = x.sub(y1);
            s00 = e0.mul(e0);
            s01 = e1.mul(e1);
            x = DoubleVector.fromArray(S, a, a1);
            e0 = x.sub(y0);
            e1 = x.sub(y1);
            s10 = e0.mul(e0);
            s11 = e1.mul(e1);
            x = DoubleVector.fromArray(S, a, a2);
            e0 = x.sub(y0);
            e1 = x.sub(y1);
            s20 = e0.mul(e0);
            s21 = e1.mul(e1);
            x = DoubleVector.fromArray(S, a, a3);
            e0 = x.sub(y0);
            e1 = x.sub(y1);
            s30 = e0.mul(e0);
            s31 = e1.mul(e1);
        } else {
            s00 = DoubleVector.zero(S);
            s01 = s10 = s11 = s20 = s21 = s30 = s31 = s00;
        }
        for (int c = L; c < ub; c += L) {
            DoubleVector y0 = DoubleVector.fromArray(S, f, b0 + c).mul(cf).add(DoubleVector.fromArray(S, g, b0 + c).mul(cp));
            DoubleVector y1 = DoubleVector.fromArray(S, f, b1 + c).mul(cf).add(DoubleVector.fromArray(S, g, b1 + c).mul(cp));
            DoubleVector x = DoubleVector.fromArray(S, a, a0 + c);
            DoubleVector e0 = x.sub(y0), e1 = x.sub(y1);
            s00 = e0.fma(e0, s00);
            s01 = e1.fma(e1, s01);
            x = DoubleVector.fromArray(S, a, a1 + c);
            e0 = x.sub(y0);
            e1 = x.sub(y1);
            s10 = e0.fma(e0, s10);
            s11 = e1.fma(e1, s11);
            x = DoubleVector.fromArray(S, a, a2 + c);
            e0 = x.sub(y0);
            e1 = x.sub(y1);
            s20 = e0.fma(e0, s20);
            s21 = e1.fma(e1, s21);
            x = DoubleVector.fromArray(S, a, a3 + c);
            e0 = x.sub(y0);
            e1 = x.sub(y1);
            s30 = e0.fma(e0, s30);
            s31 = e1.fma(e1, s31);
        }
        // As in dist4x2.
        s00.intoArray(buf, 0); s01.intoArray(buf, L); s10.intoArray(buf, 2 * L); s11.intoArray(buf, 3 * L);
        s20.intoArray(buf, 4 * L); s21.intoArray(buf, 5 * L); s30.intoArray(buf, 6 * L); s31.intoArray(buf, 7 * L);
        d2[o] += laneSum(buf, 0) + combTail(a, a0, cf, f, cp, g, b0, ub, len);
        d2[o + 1] += laneSum(buf, L) + combTail(a, a0, cf, f, cp, g, b1, ub, len);
        o += st;
        d2[o] += laneSum(buf, 2 * L) + combTail(a, a1, cf, f, cp, g, b0, ub, len);
        d2[o + 1] += laneSum(buf, 3 * L) + combTail(a, a1, cf, f, cp, g, b1, ub, len);
        o += st;
        d2[o] += laneSum(buf, 4 * L) + combTail(a, a2, cf, f, cp, g, b0, ub, len);
        d2[o + 1] += laneSum(buf, 5 * L) + combTail(a, a2, cf, f, cp, g, b1, ub, len);
        o += st;
        d2[o] += laneSum(buf, 6 * L) + combTail(a, a3, cf, f, cp, g, b0, ub, len);
        d2[o + 1] += laneSum(buf, 7 * L) + combTail(a, a3, cf, f, cp, g, b1, ub, len);
    }

    private static void comb4x1(double[] a, int a0, int a1, int a2, int a3, double cf, double[] f, double cp, double[] g,
                                int b0, int len, double[] d2, int o, int st) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int ub = S.loopBound(len);
        for (int c = 0; c < ub; c += L) {
            DoubleVector y = DoubleVector.fromArray(S, f, b0 + c).mul(cf).add(DoubleVector.fromArray(S, g, b0 + c).mul(cp));
            DoubleVector e0 = DoubleVector.fromArray(S, a, a0 + c).sub(y);
            DoubleVector e1 = DoubleVector.fromArray(S, a, a1 + c).sub(y);
            DoubleVector e2 = DoubleVector.fromArray(S, a, a2 + c).sub(y);
            DoubleVector e3 = DoubleVector.fromArray(S, a, a3 + c).sub(y);
            s0 = e0.fma(e0, s0);
            s1 = e1.fma(e1, s1);
            s2 = e2.fma(e2, s2);
            s3 = e3.fma(e3, s3);
        }
        d2[o] += lanes(s0) + combTail(a, a0, cf, f, cp, g, b0, ub, len);
        d2[o + st] += lanes(s1) + combTail(a, a1, cf, f, cp, g, b0, ub, len);
        d2[o + 2 * st] += lanes(s2) + combTail(a, a2, cf, f, cp, g, b0, ub, len);
        d2[o + 3 * st] += lanes(s3) + combTail(a, a3, cf, f, cp, g, b0, ub, len);
    }

    private static void comb1x4(double[] a, int a0, double cf, double[] f, double cp, double[] g, int b0, int b1, int b2, int b3,
                                int len, double[] d2, int o) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int ub = S.loopBound(len);
        for (int c = 0; c < ub; c += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, a0 + c);
            DoubleVector e0 = x.sub(DoubleVector.fromArray(S, f, b0 + c).mul(cf).add(DoubleVector.fromArray(S, g, b0 + c).mul(cp)));
            DoubleVector e1 = x.sub(DoubleVector.fromArray(S, f, b1 + c).mul(cf).add(DoubleVector.fromArray(S, g, b1 + c).mul(cp)));
            DoubleVector e2 = x.sub(DoubleVector.fromArray(S, f, b2 + c).mul(cf).add(DoubleVector.fromArray(S, g, b2 + c).mul(cp)));
            DoubleVector e3 = x.sub(DoubleVector.fromArray(S, f, b3 + c).mul(cf).add(DoubleVector.fromArray(S, g, b3 + c).mul(cp)));
            s0 = e0.fma(e0, s0);
            s1 = e1.fma(e1, s1);
            s2 = e2.fma(e2, s2);
            s3 = e3.fma(e3, s3);
        }
        d2[o] += lanes(s0) + combTail(a, a0, cf, f, cp, g, b0, ub, len);
        d2[o + 1] += lanes(s1) + combTail(a, a0, cf, f, cp, g, b1, ub, len);
        d2[o + 2] += lanes(s2) + combTail(a, a0, cf, f, cp, g, b2, ub, len);
        d2[o + 3] += lanes(s3) + combTail(a, a0, cf, f, cp, g, b3, ub, len);
    }

    private static double comb1x1(double[] a, int a0, double cf, double[] f, double cp, double[] g, int b0, int len) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0;
        int c = 0;
        for (; c + 2 * L <= len; c += 2 * L) {
            DoubleVector e0 = DoubleVector.fromArray(S, a, a0 + c).sub(DoubleVector.fromArray(S, f, b0 + c).mul(cf).add(DoubleVector.fromArray(S, g, b0 + c).mul(cp)));
            DoubleVector e1 = DoubleVector.fromArray(S, a, a0 + c + L).sub(DoubleVector.fromArray(S, f, b0 + c + L).mul(cf)
                    .add(DoubleVector.fromArray(S, g, b0 + c + L).mul(cp)));
            s0 = e0.fma(e0, s0);
            s1 = e1.fma(e1, s1);
        }
        for (; c + L <= len; c += L) {
            DoubleVector e0 = DoubleVector.fromArray(S, a, a0 + c).sub(DoubleVector.fromArray(S, f, b0 + c).mul(cf).add(DoubleVector.fromArray(S, g, b0 + c).mul(cp)));
            s0 = e0.fma(e0, s0);
        }
        return lanes(s0) + lanes(s1) + combTail(a, a0, cf, f, cp, g, b0, c, len);
    }

    // ------------------------------------------------------------------ many points: fused tiles

    /**
     * s[r][jj] = twoScale · Σ_p qc[q0 + r·d + p] · kt[k0 + p·3L + jj] + kb[j0 + jj] for 4 query rows and one
     * panel of 3L keys: the register-tiled Gram micro-kernel (12 accumulators, 3 loads and 4 broadcasts per 12
     * FMAs) with the softmax logits formed in its epilogue (one fma per value, as a separate pass over s would
     * do it, without that pass's loads and stores), and each row's lane-wise running maximum raised in
     * {@code rowMax[r·L ..]} (max is exact and order-free, so the row maximum is the same as from one pass).
     * The first term is a product, not an fma into zero (the same value but for the sign of an exact zero): with
     * the twelve accumulators starting as one zero vector, C2 kept one of them on the stack in the loop, at an
     * offset whose cache-line split depends on the thread's stack (docs/kernels.md, "No vector on the stack").
     */
    static void gram4x3(double[] qc, int q0, int d, double[] kt, int k0, double[] s, int s0, int st,
                        double[] kb, int j0, double twoScale, double[] rowMax) {
        int q1 = q0 + d, q2 = q1 + d, q3 = q2 + d;
        int w = 3 * L;
        DoubleVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        {
            DoubleVector k0v = DoubleVector.fromArray(S, kt, k0);
            DoubleVector k1v = DoubleVector.fromArray(S, kt, k0 + L);
            DoubleVector k2v = DoubleVector.fromArray(S, kt, k0 + 2 * L);
            DoubleVector b = DoubleVector.broadcast(S, qc[q0]);
            c00 = k0v.mul(b);
            c01 = k1v.mul(b);
            c02 = k2v.mul(b);
            b = DoubleVector.broadcast(S, qc[q1]);
            c10 = k0v.mul(b);
            c11 = k1v.mul(b);
            c12 = k2v.mul(b);
            b = DoubleVector.broadcast(S, qc[q2]);
            c20 = k0v.mul(b);
            c21 = k1v.mul(b);
            c22 = k2v.mul(b);
            b = DoubleVector.broadcast(S, qc[q3]);
            c30 = k0v.mul(b);
            c31 = k1v.mul(b);
            c32 = k2v.mul(b);
        }
        for (int p = 1, kp = k0 + w; p < d; p++, kp += w) {
            DoubleVector k0v = DoubleVector.fromArray(S, kt, kp);
            DoubleVector k1v = DoubleVector.fromArray(S, kt, kp + L);
            DoubleVector k2v = DoubleVector.fromArray(S, kt, kp + 2 * L);
            DoubleVector b = DoubleVector.broadcast(S, qc[q0 + p]);
            c00 = k0v.fma(b, c00);
            c01 = k1v.fma(b, c01);
            c02 = k2v.fma(b, c02);
            b = DoubleVector.broadcast(S, qc[q1 + p]);
            c10 = k0v.fma(b, c10);
            c11 = k1v.fma(b, c11);
            c12 = k2v.fma(b, c12);
            b = DoubleVector.broadcast(S, qc[q2 + p]);
            c20 = k0v.fma(b, c20);
            c21 = k1v.fma(b, c21);
            c22 = k2v.fma(b, c22);
            b = DoubleVector.broadcast(S, qc[q3 + p]);
            c30 = k0v.fma(b, c30);
            c31 = k1v.fma(b, c31);
            c32 = k2v.fma(b, c32);
        }
        DoubleVector ts = DoubleVector.broadcast(S, twoScale);
        DoubleVector b0 = DoubleVector.fromArray(S, kb, j0), b1 = DoubleVector.fromArray(S, kb, j0 + L);
        DoubleVector b2 = DoubleVector.fromArray(S, kb, j0 + 2 * L);
        c00 = c00.fma(ts, b0);
        c01 = c01.fma(ts, b1);
        c02 = c02.fma(ts, b2);
        c10 = c10.fma(ts, b0);
        c11 = c11.fma(ts, b1);
        c12 = c12.fma(ts, b2);
        c20 = c20.fma(ts, b0);
        c21 = c21.fma(ts, b1);
        c22 = c22.fma(ts, b2);
        c30 = c30.fma(ts, b0);
        c31 = c31.fma(ts, b1);
        c32 = c32.fma(ts, b2);
        c00.intoArray(s, s0);
        c01.intoArray(s, s0 + L);
        c02.intoArray(s, s0 + 2 * L);
        DoubleVector.fromArray(S, rowMax, 0).max(c00).max(c01).max(c02).intoArray(rowMax, 0);
        s0 += st;
        c10.intoArray(s, s0);
        c11.intoArray(s, s0 + L);
        c12.intoArray(s, s0 + 2 * L);
        DoubleVector.fromArray(S, rowMax, L).max(c10).max(c11).max(c12).intoArray(rowMax, L);
        s0 += st;
        c20.intoArray(s, s0);
        c21.intoArray(s, s0 + L);
        c22.intoArray(s, s0 + 2 * L);
        DoubleVector.fromArray(S, rowMax, 2 * L).max(c20).max(c21).max(c22).intoArray(rowMax, 2 * L);
        s0 += st;
        c30.intoArray(s, s0);
        c31.intoArray(s, s0 + L);
        c32.intoArray(s, s0 + 2 * L);
        DoubleVector.fromArray(S, rowMax, 3 * L).max(c30).max(c31).max(c32).intoArray(rowMax, 3 * L);
    }

    /** {@link #gram4x3} for 2 query rows: the same fma chain per row and key, so the same bits per row. */
    static void gram2x3(double[] qc, int q0, int d, double[] kt, int k0, double[] s, int s0, int st,
                        double[] kb, int j0, double twoScale, double[] rowMax) {
        int q1 = q0 + d;
        int w = 3 * L;
        DoubleVector c00, c01, c02, c10, c11, c12;
        {
            DoubleVector k0v = DoubleVector.fromArray(S, kt, k0);
            DoubleVector k1v = DoubleVector.fromArray(S, kt, k0 + L);
            DoubleVector k2v = DoubleVector.fromArray(S, kt, k0 + 2 * L);
            DoubleVector b = DoubleVector.broadcast(S, qc[q0]);
            c00 = k0v.mul(b);
            c01 = k1v.mul(b);
            c02 = k2v.mul(b);
            b = DoubleVector.broadcast(S, qc[q1]);
            c10 = k0v.mul(b);
            c11 = k1v.mul(b);
            c12 = k2v.mul(b);
        }
        for (int p = 1, kp = k0 + w; p < d; p++, kp += w) {
            DoubleVector k0v = DoubleVector.fromArray(S, kt, kp);
            DoubleVector k1v = DoubleVector.fromArray(S, kt, kp + L);
            DoubleVector k2v = DoubleVector.fromArray(S, kt, kp + 2 * L);
            DoubleVector b = DoubleVector.broadcast(S, qc[q0 + p]);
            c00 = k0v.fma(b, c00);
            c01 = k1v.fma(b, c01);
            c02 = k2v.fma(b, c02);
            b = DoubleVector.broadcast(S, qc[q1 + p]);
            c10 = k0v.fma(b, c10);
            c11 = k1v.fma(b, c11);
            c12 = k2v.fma(b, c12);
        }
        DoubleVector ts = DoubleVector.broadcast(S, twoScale);
        DoubleVector b0 = DoubleVector.fromArray(S, kb, j0), b1 = DoubleVector.fromArray(S, kb, j0 + L);
        DoubleVector b2 = DoubleVector.fromArray(S, kb, j0 + 2 * L);
        c00 = c00.fma(ts, b0);
        c01 = c01.fma(ts, b1);
        c02 = c02.fma(ts, b2);
        c10 = c10.fma(ts, b0);
        c11 = c11.fma(ts, b1);
        c12 = c12.fma(ts, b2);
        c00.intoArray(s, s0);
        c01.intoArray(s, s0 + L);
        c02.intoArray(s, s0 + 2 * L);
        DoubleVector.fromArray(S, rowMax, 0).max(c00).max(c01).max(c02).intoArray(rowMax, 0);
        s0 += st;
        c10.intoArray(s, s0);
        c11.intoArray(s, s0 + L);
        c12.intoArray(s, s0 + 2 * L);
        DoubleVector.fromArray(S, rowMax, L).max(c10).max(c11).max(c12).intoArray(rowMax, L);
    }

    /**
     * One row of the online softmax over a tile of {@code tw} keys whose logits the Gram kernel left at
     * {@code s[off..)}, with their lane-wise maximum at {@code rowMax[mOff..)}: raises the running maximum m[row]
     * (rescaling the row's accumulator and normalizer by exp(m_old − m_new) when it grows), and leaves
     * exp(ℓ − m) in {@code s} for the value sum.
     */
    static void softmaxUpdate(double[] s, int off, int tw, double[] rowMax, int mOff, double[] m,
                              double[] l, int row, double[] a, int aOff, int dvPad) {
        double mOld = m[row];
        double mNew = Math.max(mOld, DoubleVector.fromArray(S, rowMax, mOff).reduceLanes(VectorOperators.MAX));
        if (mNew == Double.NEGATIVE_INFINITY) { // every key of the tile has weight 0 so far
            java.util.Arrays.fill(s, off, off + tw, 0.0);
            return;
        }
        if (mNew > mOld && mOld != Double.NEGATIVE_INFINITY) {
            double alpha = Exp.exp(mOld - mNew);
            l[row] *= alpha;
            DoubleVector va = DoubleVector.broadcast(S, alpha);
            for (int c = 0; c < dvPad; c += L) DoubleVector.fromArray(S, a, aOff + c).mul(va).intoArray(a, aOff + c);
        }
        m[row] = mNew;
        // The library's deterministic exp (not lanewise(EXP), whose bits depend on the JIT tier), once per
        // tile row in place, then the row sum in lane order. ExpVector directly: the public entry's argument
        // checks cost ~5 % of a d = 3 right-hand side, and this row is in range by construction.
        ExpVector.shifted(s, off, mNew, s, off, tw);
        DoubleVector sum = DoubleVector.zero(S);
        for (int c = 0; c < tw; c += L) sum = sum.add(DoubleVector.fromArray(S, s, off + c));
        l[row] += lanes(sum);
    }

    // ------------------------------------------------------------------ values of at most L/2 columns, two keys per vector

    /** Half a vector: the values per key in the paired layout (see {@link #pairedValues4}). */
    /**
     * c[p] += Σ_j k[j·d + p] for p in [p0, p1), j = 0 .. nk − 1 in order: lane-wise adds in key order, the same bits
     * as {@link FusedSoftmaxScalar#sumRows}. (The scalar loop ran at ~0.6 ns per value: 12 µs of every bind at
     * nk = 500, d = 40.)
     */
    static void sumRows(double[] k, int nk, int d, int p0, int p1, double[] c) {
        int p = p0;
        for (; p + 4 * L <= p1; p += 4 * L) {
            DoubleVector s0 = DoubleVector.fromArray(S, c, p), s1 = DoubleVector.fromArray(S, c, p + L);
            DoubleVector s2 = DoubleVector.fromArray(S, c, p + 2 * L), s3 = DoubleVector.fromArray(S, c, p + 3 * L);
            for (int j = 0, o = p; j < nk; j++, o += d) {
                s0 = s0.add(DoubleVector.fromArray(S, k, o));
                s1 = s1.add(DoubleVector.fromArray(S, k, o + L));
                s2 = s2.add(DoubleVector.fromArray(S, k, o + 2 * L));
                s3 = s3.add(DoubleVector.fromArray(S, k, o + 3 * L));
            }
            s0.intoArray(c, p);
            s1.intoArray(c, p + L);
            s2.intoArray(c, p + 2 * L);
            s3.intoArray(c, p + 3 * L);
        }
        for (; p + L <= p1; p += L) {
            DoubleVector s0 = DoubleVector.fromArray(S, c, p);
            for (int j = 0, o = p; j < nk; j++, o += d) s0 = s0.add(DoubleVector.fromArray(S, k, o));
            s0.intoArray(c, p);
        }
        if (p < p1) FusedSoftmaxScalar.sumRows(k, nk, d, p, p1, c);
    }

    /**
     * out[j0 + j] = Σ_p e_jp·e_jp, p = 0 .. d − 1 in order, for the 3L keys of one transposed panel (e_jp at
     * {@code kt[base + p·3L + j]}, see {@link FusedSoftmaxTiles}): one lane per key, unfused multiply and add, the
     * same bits as {@link FusedSoftmaxScalar#keyNorms} on the untransposed centred keys.
     */
    static void panelNorms(double[] kt, int base, int d, double[] out, int j0) {
        DoubleVector n0 = DoubleVector.zero(S), n1 = n0, n2 = n0;
        for (int p = 0, o = base; p < d; p++, o += 3 * L) {
            DoubleVector e0 = DoubleVector.fromArray(S, kt, o), e1 = DoubleVector.fromArray(S, kt, o + L);
            DoubleVector e2 = DoubleVector.fromArray(S, kt, o + 2 * L);
            n0 = n0.add(e0.mul(e0));
            n1 = n1.add(e1.mul(e1));
            n2 = n2.add(e2.mul(e2));
        }
        n0.intoArray(out, j0);
        n1.intoArray(out, j0 + L);
        n2.intoArray(out, j0 + 2 * L);
    }

    /**
     * c[p] += Σ_j (a·f[j·d + p] + b·g[j·d + p]) (b·0 for g null) for p in [p0, p1), j in order: {@link #sumRows} of
     * the formed keys without forming them, the same bits as {@link FusedSoftmaxScalar#sumCombinationRows}.
     */
    static void sumCombinationRows(double[] f, double[] g, double a, double b, int nk, int d, int p0, int p1, double[] c) {
        DoubleVector bz = DoubleVector.broadcast(S, b * 0.0);
        int p = p0;
        for (; p + 2 * L <= p1; p += 2 * L) {
            DoubleVector s0 = DoubleVector.fromArray(S, c, p), s1 = DoubleVector.fromArray(S, c, p + L);
            for (int j = 0, o = p; j < nk; j++, o += d) {
                DoubleVector t0 = g == null ? bz : DoubleVector.fromArray(S, g, o).mul(b);
                DoubleVector t1 = g == null ? bz : DoubleVector.fromArray(S, g, o + L).mul(b);
                s0 = s0.add(DoubleVector.fromArray(S, f, o).mul(a).add(t0));
                s1 = s1.add(DoubleVector.fromArray(S, f, o + L).mul(a).add(t1));
            }
            s0.intoArray(c, p);
            s1.intoArray(c, p + L);
        }
        for (; p + L <= p1; p += L) {
            DoubleVector s0 = DoubleVector.fromArray(S, c, p);
            for (int j = 0, o = p; j < nk; j++, o += d) {
                DoubleVector t0 = g == null ? bz : DoubleVector.fromArray(S, g, o).mul(b);
                s0 = s0.add(DoubleVector.fromArray(S, f, o).mul(a).add(t0));
            }
            s0.intoArray(c, p);
        }
        if (p < p1) FusedSoftmaxScalar.sumCombinationRows(f, g, a, b, nk, d, p, p1, c);
    }

    /**
     * out[o + i] = a·x[off + i] + b·y[off + i] (b·0 for y null) for i in [0, len): the same bits as
     * {@link FusedSoftmaxScalar#combine}.
     */
    static void combine(double[] x, double[] y, int off, int len, double a, double b, double[] out, int o) {
        DoubleVector bz = DoubleVector.broadcast(S, b * 0.0);
        int i = 0;
        for (; i + L <= len; i += L) {
            DoubleVector t = y == null ? bz : DoubleVector.fromArray(S, y, off + i).mul(b);
            DoubleVector.fromArray(S, x, off + i).mul(a).add(t).intoArray(out, o + i);
        }
        if (i < len) FusedSoftmaxScalar.combine(x, y, off + i, len - i, a, b, out, o + i);
    }

    /**
     * One key panel of 3L keys from uncentred panels: kt[base + p·3L + j] = (a·x + b·y)[base + p·3L + j] − c[p]
     * (b·0 for y null) for p in [0, d): the same bits as {@link FusedSoftmaxScalar#combinePanel}.
     */
    static void combinePanel(double[] x, double[] y, int base, int d, double a, double b, double[] c, double[] kt) {
        DoubleVector bz = DoubleVector.broadcast(S, b * 0.0);
        for (int p = 0, o = base; p < d; p++, o += 3 * L) {
            DoubleVector cp = DoubleVector.broadcast(S, c[p]);
            for (int v = 0; v < 3 * L; v += L) {
                DoubleVector t = y == null ? bz : DoubleVector.fromArray(S, y, o + v).mul(b);
                DoubleVector.fromArray(S, x, o + v).mul(a).add(t).sub(cp).intoArray(kt, o + v);
            }
        }
    }

    /** dst[dOff .. dOff + L) = src[sOff .. sOff + L): one vector (System.arraycopy of L values cost ~10 ns a call). */
    static void copyVector(double[] src, int sOff, double[] dst, int dOff) {
        DoubleVector.fromArray(S, src, sOff).intoArray(dst, dOff);
    }

    static final int H = L / 2;
    /** Whether the paired value kernel exists for this vector width (it is written for 8 lanes). */
    static final boolean PAIRED = L == 8;
    /** Q_k spreads weights 2k and 2k+1 of a vector of 8 over the two halves: [w_2k ×4 | w_2k+1 ×4]. */
    private static final VectorShuffle<Double> Q0 = pairShuffle(0), Q1 = pairShuffle(1), Q2 = pairShuffle(2), Q3 = pairShuffle(3);
    /** Swaps the two halves of a vector. */
    private static final VectorShuffle<Double> SWAP = VectorShuffle.fromOp(S, i -> (i + H) % L);
    private static final VectorMask<Double> UPPER = VectorMask.fromLong(S, ((1L << L) - 1) & ~((1L << H) - 1));

    private static VectorShuffle<Double> pairShuffle(int k) {
        return VectorShuffle.fromOp(S, i -> Math.min(L - 1, 2 * k + i / H));
    }

    /**
     * {@link #accumulateValues} for values of at most L/2 columns and 8 lanes, bit for bit: the paired layout
     * holds key j's values at {@code vh[j·H ..]} (zero padded to H), so one vector holds keys j and j+1 and one
     * fma serves two keys, where the one-vector strips spend a whole fma (and a broadcast) per key on at most
     * L/2 useful lanes. The lower half accumulates the even keys of the tile, the upper half the odd ones, in
     * key order: exactly the two chains of {@link #pv4x1}, added the same way at the end.
     */
    static void pairedValues4(double[] s, int s0, int st, int tw, double[] vh, int j0, double[] a, int a0, int lda) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int s1 = s0 + st, s2 = s1 + st, s3 = s2 + st;
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector c0 = DoubleVector.fromArray(S, a, a0).blend(zero, UPPER), c1 = DoubleVector.fromArray(S, a, a1).blend(zero, UPPER);
        DoubleVector c2 = DoubleVector.fromArray(S, a, a2).blend(zero, UPPER), c3 = DoubleVector.fromArray(S, a, a3).blend(zero, UPPER);
        for (int jj = 0, vj = j0 * H; jj < tw; jj += L, vj += L * H) {
            DoubleVector w0 = DoubleVector.fromArray(S, s, s0 + jj), w1 = DoubleVector.fromArray(S, s, s1 + jj);
            DoubleVector w2 = DoubleVector.fromArray(S, s, s2 + jj), w3 = DoubleVector.fromArray(S, s, s3 + jj);
            DoubleVector v = DoubleVector.fromArray(S, vh, vj);
            c0 = v.fma(w0.rearrange(Q0), c0);
            c1 = v.fma(w1.rearrange(Q0), c1);
            c2 = v.fma(w2.rearrange(Q0), c2);
            c3 = v.fma(w3.rearrange(Q0), c3);
            v = DoubleVector.fromArray(S, vh, vj + L);
            c0 = v.fma(w0.rearrange(Q1), c0);
            c1 = v.fma(w1.rearrange(Q1), c1);
            c2 = v.fma(w2.rearrange(Q1), c2);
            c3 = v.fma(w3.rearrange(Q1), c3);
            v = DoubleVector.fromArray(S, vh, vj + 2 * L);
            c0 = v.fma(w0.rearrange(Q2), c0);
            c1 = v.fma(w1.rearrange(Q2), c1);
            c2 = v.fma(w2.rearrange(Q2), c2);
            c3 = v.fma(w3.rearrange(Q2), c3);
            v = DoubleVector.fromArray(S, vh, vj + 3 * L);
            c0 = v.fma(w0.rearrange(Q3), c0);
            c1 = v.fma(w1.rearrange(Q3), c1);
            c2 = v.fma(w2.rearrange(Q3), c2);
            c3 = v.fma(w3.rearrange(Q3), c3);
        }
        c0.add(c0.rearrange(SWAP)).blend(zero, UPPER).intoArray(a, a0);
        c1.add(c1.rearrange(SWAP)).blend(zero, UPPER).intoArray(a, a1);
        c2.add(c2.rearrange(SWAP)).blend(zero, UPPER).intoArray(a, a2);
        c3.add(c3.rearrange(SWAP)).blend(zero, UPPER).intoArray(a, a3);
    }

    /**
     * a[r][·] += Σ_{jj<tw} s[r][jj] · v[j0 + jj][·] for the 4 rows of a micro-tile. Values are packed in
     * column strips of one vector: strip q holds v[j][qL .. qL+L) at {@code vp[(q·nkPad + j)·L ..]}, so each
     * strip is read sequentially; strips are combined 3, 2 or 1 at a time.
     */
    static void accumulateValues(double[] s, int s0, int st, int tw, double[] vp, int j0, int nkPad, int dvPad, double[] a, int a0) {
        int strips = dvPad / L, cs = nkPad * L;
        int q = 0;
        for (; q + 3 <= strips; q += 3) pv4x3(s, s0, st, tw, vp, (q * nkPad + j0) * L, cs, a, a0 + q * L, dvPad);
        if (q + 2 <= strips) {
            pv4x2(s, s0, st, tw, vp, (q * nkPad + j0) * L, cs, a, a0 + q * L, dvPad);
            q += 2;
        }
        if (q < strips) pv4x1(s, s0, st, tw, vp, (q * nkPad + j0) * L, a, a0 + q * L, dvPad);
    }

    /** {@link #accumulateValues} for 2 rows: per row the same fma chains as the 4-row kernels, so the same bits. */
    static void accumulateValues2(double[] s, int s0, int st, int tw, double[] vp, int j0, int nkPad, int dvPad, double[] a, int a0) {
        int strips = dvPad / L, cs = nkPad * L;
        int q = 0;
        for (; q + 3 <= strips; q += 3) pv2x3(s, s0, st, tw, vp, (q * nkPad + j0) * L, cs, a, a0 + q * L, dvPad);
        if (q + 2 <= strips) {
            pv2x2(s, s0, st, tw, vp, (q * nkPad + j0) * L, cs, a, a0 + q * L, dvPad);
            q += 2;
        }
        if (q < strips) pv2x1(s, s0, st, tw, vp, (q * nkPad + j0) * L, a, a0 + q * L, dvPad);
    }

    private static void pv2x3(double[] s, int s0, int st, int tw, double[] vp, int v0, int cs, double[] a, int a0, int lda) {
        int a1 = a0 + lda;
        DoubleVector c00 = DoubleVector.fromArray(S, a, a0), c01 = DoubleVector.fromArray(S, a, a0 + L), c02 = DoubleVector.fromArray(S, a, a0 + 2 * L);
        DoubleVector c10 = DoubleVector.fromArray(S, a, a1), c11 = DoubleVector.fromArray(S, a, a1 + L), c12 = DoubleVector.fromArray(S, a, a1 + 2 * L);
        int s1 = s0 + st;
        for (int jj = 0, vj = v0; jj < tw; jj++, vj += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, vp, vj);
            DoubleVector x1 = DoubleVector.fromArray(S, vp, vj + cs);
            DoubleVector x2 = DoubleVector.fromArray(S, vp, vj + 2 * cs);
            DoubleVector b = DoubleVector.broadcast(S, s[s0 + jj]);
            c00 = x0.fma(b, c00);
            c01 = x1.fma(b, c01);
            c02 = x2.fma(b, c02);
            b = DoubleVector.broadcast(S, s[s1 + jj]);
            c10 = x0.fma(b, c10);
            c11 = x1.fma(b, c11);
            c12 = x2.fma(b, c12);
        }
        c00.intoArray(a, a0);
        c01.intoArray(a, a0 + L);
        c02.intoArray(a, a0 + 2 * L);
        c10.intoArray(a, a1);
        c11.intoArray(a, a1 + L);
        c12.intoArray(a, a1 + 2 * L);
    }

    private static void pv2x2(double[] s, int s0, int st, int tw, double[] vp, int v0, int cs, double[] a, int a0, int lda) {
        int a1 = a0 + lda;
        DoubleVector c00 = DoubleVector.fromArray(S, a, a0), c01 = DoubleVector.fromArray(S, a, a0 + L);
        DoubleVector c10 = DoubleVector.fromArray(S, a, a1), c11 = DoubleVector.fromArray(S, a, a1 + L);
        int s1 = s0 + st;
        for (int jj = 0, vj = v0; jj < tw; jj++, vj += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, vp, vj);
            DoubleVector x1 = DoubleVector.fromArray(S, vp, vj + cs);
            DoubleVector b = DoubleVector.broadcast(S, s[s0 + jj]);
            c00 = x0.fma(b, c00);
            c01 = x1.fma(b, c01);
            b = DoubleVector.broadcast(S, s[s1 + jj]);
            c10 = x0.fma(b, c10);
            c11 = x1.fma(b, c11);
        }
        c00.intoArray(a, a0);
        c01.intoArray(a, a0 + L);
        c10.intoArray(a, a1);
        c11.intoArray(a, a1 + L);
    }

    /** {@link #pv4x1} for 2 rows, with its even/odd split of the keys. */
    private static void pv2x1(double[] s, int s0, int st, int tw, double[] vp, int v0, double[] a, int a0, int lda) {
        int a1 = a0 + lda;
        DoubleVector c0 = DoubleVector.fromArray(S, a, a0), c1 = DoubleVector.fromArray(S, a, a1);
        DoubleVector e0 = DoubleVector.zero(S), e1 = e0;
        int s1 = s0 + st;
        int jj = 0, vj = v0;
        for (; jj + 2 <= tw; jj += 2, vj += 2 * L) {
            DoubleVector x = DoubleVector.fromArray(S, vp, vj);
            DoubleVector y = DoubleVector.fromArray(S, vp, vj + L);
            c0 = x.fma(DoubleVector.broadcast(S, s[s0 + jj]), c0);
            c1 = x.fma(DoubleVector.broadcast(S, s[s1 + jj]), c1);
            e0 = y.fma(DoubleVector.broadcast(S, s[s0 + jj + 1]), e0);
            e1 = y.fma(DoubleVector.broadcast(S, s[s1 + jj + 1]), e1);
        }
        for (; jj < tw; jj++, vj += L) {
            DoubleVector x = DoubleVector.fromArray(S, vp, vj);
            c0 = x.fma(DoubleVector.broadcast(S, s[s0 + jj]), c0);
            c1 = x.fma(DoubleVector.broadcast(S, s[s1 + jj]), c1);
        }
        c0.add(e0).intoArray(a, a0);
        c1.add(e1).intoArray(a, a1);
    }

    private static void pv4x3(double[] s, int s0, int st, int tw, double[] vp, int v0, int cs, double[] a, int a0, int lda) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        DoubleVector c00 = DoubleVector.fromArray(S, a, a0), c01 = DoubleVector.fromArray(S, a, a0 + L), c02 = DoubleVector.fromArray(S, a, a0 + 2 * L);
        DoubleVector c10 = DoubleVector.fromArray(S, a, a1), c11 = DoubleVector.fromArray(S, a, a1 + L), c12 = DoubleVector.fromArray(S, a, a1 + 2 * L);
        DoubleVector c20 = DoubleVector.fromArray(S, a, a2), c21 = DoubleVector.fromArray(S, a, a2 + L), c22 = DoubleVector.fromArray(S, a, a2 + 2 * L);
        DoubleVector c30 = DoubleVector.fromArray(S, a, a3), c31 = DoubleVector.fromArray(S, a, a3 + L), c32 = DoubleVector.fromArray(S, a, a3 + 2 * L);
        int s1 = s0 + st, s2 = s1 + st, s3 = s2 + st;
        for (int jj = 0, vj = v0; jj < tw; jj++, vj += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, vp, vj);
            DoubleVector x1 = DoubleVector.fromArray(S, vp, vj + cs);
            DoubleVector x2 = DoubleVector.fromArray(S, vp, vj + 2 * cs);
            DoubleVector b = DoubleVector.broadcast(S, s[s0 + jj]);
            c00 = x0.fma(b, c00);
            c01 = x1.fma(b, c01);
            c02 = x2.fma(b, c02);
            b = DoubleVector.broadcast(S, s[s1 + jj]);
            c10 = x0.fma(b, c10);
            c11 = x1.fma(b, c11);
            c12 = x2.fma(b, c12);
            b = DoubleVector.broadcast(S, s[s2 + jj]);
            c20 = x0.fma(b, c20);
            c21 = x1.fma(b, c21);
            c22 = x2.fma(b, c22);
            b = DoubleVector.broadcast(S, s[s3 + jj]);
            c30 = x0.fma(b, c30);
            c31 = x1.fma(b, c31);
            c32 = x2.fma(b, c32);
        }
        c00.intoArray(a, a0);
        c01.intoArray(a, a0 + L);
        c02.intoArray(a, a0 + 2 * L);
        c10.intoArray(a, a1);
        c11.intoArray(a, a1 + L);
        c12.intoArray(a, a1 + 2 * L);
        c20.intoArray(a, a2);
        c21.intoArray(a, a2 + L);
        c22.intoArray(a, a2 + 2 * L);
        c30.intoArray(a, a3);
        c31.intoArray(a, a3 + L);
        c32.intoArray(a, a3 + 2 * L);
    }

    private static void pv4x2(double[] s, int s0, int st, int tw, double[] vp, int v0, int cs, double[] a, int a0, int lda) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        DoubleVector c00 = DoubleVector.fromArray(S, a, a0), c01 = DoubleVector.fromArray(S, a, a0 + L);
        DoubleVector c10 = DoubleVector.fromArray(S, a, a1), c11 = DoubleVector.fromArray(S, a, a1 + L);
        DoubleVector c20 = DoubleVector.fromArray(S, a, a2), c21 = DoubleVector.fromArray(S, a, a2 + L);
        DoubleVector c30 = DoubleVector.fromArray(S, a, a3), c31 = DoubleVector.fromArray(S, a, a3 + L);
        int s1 = s0 + st, s2 = s1 + st, s3 = s2 + st;
        for (int jj = 0, vj = v0; jj < tw; jj++, vj += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, vp, vj);
            DoubleVector x1 = DoubleVector.fromArray(S, vp, vj + cs);
            DoubleVector b = DoubleVector.broadcast(S, s[s0 + jj]);
            c00 = x0.fma(b, c00);
            c01 = x1.fma(b, c01);
            b = DoubleVector.broadcast(S, s[s1 + jj]);
            c10 = x0.fma(b, c10);
            c11 = x1.fma(b, c11);
            b = DoubleVector.broadcast(S, s[s2 + jj]);
            c20 = x0.fma(b, c20);
            c21 = x1.fma(b, c21);
            b = DoubleVector.broadcast(S, s[s3 + jj]);
            c30 = x0.fma(b, c30);
            c31 = x1.fma(b, c31);
        }
        c00.intoArray(a, a0);
        c01.intoArray(a, a0 + L);
        c10.intoArray(a, a1);
        c11.intoArray(a, a1 + L);
        c20.intoArray(a, a2);
        c21.intoArray(a, a2 + L);
        c30.intoArray(a, a3);
        c31.intoArray(a, a3 + L);
    }

    /** One strip per row; even and odd keys go to separate accumulators to keep 8 FMA chains in flight. */
    private static void pv4x1(double[] s, int s0, int st, int tw, double[] vp, int v0, double[] a, int a0, int lda) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        DoubleVector c0 = DoubleVector.fromArray(S, a, a0), c1 = DoubleVector.fromArray(S, a, a1);
        DoubleVector c2 = DoubleVector.fromArray(S, a, a2), c3 = DoubleVector.fromArray(S, a, a3);
        DoubleVector e0 = DoubleVector.zero(S), e1 = e0, e2 = e0, e3 = e0;
        int s1 = s0 + st, s2 = s1 + st, s3 = s2 + st;
        int jj = 0, vj = v0;
        for (; jj + 2 <= tw; jj += 2, vj += 2 * L) {
            DoubleVector x = DoubleVector.fromArray(S, vp, vj);
            DoubleVector y = DoubleVector.fromArray(S, vp, vj + L);
            c0 = x.fma(DoubleVector.broadcast(S, s[s0 + jj]), c0);
            c1 = x.fma(DoubleVector.broadcast(S, s[s1 + jj]), c1);
            c2 = x.fma(DoubleVector.broadcast(S, s[s2 + jj]), c2);
            c3 = x.fma(DoubleVector.broadcast(S, s[s3 + jj]), c3);
            e0 = y.fma(DoubleVector.broadcast(S, s[s0 + jj + 1]), e0);
            e1 = y.fma(DoubleVector.broadcast(S, s[s1 + jj + 1]), e1);
            e2 = y.fma(DoubleVector.broadcast(S, s[s2 + jj + 1]), e2);
            e3 = y.fma(DoubleVector.broadcast(S, s[s3 + jj + 1]), e3);
        }
        for (; jj < tw; jj++, vj += L) {
            DoubleVector x = DoubleVector.fromArray(S, vp, vj);
            c0 = x.fma(DoubleVector.broadcast(S, s[s0 + jj]), c0);
            c1 = x.fma(DoubleVector.broadcast(S, s[s1 + jj]), c1);
            c2 = x.fma(DoubleVector.broadcast(S, s[s2 + jj]), c2);
            c3 = x.fma(DoubleVector.broadcast(S, s[s3 + jj]), c3);
        }
        c0.add(e0).intoArray(a, a0);
        c1.add(e1).intoArray(a, a1);
        c2.add(e2).intoArray(a, a2);
        c3.add(e3).intoArray(a, a3);
    }
}
