package org.enflow.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/** CPU-time GFLOP/s of the Gram and value micro-kernels on cache-resident data (a measuring aid). */
public final class GramMicroCheck {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /** Variant: index from the loop variable. */
    static void gramIdx(double[] qc, int q0, int d, double[] kt, int k0, double[] s, int s0, int st) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
        DoubleVector c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
        int q1 = q0 + d, q2 = q1 + d, q3 = q2 + d, w = 3 * L;
        for (int p = 0; p < d; p++) {
            int kp = k0 + p * w;
            DoubleVector k0v = DoubleVector.fromArray(S, kt, kp);
            DoubleVector k1v = DoubleVector.fromArray(S, kt, kp + L);
            DoubleVector k2v = DoubleVector.fromArray(S, kt, kp + 2 * L);
            DoubleVector b = DoubleVector.broadcast(S, qc[q0 + p]);
            c00 = k0v.fma(b, c00); c01 = k1v.fma(b, c01); c02 = k2v.fma(b, c02);
            b = DoubleVector.broadcast(S, qc[q1 + p]);
            c10 = k0v.fma(b, c10); c11 = k1v.fma(b, c11); c12 = k2v.fma(b, c12);
            b = DoubleVector.broadcast(S, qc[q2 + p]);
            c20 = k0v.fma(b, c20); c21 = k1v.fma(b, c21); c22 = k2v.fma(b, c22);
            b = DoubleVector.broadcast(S, qc[q3 + p]);
            c30 = k0v.fma(b, c30); c31 = k1v.fma(b, c31); c32 = k2v.fma(b, c32);
        }
        c00.intoArray(s, s0); c01.intoArray(s, s0 + L); c02.intoArray(s, s0 + 2 * L);
        c10.intoArray(s, s0 + st); c11.intoArray(s, s0 + st + L); c12.intoArray(s, s0 + st + 2 * L);
        c20.intoArray(s, s0 + 2 * st); c21.intoArray(s, s0 + 2 * st + L); c22.intoArray(s, s0 + 2 * st + 2 * L);
        c30.intoArray(s, s0 + 3 * st); c31.intoArray(s, s0 + 3 * st + L); c32.intoArray(s, s0 + 3 * st + 2 * L);
    }

    /** Variant: 8 rows × 3 vectors (24 accumulators). */
    static void gram8x3(double[] qc, int q0, int d, double[] kt, int k0, double[] s, int s0, int st) {
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0, c0 = a0, c1 = a0, c2 = a0;
        DoubleVector d0 = a0, d1 = a0, d2 = a0, e0 = a0, e1 = a0, e2 = a0, f0 = a0, f1 = a0, f2 = a0;
        DoubleVector g0 = a0, g1 = a0, g2 = a0, h0 = a0, h1 = a0, h2 = a0;
        int w = 3 * L;
        for (int p = 0, kp = k0; p < d; p++, kp += w) {
            DoubleVector x0 = DoubleVector.fromArray(S, kt, kp), x1 = DoubleVector.fromArray(S, kt, kp + L), x2 = DoubleVector.fromArray(S, kt, kp + 2 * L);
            DoubleVector b = DoubleVector.broadcast(S, qc[q0 + p]);
            a0 = x0.fma(b, a0); a1 = x1.fma(b, a1); a2 = x2.fma(b, a2);
            b = DoubleVector.broadcast(S, qc[q0 + d + p]);
            b0 = x0.fma(b, b0); b1 = x1.fma(b, b1); b2 = x2.fma(b, b2);
            b = DoubleVector.broadcast(S, qc[q0 + 2 * d + p]);
            c0 = x0.fma(b, c0); c1 = x1.fma(b, c1); c2 = x2.fma(b, c2);
            b = DoubleVector.broadcast(S, qc[q0 + 3 * d + p]);
            d0 = x0.fma(b, d0); d1 = x1.fma(b, d1); d2 = x2.fma(b, d2);
            b = DoubleVector.broadcast(S, qc[q0 + 4 * d + p]);
            e0 = x0.fma(b, e0); e1 = x1.fma(b, e1); e2 = x2.fma(b, e2);
            b = DoubleVector.broadcast(S, qc[q0 + 5 * d + p]);
            f0 = x0.fma(b, f0); f1 = x1.fma(b, f1); f2 = x2.fma(b, f2);
            b = DoubleVector.broadcast(S, qc[q0 + 6 * d + p]);
            g0 = x0.fma(b, g0); g1 = x1.fma(b, g1); g2 = x2.fma(b, g2);
            b = DoubleVector.broadcast(S, qc[q0 + 7 * d + p]);
            h0 = x0.fma(b, h0); h1 = x1.fma(b, h1); h2 = x2.fma(b, h2);
        }
        a0.intoArray(s, s0); a1.intoArray(s, s0 + L); a2.intoArray(s, s0 + 2 * L); s0 += st;
        b0.intoArray(s, s0); b1.intoArray(s, s0 + L); b2.intoArray(s, s0 + 2 * L); s0 += st;
        c0.intoArray(s, s0); c1.intoArray(s, s0 + L); c2.intoArray(s, s0 + 2 * L); s0 += st;
        d0.intoArray(s, s0); d1.intoArray(s, s0 + L); d2.intoArray(s, s0 + 2 * L); s0 += st;
        e0.intoArray(s, s0); e1.intoArray(s, s0 + L); e2.intoArray(s, s0 + 2 * L); s0 += st;
        f0.intoArray(s, s0); f1.intoArray(s, s0 + L); f2.intoArray(s, s0 + 2 * L); s0 += st;
        g0.intoArray(s, s0); g1.intoArray(s, s0 + L); g2.intoArray(s, s0 + 2 * L); s0 += st;
        h0.intoArray(s, s0); h1.intoArray(s, s0 + L); h2.intoArray(s, s0 + 2 * L);
    }

    public static void main(String[] args) {
        int d = 256, panels = 4, w = 3 * L;
        double[] qc = new double[8 * d], kt = new double[panels * d * w], s = new double[8 * panels * w];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < qc.length; i++) qc[i] = r.nextGaussian();
        for (int i = 0; i < kt.length; i++) kt[i] = r.nextGaussian();
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 8; rep++) {
            int reps = 20000;
            double flops = 2.0 * reps * panels * 4 * w * d;
            long t0 = mx.getCurrentThreadCpuTime();
            for (int q = 0; q < reps; q++) for (int t = 0; t < panels; t++) FusedSoftmaxVector.gram4x3(qc, 0, d, kt, t * d * w, s, t * w, panels * w);
            long t1 = mx.getCurrentThreadCpuTime();
            for (int q = 0; q < reps; q++) for (int t = 0; t < panels; t++) gramIdx(qc, 0, d, kt, t * d * w, s, t * w, panels * w);
            long t2 = mx.getCurrentThreadCpuTime();
            double[] vp = new double[panels * w * 48], acc = new double[4 * 48];
            for (int q = 0; q < reps; q++) FusedSoftmaxVector.accumulateValues(s, 0, panels * w, panels * w, vp, 0, panels * w, 48, acc, 0);
            long t3 = mx.getCurrentThreadCpuTime();
            for (int q = 0; q < reps / 2; q++) for (int t = 0; t < panels; t++) gram8x3(qc, 0, d, kt, t * d * w, s, t * w, panels * w);
            long t4 = mx.getCurrentThreadCpuTime();
            System.out.printf("gram8x3 %.1f GFLOP/s%n", flops / (t4 - t3));
            double pvFlops = 2.0 * reps * 4 * panels * w * 48;
            System.out.printf("gram4x3 %.1f GFLOP/s, index-from-p %.1f GFLOP/s, accumulateValues(dv=48) %.1f GFLOP/s (per CPU-second)%n",
                    flops / (t1 - t0), flops / (t2 - t1), pvFlops / (t3 - t2));
        }
    }
}
