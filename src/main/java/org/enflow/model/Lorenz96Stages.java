package org.enflow.model;

/**
 * The four stage loops of a fused Lorenz-96 RK4 step, on arrays that share one local index p: stage
 * inputs are read at p−2, p−1, p, p+1, everything else at p only. Each loop computes
 * f_p = fma(u[p+1] − u[p−2], u[p−1], F − u[p]) on [from, to) and folds it into the running combinations,
 * so a step is four passes over L1-resident buffers. The vector and scalar implementations perform the
 * same IEEE operations per element and are therefore bit-identical.
 */
interface Lorenz96Stages {
    /** Stage 1: k = f(x); y = x + c·k. */
    void first(double[] x, double[] y, double[] k, int from, int to, double forcing, double c);

    /** Classic RK4 stages 2 and 3: f = f(u); acc += 2f; v = x + c·f. */
    void rk4Middle(double[] x, double[] u, double[] v, double[] acc, int from, int to, double forcing, double c);

    /** 3/8 rule stage 2 (k holds k₁): f = f(y); acc = k₁ + 3f; k = k₁ − f; z = x + h(f − k₁/3). */
    void rk38Second(double[] x, double[] y, double[] z, double[] k, double[] acc, int from, int to, double forcing, double h);

    /** 3/8 rule stage 3 (k holds k₁ − k₂): f = f(z); acc += 3f; y = x + h(k + f). */
    void rk38Third(double[] x, double[] z, double[] y, double[] k, double[] acc, int from, int to, double forcing, double h);

    /** Last stage: out = x + w(acc + f(y)); {@code out} may be {@code x}. */
    void last(double[] x, double[] y, double[] acc, double[] out, int from, int to, double forcing, double w);
}
