package org.enflow.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API stage loops of the fused Lorenz-96 RK4 step: unmasked main loops, scalar tails from
 * {@link Lorenz96StagesScalar}. Loaded only when {@link org.enflow.kernel.Vectorization#enabled()}.
 */
final class Lorenz96StagesVector implements Lorenz96Stages {
    static final Lorenz96StagesVector INSTANCE = new Lorenz96StagesVector();
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Lorenz96StagesVector() {}

    private static DoubleVector f(double[] u, int p, DoubleVector forcing) {
        DoubleVector xm2 = DoubleVector.fromArray(S, u, p - 2);
        DoubleVector xm1 = DoubleVector.fromArray(S, u, p - 1);
        DoubleVector x0 = DoubleVector.fromArray(S, u, p);
        DoubleVector xp1 = DoubleVector.fromArray(S, u, p + 1);
        return xp1.sub(xm2).fma(xm1, forcing.sub(x0));
    }

    @Override
    public void first(double[] x, double[] y, double[] k, int from, int to, double forcing, double c) {
        DoubleVector fv = DoubleVector.broadcast(S, forcing), cv = DoubleVector.broadcast(S, c);
        int p = from, end = from + S.loopBound(to - from);
        for (; p < end; p += L) {
            DoubleVector f = f(x, p, fv);
            f.intoArray(k, p);
            f.fma(cv, DoubleVector.fromArray(S, x, p)).intoArray(y, p);
        }
        Lorenz96StagesScalar.firstRange(x, y, k, p, to, forcing, c);
    }

    @Override
    public void rk4Middle(double[] x, double[] u, double[] v, double[] acc, int from, int to, double forcing, double c) {
        DoubleVector fv = DoubleVector.broadcast(S, forcing), cv = DoubleVector.broadcast(S, c);
        DoubleVector two = DoubleVector.broadcast(S, 2.0);
        int p = from, end = from + S.loopBound(to - from);
        for (; p < end; p += L) {
            DoubleVector f = f(u, p, fv);
            f.fma(two, DoubleVector.fromArray(S, acc, p)).intoArray(acc, p);
            f.fma(cv, DoubleVector.fromArray(S, x, p)).intoArray(v, p);
        }
        Lorenz96StagesScalar.rk4MiddleRange(x, u, v, acc, p, to, forcing, c);
    }

    @Override
    public void rk38Second(double[] x, double[] y, double[] z, double[] k, double[] acc, int from, int to, double forcing, double h) {
        DoubleVector fv = DoubleVector.broadcast(S, forcing), hv = DoubleVector.broadcast(S, h);
        DoubleVector three = DoubleVector.broadcast(S, 3.0), third = DoubleVector.broadcast(S, Lorenz96StagesScalar.THIRD);
        int p = from, end = from + S.loopBound(to - from);
        for (; p < end; p += L) {
            DoubleVector f = f(y, p, fv);
            DoubleVector k1 = DoubleVector.fromArray(S, k, p);
            f.fma(three, k1).intoArray(acc, p);
            k1.sub(f).intoArray(k, p);
            f.sub(k1.mul(third)).fma(hv, DoubleVector.fromArray(S, x, p)).intoArray(z, p);
        }
        Lorenz96StagesScalar.rk38SecondRange(x, y, z, k, acc, p, to, forcing, h);
    }

    @Override
    public void rk38Third(double[] x, double[] z, double[] y, double[] k, double[] acc, int from, int to, double forcing, double h) {
        DoubleVector fv = DoubleVector.broadcast(S, forcing), hv = DoubleVector.broadcast(S, h);
        DoubleVector three = DoubleVector.broadcast(S, 3.0);
        int p = from, end = from + S.loopBound(to - from);
        for (; p < end; p += L) {
            DoubleVector f = f(z, p, fv);
            f.fma(three, DoubleVector.fromArray(S, acc, p)).intoArray(acc, p);
            DoubleVector.fromArray(S, k, p).add(f).fma(hv, DoubleVector.fromArray(S, x, p)).intoArray(y, p);
        }
        Lorenz96StagesScalar.rk38ThirdRange(x, z, y, k, acc, p, to, forcing, h);
    }

    @Override
    public void last(double[] x, double[] y, double[] acc, double[] out, int from, int to, double forcing, double w) {
        DoubleVector fv = DoubleVector.broadcast(S, forcing), wv = DoubleVector.broadcast(S, w);
        int p = from, end = from + S.loopBound(to - from);
        for (; p < end; p += L) {
            DoubleVector f = f(y, p, fv);
            DoubleVector.fromArray(S, acc, p).add(f).fma(wv, DoubleVector.fromArray(S, x, p)).intoArray(out, p);
        }
        Lorenz96StagesScalar.lastRange(x, y, acc, out, p, to, forcing, w);
    }
}
