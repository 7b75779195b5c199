package org.enflow.model;

/** Scalar twin of {@link Lorenz96StagesVector}; also computes the vector loops' tails. */
final class Lorenz96StagesScalar implements Lorenz96Stages {
    static final Lorenz96StagesScalar INSTANCE = new Lorenz96StagesScalar();
    static final double THIRD = 1.0 / 3.0;

    private Lorenz96StagesScalar() {}

    private static double f(double[] u, int p, double forcing) {
        return Math.fma(u[p + 1] - u[p - 2], u[p - 1], forcing - u[p]);
    }

    @Override
    public void first(double[] x, double[] y, double[] k, int from, int to, double forcing, double c) {
        firstRange(x, y, k, from, to, forcing, c);
    }

    static void firstRange(double[] x, double[] y, double[] k, int from, int to, double forcing, double c) {
        for (int p = from; p < to; p++) {
            double f = f(x, p, forcing);
            k[p] = f;
            y[p] = Math.fma(f, c, x[p]);
        }
    }

    @Override
    public void rk4Middle(double[] x, double[] u, double[] v, double[] acc, int from, int to, double forcing, double c) {
        rk4MiddleRange(x, u, v, acc, from, to, forcing, c);
    }

    static void rk4MiddleRange(double[] x, double[] u, double[] v, double[] acc, int from, int to, double forcing, double c) {
        for (int p = from; p < to; p++) {
            double f = f(u, p, forcing);
            acc[p] = Math.fma(f, 2.0, acc[p]);
            v[p] = Math.fma(f, c, x[p]);
        }
    }

    @Override
    public void rk38Second(double[] x, double[] y, double[] z, double[] k, double[] acc, int from, int to, double forcing, double h) {
        rk38SecondRange(x, y, z, k, acc, from, to, forcing, h);
    }

    static void rk38SecondRange(double[] x, double[] y, double[] z, double[] k, double[] acc, int from, int to, double forcing,
            double h) {
        for (int p = from; p < to; p++) {
            double f = f(y, p, forcing);
            double k1 = k[p];
            acc[p] = Math.fma(f, 3.0, k1);
            k[p] = k1 - f;
            z[p] = Math.fma(f - k1 * THIRD, h, x[p]);
        }
    }

    @Override
    public void rk38Third(double[] x, double[] z, double[] y, double[] k, double[] acc, int from, int to, double forcing, double h) {
        rk38ThirdRange(x, z, y, k, acc, from, to, forcing, h);
    }

    static void rk38ThirdRange(double[] x, double[] z, double[] y, double[] k, double[] acc, int from, int to, double forcing,
            double h) {
        for (int p = from; p < to; p++) {
            double f = f(z, p, forcing);
            acc[p] = Math.fma(f, 3.0, acc[p]);
            y[p] = Math.fma(k[p] + f, h, x[p]);
        }
    }

    @Override
    public void last(double[] x, double[] y, double[] acc, double[] out, int from, int to, double forcing, double w) {
        lastRange(x, y, acc, out, from, to, forcing, w);
    }

    static void lastRange(double[] x, double[] y, double[] acc, double[] out, int from, int to, double forcing, double w) {
        for (int p = from; p < to; p++) {
            double f = f(y, p, forcing);
            out[p] = Math.fma(acc[p] + f, w, x[p]);
        }
    }
}
