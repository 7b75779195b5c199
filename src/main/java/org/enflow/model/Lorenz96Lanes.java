package org.enflow.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The small-d Lorenz-96 RK4 step with members in vector lanes: a group of {@link #LANES} members is stored
 * component-major ("lane-interleaved": component i of member l at {@code (i + 2)·LANES + l}), so the stencil
 * neighbours u_{i−2}, u_{i−1}, u_{i+1} of a whole vector of members are other aligned vectors, and a stage
 * loop carries them in registers: one load of u per component instead of four unaligned ones (which split
 * across cache lines at 512 bits). Each lane performs exactly the operations of
 * {@link Lorenz96StagesScalar} for its member, so results are bit-identical to the scalar twin.
 *
 * <p>Slots 0, 1 hold components d−2, d−1 and slot d+2 holds component 0 (the periodic halo), refreshed
 * after every stage. Loaded only when {@link org.enflow.kernel.Vectorization#enabled()}.
 */
final class Lorenz96Lanes {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Members per group: one per lane. */
    static final int LANES = S.length();
    private static final int L = LANES;

    private Lorenz96Lanes() {}

    /** Length of one lane-interleaved buffer for dimension d. */
    static int length(int d) {
        return (d + 3) * L;
    }

    /** Copies members [first, first + LANES) of {@code data} (member-major, dimension d) into lane buffer u. */
    static void load(double[] data, int first, int d, double[] u) {
        for (int l = 0; l < L; l++) {
            int src = (first + l) * d;
            for (int i = 0, p = 2 * L + l; i < d; i++, p += L) u[p] = data[src + i];
        }
        wrap(u, d);
    }

    /** Copies lane buffer u back to members [first, first + LANES) of {@code data}. */
    static void store(double[] u, int d, double[] data, int first) {
        for (int l = 0; l < L; l++) {
            int dst = (first + l) * d;
            for (int i = 0, p = 2 * L + l; i < d; i++, p += L) data[dst + i] = u[p];
        }
    }

    /** Refreshes the periodic halo slots 0, 1 and d+2. */
    static void wrap(double[] u, int d) {
        System.arraycopy(u, d * L, u, 0, 2 * L);
        System.arraycopy(u, 2 * L, u, (d + 2) * L, L);
    }

    // Stage loops over slots [from, to): they read slots [from − 2, to + 1) of the stage input. The caller
    // refreshes the halos between stages.

    /** Stage 1: k = f(x); y = x + c·k. */
    static void first(double[] x, double[] y, double[] k, int from, int to, double forcing, double c) {
        DoubleVector fv = DoubleVector.broadcast(S, forcing), cv = DoubleVector.broadcast(S, c);
        DoubleVector um2 = DoubleVector.fromArray(S, x, (from - 2) * L), um1 = DoubleVector.fromArray(S, x, (from - 1) * L),
                u0 = DoubleVector.fromArray(S, x, from * L);
        for (int p = from * L, end = to * L; p < end; p += L) {
            DoubleVector up1 = DoubleVector.fromArray(S, x, p + L);
            DoubleVector f = up1.sub(um2).fma(um1, fv.sub(u0));
            f.intoArray(k, p);
            f.fma(cv, u0).intoArray(y, p);
            um2 = um1;
            um1 = u0;
            u0 = up1;
        }
    }

    /** Classic RK4 stages 2 and 3: f = f(u); acc += 2f; v = x + c·f. */
    static void rk4Middle(double[] x, double[] u, double[] v, double[] acc, int from, int to, double forcing, double c) {
        DoubleVector fv = DoubleVector.broadcast(S, forcing), cv = DoubleVector.broadcast(S, c);
        DoubleVector two = DoubleVector.broadcast(S, 2.0);
        DoubleVector um2 = DoubleVector.fromArray(S, u, (from - 2) * L), um1 = DoubleVector.fromArray(S, u, (from - 1) * L),
                u0 = DoubleVector.fromArray(S, u, from * L);
        for (int p = from * L, end = to * L; p < end; p += L) {
            DoubleVector up1 = DoubleVector.fromArray(S, u, p + L);
            DoubleVector f = up1.sub(um2).fma(um1, fv.sub(u0));
            f.fma(two, DoubleVector.fromArray(S, acc, p)).intoArray(acc, p);
            f.fma(cv, DoubleVector.fromArray(S, x, p)).intoArray(v, p);
            um2 = um1;
            um1 = u0;
            u0 = up1;
        }
    }

    /** 3/8 rule stage 2 (k holds k₁): f = f(y); acc = k₁ + 3f; k = k₁ − f; z = x + h(f − k₁/3). */
    static void rk38Second(double[] x, double[] y, double[] z, double[] k, double[] acc, int from, int to, double forcing, double h) {
        DoubleVector fv = DoubleVector.broadcast(S, forcing), hv = DoubleVector.broadcast(S, h);
        DoubleVector three = DoubleVector.broadcast(S, 3.0), third = DoubleVector.broadcast(S, Lorenz96StagesScalar.THIRD);
        DoubleVector um2 = DoubleVector.fromArray(S, y, (from - 2) * L), um1 = DoubleVector.fromArray(S, y, (from - 1) * L),
                u0 = DoubleVector.fromArray(S, y, from * L);
        for (int p = from * L, end = to * L; p < end; p += L) {
            DoubleVector up1 = DoubleVector.fromArray(S, y, p + L);
            DoubleVector f = up1.sub(um2).fma(um1, fv.sub(u0));
            DoubleVector k1 = DoubleVector.fromArray(S, k, p);
            f.fma(three, k1).intoArray(acc, p);
            k1.sub(f).intoArray(k, p);
            f.sub(k1.mul(third)).fma(hv, DoubleVector.fromArray(S, x, p)).intoArray(z, p);
            um2 = um1;
            um1 = u0;
            u0 = up1;
        }
    }

    /** 3/8 rule stage 3 (k holds k₁ − k₂): f = f(z); acc += 3f; y = x + h(k + f). */
    static void rk38Third(double[] x, double[] z, double[] y, double[] k, double[] acc, int from, int to, double forcing, double h) {
        DoubleVector fv = DoubleVector.broadcast(S, forcing), hv = DoubleVector.broadcast(S, h);
        DoubleVector three = DoubleVector.broadcast(S, 3.0);
        DoubleVector um2 = DoubleVector.fromArray(S, z, (from - 2) * L), um1 = DoubleVector.fromArray(S, z, (from - 1) * L),
                u0 = DoubleVector.fromArray(S, z, from * L);
        for (int p = from * L, end = to * L; p < end; p += L) {
            DoubleVector up1 = DoubleVector.fromArray(S, z, p + L);
            DoubleVector f = up1.sub(um2).fma(um1, fv.sub(u0));
            f.fma(three, DoubleVector.fromArray(S, acc, p)).intoArray(acc, p);
            DoubleVector.fromArray(S, k, p).add(f).fma(hv, DoubleVector.fromArray(S, x, p)).intoArray(y, p);
            um2 = um1;
            um1 = u0;
            u0 = up1;
        }
    }

    /** Last stage: x = x + w(acc + f(y)), in place (x is read only at the written slot). */
    static void last(double[] x, double[] y, double[] acc, int from, int to, double forcing, double w) {
        DoubleVector fv = DoubleVector.broadcast(S, forcing), wv = DoubleVector.broadcast(S, w);
        DoubleVector um2 = DoubleVector.fromArray(S, y, (from - 2) * L), um1 = DoubleVector.fromArray(S, y, (from - 1) * L),
                u0 = DoubleVector.fromArray(S, y, from * L);
        for (int p = from * L, end = to * L; p < end; p += L) {
            DoubleVector up1 = DoubleVector.fromArray(S, y, p + L);
            DoubleVector f = up1.sub(um2).fma(um1, fv.sub(u0));
            DoubleVector.fromArray(S, acc, p).add(f).fma(wv, DoubleVector.fromArray(S, x, p)).intoArray(x, p);
            um2 = um1;
            um1 = u0;
            u0 = up1;
        }
    }
}
